/**
 * The worker's message loop (EngineHost) in Node, loading from a loopback "hub" with the Hugging Face
 * URL layout: load phases, progress, the loaded info, a streamed answer, and typed errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { ensureModel, TINY_SCRIPTED } from '../support/models.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { EngineHost } from '../../src/worker/host.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';
import { type UIToWorker, type WorkerToUI } from '../../src/worker/protocol.ts';

// In Node, transformers.js loads ONNX files by path: remote files go through its file cache.
const CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'local-r1-host-'));
env.useFSCache = true;
env.cacheDir = CACHE;

const REPO = 'test-org/tiny-scripted';

function harness() {
  const messages: WorkerToUI[] = [];
  const host = new EngineHost((m) => messages.push(m), {
    baseUrl: 'http://127.0.0.1:1/',
    probe: async () => null, // Node: no WebGPU → the WASM plan, run on onnxruntime-node's CPU EP
    libDevice: () => 'cpu',
    progressIntervalMs: 0,
  });
  const send = (m: UIToWorker) => host.handle(m);
  const of = <T extends WorkerToUI['type']>(type: T, requestId?: string) =>
    messages.filter((m): m is Extract<WorkerToUI, { type: T }> => m.type === type && (!requestId || ('requestId' in m && m.requestId === requestId)));
  return { host, messages, send, of };
}

describe('EngineHost over a loopback hub', () => {
  let hub: HubServer;
  beforeAll(async () => {
    const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);
    hub = await startHubServer({ repos: { [REPO]: dir } });
  });
  afterAll(async () => {
    await hub?.close();
    fs.rmSync(CACHE, { recursive: true, force: true });
  });

  it('loads with phases, progress and a WASM notice, then streams an answer', async () => {
    const h = harness();
    await h.send({ type: 'load', requestId: 'L', source: { kind: 'hub', repo: REPO, host: hub.url }, device: 'auto', dtype: 'auto' });
    const err = h.of('error', 'L')[0];
    expect(err, err?.error.detail).toBeUndefined();
    const phases = h.of('load-phase', 'L').map((m) => m.phase);
    expect(phases[0]).toBe('planning');
    expect(phases).toContain('downloading');
    expect(phases).toContain('compiling');
    expect(phases.at(-1)).toBe('ready');
    expect(h.of('notice', 'L').map((m) => m.notice.code)).toContain('wasm-slow');
    const progress = h.of('download-progress', 'L');
    expect(progress.length).toBeGreaterThan(0);
    const last = progress.at(-1)!;
    // On the CPU the automatic dtype is the 8-bit file.
    expect(last.files.map((f) => f.file)).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']));
    expect(last.loaded).toBe(last.total);
    const loaded = h.of('loaded', 'L')[0]!;
    expect(loaded.info).toMatchObject({ device: 'wasm', dtype: 'q8', adapterName: 'CPU (WASM)', thinkEndTokenId: 151649 });
    // The files really came from the hub layout.
    expect(hub.log.some((e) => e.path.includes(`/${REPO}/resolve/main/onnx/model_quantized.onnx`))).toBe(true);

    await h.send({
      type: 'generate',
      requestId: 'G',
      messages: [{ role: 'user', content: 'What is 2 plus 2?' }],
      sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 300 },
      contextWindow: 4096,
    });
    const start = h.of('generation-start', 'G')[0]!;
    expect(start.promptTokens).toBeGreaterThan(0);
    const tokens = h.of('token', 'G');
    const reasoning = tokens.filter((t) => t.part === 'reasoning').map((t) => t.text).join('');
    const answer = tokens.filter((t) => t.part === 'text').map((t) => t.text).join('');
    expect(reasoning.length).toBeGreaterThan(0);
    expect(answer.length).toBeGreaterThan(0);
    expect(reasoning + answer).not.toMatch(/<\/?think>/);
    expect(h.of('reasoning-end', 'G')).toHaveLength(1);
    const end = h.of('generation-end', 'G')[0]!;
    expect(end.reason).toBe('eos');
    expect(end.raw).toContain('</think>');
    expect(end.stats.generatedTokens).toBe(new Set(tokens.map((t) => t.tokenIndex)).size);

    await h.send({ type: 'unload', requestId: 'U' });
    expect(h.of('unloaded', 'U')).toHaveLength(1);
    await h.send({ type: 'generate', requestId: 'G2', messages: [{ role: 'user', content: 'x' }], sampling: DEFAULT_SAMPLING, contextWindow: 4096 });
    expect(h.of('error', 'G2')[0]!.error.code).toBe('not-loaded');
  });

  it('a stop or an unload posted right after generate ends that answer with nothing generated', async () => {
    const h = harness();
    await h.send({ type: 'load', requestId: 'L', source: { kind: 'hub', repo: REPO, host: hub.url }, device: 'wasm', dtype: 'q4' });
    expect(h.of('loaded', 'L')).toHaveLength(1);
    const ask = (requestId: string) =>
      h.send({
        type: 'generate',
        requestId,
        messages: [{ role: 'user', content: 'What is 2 plus 2?' }],
        sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 300 },
        contextWindow: 4096,
      });
    // The worker handles messages in the order posted, without awaiting one before the next.
    for (const id of ['S1', 'S2', 'S3']) {
      const answer = ask(id);
      void h.send({ type: 'stop' });
      await answer;
      expect(h.of('generation-end', id)[0]?.reason).toBe('stopped');
      expect(h.of('token', id)).toHaveLength(0);
    }
    // Stops belong to the answer they stop: the next one runs to its end.
    await ask('G');
    expect(h.of('generation-end', 'G')[0]?.reason).toBe('eos');

    const last = ask('X');
    const unloaded = h.send({ type: 'unload', requestId: 'U' });
    await Promise.all([last, unloaded]);
    expect(h.of('generation-end', 'X')[0]?.reason).toBe('stopped');
    expect(h.of('token', 'X')).toHaveLength(0);
    expect(h.of('unloaded', 'U')).toHaveLength(1);
    expect(h.host.current).toBeNull();
  });

  it('a missing repo is a missing-file error; a dead host is a network error', async () => {
    const h = harness();
    await h.send({ type: 'load', requestId: 'M', source: { kind: 'hub', repo: 'test-org/nope', host: hub.url }, device: 'wasm', dtype: 'q4' });
    const missing = h.of('error', 'M')[0]!.error;
    expect(missing.code, missing.detail).toBe('missing-file');
    await h.send({ type: 'load', requestId: 'N', source: { kind: 'hub', repo: 'test-org/uncached', host: 'http://127.0.0.1:9/' }, device: 'wasm', dtype: 'q4' });
    const dead = h.of('error', 'N')[0]!.error;
    expect(dead.code, dead.detail).toBe('network');
  });

  it('forcing WebGPU with no adapter is refused with a typed error', async () => {
    const h = harness();
    await h.send({ type: 'load', requestId: 'W', source: { kind: 'hub', repo: REPO, host: hub.url }, device: 'webgpu', dtype: 'auto' });
    expect(h.of('error', 'W')[0]!.error.code).toBe('no-webgpu');
  });

  it('plan lists the files and sizes for the chosen dtype', async () => {
    const h = harness();
    await h.send({ type: 'plan', requestId: 'P', source: { kind: 'hub', repo: REPO, host: hub.url }, device: 'auto', dtype: 'auto' });
    const err = h.of('error', 'P')[0];
    expect(err, err?.error.detail).toBeUndefined();
    const plan = h.of('download-plan', 'P')[0]!.plan;
    expect(plan.files.map((f) => f.file)).toContain('onnx/model_quantized.onnx');
    expect(plan.files.map((f) => f.file)).not.toContain('onnx/model_q4.onnx');
    expect(plan.totalBytes).toBeGreaterThan(0);
  });
});
