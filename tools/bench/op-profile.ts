/**
 * Where a decode step's time goes, per operator type: ONNX Runtime's own profiler on the same model file,
 * in onnxruntime-web's WebAssembly build (the one the app runs, here in Node's V8) and in onnxruntime-node.
 *
 *   npm run bench:ops -- --model models/r1-1.5b-random --dtypes q8,q4f16,q4 --threads 1,2
 *   npm run bench:ops -- --model models/tiny-random --runtimes wasm,wasm-plain --steps 4
 *
 * Runtimes: `wasm` is onnxruntime-web's asyncify build, the one transformers.js loads (so the app's);
 * `wasm-plain` its build without asyncify (no WebGPU); `node` onnxruntime-node on the CPU.
 *
 * Each row: one decode step (one new token after `--past` cached positions), the mean of `--steps` steps after
 * one warm-up step. The session runs the ONNX file directly, without transformers.js around it: what is
 * measured is the graph, not the sampling or the tokenizer.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { profileNative, profileWasm, type ProfileSpec, type Runtime, type WasmBuild } from './op-profile-run.ts';
import { summarise, table, type OpSummary } from './op-profile-events.ts';

const RUNTIMES: Record<string, { runtime: Runtime; build?: WasmBuild; name: string }> = {
  wasm: { runtime: 'wasm', build: 'asyncify', name: 'onnxruntime-web WASM (asyncify, the app\'s)' },
  'wasm-plain': { runtime: 'wasm', build: 'plain', name: 'onnxruntime-web WASM (plain)' },
  node: { runtime: 'node', name: 'onnxruntime-node' },
};

const FILES: Record<string, string> = { q8: 'model_quantized.onnx', q4: 'model_q4.onnx', q4f16: 'model_q4f16.onnx', fp32: 'model.onnx' };

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/r1-1.5b-random' },
    dtypes: { type: 'string', default: 'q8,q4f16,q4' },
    runtimes: { type: 'string', default: 'wasm,wasm-plain,node' },
    threads: { type: 'string', default: '1,2' },
    steps: { type: 'string', default: '3' },
    past: { type: 'string', default: '64' },
    top: { type: 'string', default: '8' },
  },
});

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

async function main(): Promise<void> {
  const results: { label: string; summary: OpSummary }[] = [];
  const failures: string[] = [];
  for (const dtype of list(values.dtypes)) {
    const file = FILES[dtype];
    if (!file) throw new Error(`unknown dtype ${dtype} (one of ${Object.keys(FILES).join(', ')})`);
    for (const key of list(values.runtimes)) {
      const rt = RUNTIMES[key];
      if (!rt) throw new Error(`unknown runtime ${key} (one of ${Object.keys(RUNTIMES).join(', ')})`);
      for (const threads of list(values.threads).map(Number)) {
        const spec: ProfileSpec = {
          file: path.resolve(values.model, 'onnx', file),
          threads,
          steps: Number(values.steps),
          past: Number(values.past),
          build: rt.build,
        };
        const label = `${dtype} · ${rt.name} · ${threads} thread${threads > 1 ? 's' : ''}`;
        console.error(`[ops] ${label} …`);
        const t = performance.now();
        try {
          const events = rt.runtime === 'wasm' ? await profileWasm(spec) : await profileNative(spec);
          const summary = summarise(events, spec.steps);
          console.error(`[ops] ${label}: ${summary.stepMs.toFixed(1)} ms per step (${((performance.now() - t) / 1000).toFixed(0)} s in all)`);
          results.push({ label, summary });
        } catch (e) {
          // A configuration that cannot run (the 1.97 GB q4 file in the 4 GiB wasm heap) is a row, not the end.
          console.error(`[ops] ${label}: failed (${e instanceof Error ? e.message : String(e)})`);
          failures.push(`- ${label}: failed, ${e instanceof Error ? e.message : String(e)} (the child's stderr above says why)`);
        }
      }
    }
  }
  console.log(table(results, Number(values.top)));
  if (failures.length) console.log(failures.join('\n'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
