/**
 * One profiled session for op-profile.ts, in a process of its own: onnxruntime-web reads `numThreads` and
 * its wasm files once per process, so each configuration gets a fresh one.
 *
 *   node --import tsx tools/bench/op-profile-run.ts '<ProfileSpec JSON>' <runtime> <events.json>
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { parseProfile, type ProfileEvent } from './op-profile-events.ts';

export type Runtime = 'wasm' | 'node';
/** onnxruntime-web's two CPU builds: `asyncify` is the one transformers.js (and so the app) loads. */
export type WasmBuild = 'asyncify' | 'plain';

export interface ProfileSpec {
  file: string;
  threads: number;
  steps: number;
  past: number;
  build?: WasmBuild;
}

type TensorCtor = new (type: Tensor.Type, data: Tensor.DataType, dims: readonly number[]) => Tensor;
interface Ort {
  InferenceSession: { create(path: string, options: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: TensorCtor;
}

/** A decode step's feeds: one new token after `past` cached positions (zeros: the cost does not depend on values). */
function decodeFeeds(session: InferenceSession, Tensor: TensorCtor, past: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const meta of session.inputMetadata) {
    const name = meta.name;
    if (name === 'input_ids') feeds[name] = new Tensor('int64', BigInt64Array.from([1n]), [1, 1]);
    else if (name === 'attention_mask') feeds[name] = new Tensor('int64', new BigInt64Array(past + 1).fill(1n), [1, past + 1]);
    else if (name === 'position_ids') feeds[name] = new Tensor('int64', BigInt64Array.from([BigInt(past)]), [1, 1]);
    else if (name.startsWith('past_key_values.') && meta.isTensor) {
      const [, kvHeads, , headDim] = meta.shape as (number | string)[];
      const dims = [1, Number(kvHeads), past, Number(headDim)];
      const n = dims.reduce((a, b) => a * b, 1);
      feeds[name] = meta.type === 'float16' ? new Tensor('float16', new Uint16Array(n), dims) : new Tensor('float32', new Float32Array(n), dims);
    } else throw new Error(`op-profile: no feed for input ${name}`);
  }
  return feeds;
}

async function runSteps(session: InferenceSession, Tensor: TensorCtor, spec: ProfileSpec): Promise<void> {
  const feeds = decodeFeeds(session, Tensor, spec.past);
  for (let i = 0; i <= spec.steps; i++) {
    const out = await session.run(feeds);
    for (const t of Object.values(out)) t.dispose();
  }
}

const SESSION_OPTIONS = { graphOptimizationLevel: 'all', enableProfiling: true } as const;

async function profileWasmHere(spec: ProfileSpec): Promise<void> {
  const ort = (await import('onnxruntime-web')) as unknown as Ort & { env: { wasm: { numThreads: number; wasmPaths?: unknown } } };
  ort.env.wasm.numThreads = spec.threads;
  const dist = path.dirname(fileURLToModule('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  const stem = spec.build === 'plain' ? 'ort-wasm-simd-threaded' : 'ort-wasm-simd-threaded.asyncify';
  ort.env.wasm.wasmPaths = { wasm: pathToFileURL(path.join(dist, `${stem}.wasm`)).href, mjs: pathToFileURL(path.join(dist, `${stem}.mjs`)).href };
  const session = await ort.InferenceSession.create(spec.file, { ...SESSION_OPTIONS, executionProviders: ['wasm'] });
  await runSteps(session, ort.Tensor, spec);
  // The WebAssembly build prints its profile to stdout instead of writing a file: the parent reads it there.
  session.endProfiling();
  await session.release();
}

function fileURLToModule(specifier: string): string {
  return new URL(import.meta.resolve(specifier)).pathname;
}

async function profileNativeHere(spec: ProfileSpec, out: string): Promise<void> {
  const ort = (await import('onnxruntime-node')) as unknown as Ort;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-profile-'));
  const session = await ort.InferenceSession.create(spec.file, {
    ...SESSION_OPTIONS,
    executionProviders: ['cpu'],
    intraOpNumThreads: spec.threads,
    profileFilePrefix: path.join(dir, 'ort'),
  });
  await runSteps(session, ort.Tensor, spec);
  session.endProfiling();
  await session.release();
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.json'));
  if (!file) throw new Error('onnxruntime-node wrote no profile');
  fs.renameSync(path.join(dir, file), out);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs one configuration in a child process and returns its profile events. */
async function inChild(spec: ProfileSpec, runtime: Runtime): Promise<ProfileEvent[]> {
  const out = path.join(os.tmpdir(), `op-profile-${process.pid}-${Date.now()}.json`);
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, JSON.stringify(spec), runtime, out], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stdout: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => stdout.push(b));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`op-profile child (${runtime}, ${spec.threads} threads) exited with ${code}`);
  if (runtime === 'wasm') return parseProfile(Buffer.concat(stdout).toString('utf8'));
  const events = parseProfile(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  return events;
}

export const profileWasm = (spec: ProfileSpec) => inChild(spec, 'wasm');
export const profileNative = (spec: ProfileSpec) => inChild(spec, 'node');

if (process.argv[1] === import.meta.filename) {
  const [specJson, runtime, out] = process.argv.slice(2) as [string, Runtime, string];
  const spec = JSON.parse(specJson) as ProfileSpec;
  if (runtime === 'wasm') await profileWasmHere(spec);
  else await profileNativeHere(spec, out);
  process.exit(0);
}
