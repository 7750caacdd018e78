/**
 * Reproduction of the WebGPU attention error the Hardware page's correctness check found:
 * `com.microsoft::MultiHeadAttention` on onnxruntime-web's WebGPU EP vs its WASM (CPU) EP, one node per
 * model, against a plain JavaScript reference and against a JavaScript model of ORT's WebGPU
 * FlashAttention prefill shader (`tools/bench/mha-reference.ts`).
 *
 * Finding (onnxruntime-web 1.31.0-dev.20260914-8d85527a0, Debian Chromium 156, SwiftShader):
 * - ORT's WebGPU MHA always takes its flash-attention path: passes of < 32 new tokens run the
 *   split-reduce kernels (`FlashAttentionDecodeQKV` + `…VxReduce`), passes of ≥ 32 the `FlashAttention`
 *   prefill kernel (`use_split_reduce = sequence_length < 32` in flash_attention.cc). Only the latter is wrong.
 * - Two faults meet in that kernel's subgroup-shuffle variant (taken on every adapter with subgroups
 *   except NVIDIA and Apple, which get a shared-memory variant):
 *   1. it assumes subgroups of ≥ 8 lanes; SwiftShader's have 4 (`subgroupMinSize = subgroupMaxSize = 4`),
 *      so each key step also scores 4 phantom keys (`subgroupShuffle` from lanes 4…7 returns lane 3);
 *   2. its score accumulators are `var qk_1 : vec4<…>;` declared without initializer inside the key loop,
 *      and Chromium 156's Tint SPIR-V writer zero-initialises such a variable once, at function entry
 *      (OpVariable initializer, no store at the declaration; seen with Dawn's dump_shaders toggle), so on
 *      the Vulkan backend the scores of one key step leak into the next. WGSL says it is zero each iteration.
 *   The GPU output equals the emulated kernel with both faults to ~1e-7 in every case below.
 * - Nothing else matters: head size, head count, bias shape (`[B,1,S,T]` or `[B,H,S,T]`), no bias,
 *   `unidirectional`, past keys (concatenated K/V or `past_key`/`past_value` inputs) all fail the same way
 *   at S ≥ 32 and pass at S ≤ 31, past length 300 included. (fp16 needs shader-f16, which SwiftShader
 *   lacks.) Hiding `subgroups` (and `subgroup-size-control`, which brings it along) from ORT selects the
 *   shared-memory variant, whose variables are all initialised: correct at every S.
 * - Fault 2 is not SwiftShader's: any Vulkan driver runs that SPIR-V the same way, so AMD, Intel, Qualcomm
 *   and Arm GPUs under Chromium's Vulkan backend (Linux, ChromeOS, Android) would get wrong prefills too.
 *   The engine therefore tests the kernel at load (src/engine/attention-check.ts) and caps WebGPU passes
 *   at 31 tokens where it fails.
 *
 *   npx tsx tools/bench/mha-webgpu-repro.ts                 # the whole matrix (about 2 minutes)
 *   npx tsx tools/bench/mha-webgpu-repro.ts --case base     # one case; --list shows them
 *   npx tsx tools/bench/mha-webgpu-repro.ts --heads 12 --head-size 128 --past 40 --bias bh --kv past \
 *       --sizes 16,31,32,64 [--dtype fp16] [--unidirectional] [--hide-subgroups] [--json out.json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import pkg from 'onnx-proto';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { REPO_ROOT } from '../../test/support/models.ts';
import { startStaticServer } from '../serve/static-server.ts';
import { attentionReference, causalBias, compareRows, emulateOrtFlashPrefill, type AttentionCase } from './mha-reference.ts';

const { onnx } = pkg;

export interface ReproCase {
  name: string;
  heads: number;
  headSize: number;
  /** New tokens per pass (query rows). */
  sizes: number[];
  /** Past tokens before the pass (the key length is past + S). */
  past: number;
  /** `b1`: `[1,1,S,T]` (broadcast over heads), `bh`: `[1,H,S,T]` (what the generator feeds), or none. */
  bias: 'none' | 'b1' | 'bh';
  /** `concat`: k/v hold all T rows (the generator's graph); `past`: k/v hold S rows, past via past_key/past_value. */
  kv: 'concat' | 'past';
  dtype: 'fp32' | 'fp16';
  unidirectional: boolean;
  /** Hide the adapter's `subgroups` (and `subgroup-size-control`) features from ORT. */
  hideSubgroups: boolean;
}

const BASE: ReproCase = { name: 'base', heads: 4, headSize: 16, sizes: [4, 16, 31, 32, 33, 64, 100], past: 0, bias: 'b1', kv: 'concat', dtype: 'fp32', unidirectional: false, hideSubgroups: false };
const NEAR = [16, 31, 32, 64];

export const MATRIX: ReproCase[] = [
  BASE,
  { ...BASE, name: 'no-bias', bias: 'none', sizes: NEAR },
  { ...BASE, name: 'bias-per-head', bias: 'bh', sizes: NEAR },
  { ...BASE, name: 'head-size-8', headSize: 8, sizes: NEAR },
  { ...BASE, name: 'head-size-64', headSize: 64, sizes: NEAR },
  { ...BASE, name: 'heads-1', heads: 1, sizes: NEAR },
  { ...BASE, name: 'r1-1.5b-shape', heads: 12, headSize: 128, bias: 'bh', sizes: [31, 32] },
  { ...BASE, name: 'past-concat', past: 40, bias: 'bh', sizes: [1, 16, 31, 32, 64] },
  { ...BASE, name: 'past-inputs', past: 40, kv: 'past', sizes: [1, 31, 32, 64] },
  { ...BASE, name: 'long-past', past: 300, bias: 'bh', sizes: [1, 8, 31, 32] },
  { ...BASE, name: 'fp16', dtype: 'fp16', sizes: [16, 32] },
  { ...BASE, name: 'unidirectional', bias: 'none', unidirectional: true, sizes: [16, 32] },
  { ...BASE, name: 'no-subgroups', hideSubgroups: true, sizes: [16, 31, 32, 64, 100] },
  { ...BASE, name: 'no-subgroups-past', hideSubgroups: true, past: 40, bias: 'bh', sizes: [31, 32, 64] },
];

export interface ReproRow {
  case: string;
  S: number;
  T: number;
  /** ORT WebGPU kernels the pass dispatched (shader labels), or the error. */
  kernels: string;
  wasm: { maxAbsDiff: number; firstWrongRow: number } | { error: string };
  webgpu: { maxAbsDiff: number; firstWrongRow: number } | { error: string };
  /** WebGPU against the emulated prefill shader with the adapter's subgroup size (when that kernel ran). */
  webgpuVsEmulated?: { maxAbsDiff: number; firstWrongRow: number };
}

export interface AdapterFacts {
  vendor: string;
  architecture: string;
  subgroupMinSize: number;
  subgroupMaxSize: number;
  features: string[];
  /** `var acc: f32; acc += 1.0;` in a 4-iteration loop: [1,1,1,1] per WGSL; [1,2,3,4] when not re-zeroed. */
  loopVarValues: number[];
}

const T_ = onnx.TensorProto.DataType;
const INT = onnx.AttributeProto.AttributeType.INT;
const FLOAT = onnx.AttributeProto.AttributeType.FLOAT;

export function buildModel(c: ReproCase): Uint8Array {
  const hidden = c.heads * c.headSize;
  const elem = c.dtype === 'fp16' ? T_.FLOAT16 : T_.FLOAT;
  const vi = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  const kvRows = c.kv === 'concat' ? 'T' : 'S';
  const inputs = [vi('q', [1, 'S', hidden]), vi('k', [1, kvRows, hidden]), vi('v', [1, kvRows, hidden])];
  const mhaInputs = ['q', 'k', 'v', '', ''];
  if (c.bias !== 'none') {
    inputs.push(vi('bias', [1, c.bias === 'b1' ? 1 : c.heads, 'S', 'T']));
    mhaInputs.push('bias');
  } else if (c.kv === 'past') mhaInputs.push('');
  const outputs = [vi('out', [1, 'S', hidden])];
  const mhaOutputs = ['out'];
  if (c.kv === 'past') {
    inputs.push(vi('past_key', [1, c.heads, 'P', c.headSize]), vi('past_value', [1, c.heads, 'P', c.headSize]));
    mhaInputs.push('past_key', 'past_value');
    outputs.push(vi('present_key', [1, c.heads, 'T', c.headSize]), vi('present_value', [1, c.heads, 'T', c.headSize]));
    mhaOutputs.push('present_key', 'present_value');
  }
  const attribute = [
    { name: 'num_heads', type: INT, i: c.heads },
    { name: 'scale', type: FLOAT, f: 1 / Math.sqrt(c.headSize) },
    ...(c.unidirectional ? [{ name: 'unidirectional', type: INT, i: 1 }] : []),
  ];
  const model = {
    irVersion: 8,
    producerName: 'local-r1 mha repro',
    opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
    graph: {
      name: 'mha',
      input: inputs,
      output: outputs,
      node: [{ opType: 'MultiHeadAttention', domain: 'com.microsoft', input: mhaInputs, output: mhaOutputs, attribute }],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

/** Deterministic inputs and the JavaScript reference for one pass. */
export function makeCase(c: ReproCase, S: number, seed: number): AttentionCase {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648 - 0.5) * 2;
  };
  const T = c.past + S;
  const hidden = c.heads * c.headSize;
  const mk = (rows: number) => Float32Array.from({ length: rows * hidden }, rnd);
  const ac: AttentionCase = { heads: c.heads, headSize: c.headSize, S, T, q: mk(S), k: mk(T), v: mk(T) };
  if (c.dtype === 'fp16') for (const a of [ac.q, ac.k, ac.v]) a.set(a.map((n) => Math.fround(toF16(n))));
  if (c.bias !== 'none' || c.unidirectional) {
    const one = causalBias(S, T);
    const heads = c.bias === 'bh' ? c.heads : 1;
    const data = new Float32Array(heads * S * T);
    for (let h = 0; h < heads; h++) data.set(one, h * S * T);
    ac.bias = { heads, data };
  }
  return ac;
}

/** Round to the nearest float16 value (for fp16 cases, so the reference sees the same inputs). */
function toF16(n: number): number {
  const f = new Float32Array([n]);
  const u = new Uint32Array(f.buffer);
  u[0] = (u[0]! + 0x1000) & 0xffffe000; // keep 10 mantissa bits (no subnormal/overflow care needed for |n| ≤ 1)
  return f[0]!;
}

/** KV-head-major `[1, H, rows, D]` from token-major `[rows, H·D]`. */
function toBnsh(a: Float32Array, heads: number, D: number, from: number, to: number): Float32Array {
  const out = new Float32Array(heads * (to - from) * D);
  for (let h = 0; h < heads; h++)
    for (let r = from; r < to; r++) for (let d = 0; d < D; d++) out[(h * (to - from) + (r - from)) * D + d] = a[r * heads * D + h * D + d]!;
  return out;
}

interface Feed {
  name: string;
  data: number[];
  dims: number[];
}

export function feedsFor(c: ReproCase, ac: AttentionCase): Feed[] {
  const hidden = c.heads * c.headSize;
  const { S, T } = ac;
  const feeds: Feed[] = [{ name: 'q', data: Array.from(ac.q), dims: [1, S, hidden] }];
  if (c.kv === 'concat') {
    feeds.push({ name: 'k', data: Array.from(ac.k), dims: [1, T, hidden] }, { name: 'v', data: Array.from(ac.v), dims: [1, T, hidden] });
  } else {
    const P = c.past;
    feeds.push(
      { name: 'k', data: Array.from(ac.k.subarray(P * hidden)), dims: [1, S, hidden] },
      { name: 'v', data: Array.from(ac.v.subarray(P * hidden)), dims: [1, S, hidden] },
      { name: 'past_key', data: Array.from(toBnsh(ac.k, c.heads, c.headSize, 0, P)), dims: [1, c.heads, P, c.headSize] },
      { name: 'past_value', data: Array.from(toBnsh(ac.v, c.heads, c.headSize, 0, P)), dims: [1, c.heads, P, c.headSize] },
    );
  }
  if (c.bias !== 'none' && ac.bias) feeds.push({ name: 'bias', data: Array.from(ac.bias.data), dims: [1, ac.bias.heads, S, T] });
  return feeds;
}

/** Page hooks: record which shader each compute pass dispatches; optionally hide `subgroups`. */
function initScript(hideSubgroups: boolean): string {
  return `
globalThis.__name = (f) => f;
globalThis.__kernels = [];
const labels = new WeakMap();
const csm = GPUDevice.prototype.createShaderModule;
GPUDevice.prototype.createShaderModule = function (d) { const m = csm.call(this, d); labels.set(m, d.label || '?'); return m; };
for (const n of ['createComputePipeline', 'createComputePipelineAsync']) {
  const f = GPUDevice.prototype[n];
  GPUDevice.prototype[n] = function (d) {
    const r = f.call(this, d);
    const l = labels.get(d.compute.module);
    if (r instanceof Promise) return r.then((p) => (labels.set(p, l), p));
    labels.set(r, l);
    return r;
  };
}
const sp = GPUComputePassEncoder.prototype.setPipeline;
GPUComputePassEncoder.prototype.setPipeline = function (p) { globalThis.__kernels.push(labels.get(p) || '?'); return sp.call(this, p); };
if (${hideSubgroups}) {
  const fd = Object.getOwnPropertyDescriptor(GPUAdapter.prototype, 'features');
  Object.defineProperty(GPUAdapter.prototype, 'features', { get() { return new Set([...fd.get.call(this)].filter((f) => f !== 'subgroups' && f !== 'subgroup-size-control')); } });
}`;
}

type RunOut = { out?: number[]; kernels: string[]; error?: string };

export async function openPage(browser: Browser, url: string, hideSubgroups: boolean): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(initScript(hideSubgroups));
  await page.goto(url);
  await page.evaluate(async () => {
    const ort = (await import('/ort/ort.webgpu.bundle.min.mjs' as string)) as { env: { wasm: { wasmPaths: unknown }; logLevel: string } };
    ort.env.wasm.wasmPaths = { mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs', wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm' };
    ort.env.logLevel = 'error';
    (globalThis as unknown as { __ort: unknown }).__ort = ort;
  });
  return page;
}

async function adapterFacts(page: Page): Promise<AdapterFacts> {
  return page.evaluate(async () => {
    const a = await navigator.gpu.requestAdapter();
    if (!a) throw new Error('no WebGPU adapter');
    const info = a.info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
    // WGSL: a `var` without initializer declared in a loop body is zero at every iteration.
    const device = await a.requestDevice();
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> o: array<f32, 4>;
        @compute @workgroup_size(1) fn main() { for (var i = 0u; i < 4u; i++) { var acc: f32; acc += 1.0; o[i] = acc; } }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const buf = device.createBuffer({ size: 16, usage: 0x80 | 0x4 /* STORAGE | COPY_SRC */ });
    const read = device.createBuffer({ size: 16, usage: 0x1 | 0x8 /* MAP_READ | COPY_DST */ });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] }));
    pass.dispatchWorkgroups(1);
    pass.end();
    enc.copyBufferToBuffer(buf, 0, read, 0, 16);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(1 /* GPUMapMode.READ */);
    const loopVarValues = [...new Float32Array(read.getMappedRange())];
    device.destroy();
    return {
      vendor: info.vendor,
      architecture: info.architecture,
      subgroupMinSize: info.subgroupMinSize ?? 0,
      subgroupMaxSize: info.subgroupMaxSize ?? 0,
      features: [...a.features].sort(),
      loopVarValues,
    };
  });
}

export async function runInPage(page: Page, modelUrl: string, ep: 'wasm' | 'webgpu', feeds: Feed[], fp16: boolean): Promise<RunOut> {
  return page.evaluate(
    async ({ modelUrl, ep, feeds, fp16 }) => {
      type OrtTensor = { data: ArrayLike<number> };
      type Ort = {
        InferenceSession: { create(url: string, o: unknown): Promise<{ run(f: unknown): Promise<Record<string, OrtTensor>>; release(): Promise<void> }> };
        Tensor: new (t: string, d: unknown, dims: number[]) => unknown;
      };
      const g = globalThis as unknown as { __ort: Ort; __kernels: string[]; Float16Array?: new (a: number[]) => unknown };
      const ort = g.__ort;
      let session: Awaited<ReturnType<Ort['InferenceSession']['create']>> | undefined;
      try {
        session = await ort.InferenceSession.create(modelUrl, { executionProviders: [ep] });
        const inputs: Record<string, unknown> = {};
        for (const f of feeds) {
          inputs[f.name] = fp16 ? new ort.Tensor('float16', new g.Float16Array!(f.data), f.dims) : new ort.Tensor('float32', new Float32Array(f.data), f.dims);
        }
        g.__kernels = [];
        const res = await session.run(inputs);
        const kernels = [...new Set(g.__kernels)];
        return { out: Array.from(res.out!.data, Number), kernels };
      } catch (e) {
        return { error: (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160), kernels: [] };
      } finally {
        await session?.release();
      }
    },
    { modelUrl, ep, feeds, fp16 },
  );
}

export async function runRepro(cases: ReproCase[]): Promise<{ adapter: AdapterFacts; chromium: string; rows: ReproRow[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mha-repro-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>mha</title>');
  // The static server lists its files when it starts: write every model first.
  for (const [ci, c] of cases.entries()) fs.writeFileSync(path.join(dir, `case${ci}.onnx`), buildModel(c));
  const server = await startStaticServer({ root: dir, mounts: { '/ort/': path.join(REPO_ROOT, 'node_modules/onnxruntime-web/dist') } });
  const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: true }));
  const rows: ReproRow[] = [];
  try {
    const pages = new Map<boolean, Page>();
    const pageFor = async (hide: boolean) => {
      let p = pages.get(hide);
      if (!p) pages.set(hide, (p = await openPage(browser, `${server.url}index.html`, hide)));
      return p;
    };
    const adapter = await adapterFacts(await pageFor(false));
    for (const [ci, c] of cases.entries()) {
      const page = await pageFor(c.hideSubgroups);
      for (const S of c.sizes) {
        const ac = makeCase(c, S, 1 + ci * 1000 + S);
        const ref = attentionReference(ac);
        const feeds = feedsFor(c, ac);
        const hidden = c.heads * c.headSize;
        const tol = c.dtype === 'fp16' ? 1e-2 : 1e-3;
        const score = (r: RunOut) => (r.out ? compareRows(r.out, ref, hidden, tol) : { error: r.error ?? 'no output' });
        const cpu = await runInPage(page, `/case${ci}.onnx`, 'wasm', feeds, c.dtype === 'fp16');
        const gpu = await runInPage(page, `/case${ci}.onnx`, 'webgpu', feeds, c.dtype === 'fp16');
        const row: ReproRow = {
          case: c.name,
          S,
          T: ac.T,
          kernels: gpu.error ? 'error' : gpu.kernels.join('+'),
          wasm: score(cpu),
          webgpu: score(gpu),
        };
        if (gpu.out && gpu.kernels.includes('FlashAttention') && !c.hideSubgroups) {
          row.webgpuVsEmulated = compareRows(gpu.out, emulateOrtFlashPrefill(ac, adapter.subgroupMinSize, true), hidden, tol);
        }
        rows.push(row);
      }
    }
    return { adapter, chromium: browser.version(), rows };
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function fmt(r: ReproRow['wasm'] | undefined): string {
  if (!r) return '—';
  if ('error' in r) return `error: ${r.error}`;
  return `${r.maxAbsDiff.toExponential(1)} ${r.firstWrongRow < 0 ? 'ok' : `wrong from row ${r.firstWrongRow}`}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      case: { type: 'string' },
      list: { type: 'boolean', default: false },
      heads: { type: 'string' },
      'head-size': { type: 'string' },
      sizes: { type: 'string' },
      past: { type: 'string' },
      bias: { type: 'string' },
      kv: { type: 'string' },
      dtype: { type: 'string' },
      unidirectional: { type: 'boolean', default: false },
      'hide-subgroups': { type: 'boolean', default: false },
      'no-bias': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  if (values.list) {
    for (const c of MATRIX) console.log(c.name.padEnd(18), JSON.stringify({ ...c, name: undefined }));
    return;
  }
  const custom = ['heads', 'head-size', 'sizes', 'past', 'bias', 'kv', 'dtype'].some((k) => values[k as keyof typeof values] !== undefined) || values.unidirectional || values['hide-subgroups'] || values['no-bias'];
  let cases: ReproCase[];
  if (values.case) {
    cases = MATRIX.filter((c) => c.name === values.case);
    if (!cases.length) throw new Error(`no case ${values.case}; --list shows them`);
  } else if (custom) {
    cases = [
      {
        name: 'custom',
        heads: Number(values.heads ?? BASE.heads),
        headSize: Number(values['head-size'] ?? BASE.headSize),
        sizes: values.sizes ? values.sizes.split(',').map(Number) : BASE.sizes,
        past: Number(values.past ?? 0),
        bias: values['no-bias'] ? 'none' : ((values.bias as ReproCase['bias'] | undefined) ?? 'b1'),
        kv: (values.kv as ReproCase['kv'] | undefined) ?? 'concat',
        dtype: (values.dtype as ReproCase['dtype'] | undefined) ?? 'fp32',
        unidirectional: values.unidirectional,
        hideSubgroups: values['hide-subgroups'],
      },
    ];
  } else cases = MATRIX;

  const result = await runRepro(cases);
  const a = result.adapter;
  console.log(
    `MultiHeadAttention, WebGPU vs WASM vs a JS reference; Chromium ${result.chromium}, adapter ${a.vendor} ${a.architecture}, subgroups ${a.features.includes('subgroups') ? `of ${a.subgroupMinSize}–${a.subgroupMaxSize} lanes` : 'absent'}, shader-f16 ${a.features.includes('shader-f16') ? 'yes' : 'no'}`,
  );
  const carried = a.loopVarValues.some((v) => v !== 1);
  console.log(`A WGSL loop-body \`var acc: f32; acc += 1.0;\` reads ${JSON.stringify(a.loopVarValues)} over 4 iterations: ${carried ? 'NOT re-zeroed per iteration (WGSL says [1,1,1,1])' : 're-zeroed, as WGSL says'}`);
  console.log(`max |Δ| against the reference; the last column: WebGPU against the emulated prefill kernel (${a.subgroupMinSize}-lane subgroups, score accumulators carried across key steps)`);
  console.log(['case'.padEnd(18), 'S'.padStart(4), 'T'.padStart(4), 'ORT WebGPU kernels'.padEnd(46), 'WASM'.padEnd(24), 'WebGPU'.padEnd(26), 'WebGPU vs emulated'].join(' '));
  for (const r of result.rows) {
    console.log([r.case.padEnd(18), String(r.S).padStart(4), String(r.T).padStart(4), r.kernels.slice(0, 46).padEnd(46), fmt(r.wasm).padEnd(24), fmt(r.webgpu).padEnd(26), fmt(r.webgpuVsEmulated)].join(' '));
  }
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(result, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('mha-webgpu-repro.ts')) {
  await main();
}
