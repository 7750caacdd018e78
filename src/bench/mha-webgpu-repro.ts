/**
 * A one-node reproduction of the WebGPU attention discrepancy the Hardware page's correctness check
 * found: `com.microsoft::MultiHeadAttention` on onnxruntime-web's WebGPU EP vs its WASM (CPU) EP, for
 * passes of S new tokens (q, k, v `[1, S, heads × head]`, a causal additive bias `[1, 1, S, S]`), both
 * against a plain JavaScript reference. On SwiftShader (Chromium 156, onnxruntime-web 1.31.0-dev) WASM
 * matches the reference to ~1e-7 for every S; WebGPU does for S ≤ 31 and is wrong (|Δ| ≈ 0.4) for S ≥ 32.
 *
 *   npx tsx src/bench/mha-webgpu-repro.ts [--heads 4] [--head-size 16] [--no-bias]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import pkg from 'onnx-proto';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { REPO_ROOT } from '../../test/support/models.ts';
import { startStaticServer } from '../cli/static-server.ts';

const { onnx } = pkg;
const { values } = parseArgs({
  options: {
    heads: { type: 'string', default: '4' },
    'head-size': { type: 'string', default: '16' },
    'no-bias': { type: 'boolean', default: false },
  },
});
const heads = Number(values.heads);
const hidden = heads * Number(values['head-size']);
const bias = !values['no-bias'];
const SIZES = [4, 16, 31, 32, 33, 64];

const T = onnx.TensorProto.DataType;
const vi = (name: string, dims: (number | string)[]) => ({
  name,
  type: { tensorType: { elemType: T.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});
const model = {
  irVersion: 8,
  producerName: 'local-r1 mha repro',
  opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
  graph: {
    name: 'mha',
    input: [vi('q', [1, 'S', hidden]), vi('k', [1, 'S', hidden]), vi('v', [1, 'S', hidden]), ...(bias ? [vi('bias', [1, 1, 'S', 'S'])] : [])],
    output: [vi('out', [1, 'S', hidden])],
    node: [
      {
        opType: 'MultiHeadAttention',
        domain: 'com.microsoft',
        input: bias ? ['q', 'k', 'v', '', '', 'bias'] : ['q', 'k', 'v'],
        output: ['out'],
        attribute: [
          { name: 'num_heads', type: onnx.AttributeProto.AttributeType.INT, i: heads },
          { name: 'scale', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1 / Math.sqrt(hidden / heads) },
        ],
      },
    ],
  },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mha-repro-'));
fs.writeFileSync(path.join(dir, 'mha.onnx'), onnx.ModelProto.encode(model).finish());
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>mha</title>');
const ortDist = path.join(REPO_ROOT, 'node_modules/onnxruntime-web/dist');
const server = await startStaticServer({ root: dir, mounts: { '/ort/': ortDist } });
const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: true }));
try {
  const page = await browser.newPage();
  // tsx (esbuild keepNames) wraps named inner functions in `__name(...)`, which the page does not have.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(`${server.url}index.html`);
  const rows = await page.evaluate(
    async ([sizes, hiddenSize, withBias, heads]) => {
      type Ort = {
        env: { wasm: { wasmPaths: unknown } };
        InferenceSession: { create(url: string, o: unknown): Promise<{ run(f: unknown): Promise<Record<string, { data: Float32Array }>> }> };
        Tensor: new (t: string, d: Float32Array, dims: number[]) => unknown;
      };
      const ort = (await import('/ort/ort.webgpu.bundle.min.mjs' as string)) as Ort;
      ort.env.wasm.wasmPaths = { mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs', wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm' };
      const cpu = await ort.InferenceSession.create('/mha.onnx', { executionProviders: ['wasm'] });
      const gpu = await ort.InferenceSession.create('/mha.onnx', { executionProviders: ['webgpu'] });
      let seed = 1;
      const rnd = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648 - 0.5;
      };
      const out: { S: number; cpu: number; gpu: number; cpuWrongRow: number; gpuWrongRow: number }[] = [];
      for (const S of sizes) {
        const mk = () => new Float32Array(S * hiddenSize).map(() => rnd() * 2);
        const [q, k, v] = [mk(), mk(), mk()];
        const mask = new Float32Array(S * S).map((_, i) => (i % S > Math.floor(i / S) ? -10000 : 0));
        const feeds = () => ({
          q: new ort.Tensor('float32', q, [1, S, hiddenSize]),
          k: new ort.Tensor('float32', k, [1, S, hiddenSize]),
          v: new ort.Tensor('float32', v, [1, S, hiddenSize]),
          ...(withBias ? { bias: new ort.Tensor('float32', mask, [1, 1, S, S]) } : {}),
        });
        const a = (await cpu.run(feeds())).out!.data;
        const b = (await gpu.run(feeds())).out!.data;
        // Plain JavaScript reference: softmax(q·kᵀ·scale + bias)·v per head.
        const H = heads;
        const D = hiddenSize / H;
        const ref = new Float32Array(S * hiddenSize);
        for (let h = 0; h < H; h++) {
          for (let i = 0; i < S; i++) {
            const w = new Float64Array(S);
            let max = -Infinity;
            for (let j = 0; j < S; j++) {
              let dot = 0;
              for (let d = 0; d < D; d++) dot += q[i * hiddenSize + h * D + d]! * k[j * hiddenSize + h * D + d]!;
              w[j] = dot / Math.sqrt(D) + (withBias ? mask[i * S + j]! : 0);
              max = Math.max(max, w[j]!);
            }
            let sum = 0;
            for (let j = 0; j < S; j++) sum += w[j] = Math.exp(w[j]! - max);
            for (let d = 0; d < D; d++) {
              let acc = 0;
              for (let j = 0; j < S; j++) acc += (w[j]! / sum) * v[j * hiddenSize + h * D + d]!;
              ref[i * hiddenSize + h * D + d] = acc;
            }
          }
        }
        const worst = (x: Float32Array) => {
          let m = 0;
          let row = -1;
          for (let i = 0; i < x.length; i++) {
            const d = Math.abs(x[i]! - ref[i]!);
            if (d > m) m = d;
            if (d > 1e-3 && row < 0) row = Math.floor(i / hiddenSize);
          }
          return { m, row };
        };
        const c = worst(a);
        const g = worst(b);
        out.push({ S, cpu: c.m, gpu: g.m, cpuWrongRow: c.row, gpuWrongRow: g.row });
      }
      return out;
    },
    [SIZES, hidden, bias, heads] as const,
  );
  console.log(`MultiHeadAttention, ${heads} heads × ${hidden / heads}, ${bias ? 'causal attention_bias' : 'no bias'}; Chromium ${browser.version()}; max |Δ| against a plain JS reference:`);
  const verdict = (m: number, row: number) => `${m.toExponential(2)} ${row < 0 ? 'ok   ' : `wrong from row ${row}`}`;
  for (const r of rows) console.log(`S=${String(r.S).padStart(3)}  WASM ${verdict(r.cpu, r.cpuWrongRow)}  WebGPU ${verdict(r.gpu, r.gpuWrongRow)}`);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
