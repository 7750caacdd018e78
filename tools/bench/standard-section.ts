/** The standard section: load, warm-up, prefill and decode per runtime and dtype, the browser and Node side by side. */
import fs from 'node:fs';
import path from 'node:path';
import type { Dtype, GpuInfo } from '../../src/core/index.ts';
import { onnxFileFor } from '../../src/engine/external-split.ts';
import type { EnginePage } from '../../test/support/engine-page/build.ts';
import { MODELS_DIR } from '../../test/support/models.ts';
import { BrowserEngine } from './browser-engine.ts';
import { nativeStandard } from './native.ts';
import { modelName, type BenchPlan, type Runtime, type Shape } from './plan.ts';
import { withSummary, type StandardRow } from './report.ts';
import { errText, log, withTimeout } from './run-log.ts';

const isF16 = (d: Dtype) => d === 'q4f16' || d === 'fp16';

/** Why a browser runtime cannot run `dtype` here, decided before loading (null: try it). */
export function skipReason(runtime: Runtime, dtype: Dtype, gpu: GpuInfo | null): string | null {
  if (runtime !== 'webgpu') return null;
  if (!gpu?.adapterFound) return 'no WebGPU adapter';
  if (isF16(dtype) && !gpu.features.includes('shader-f16')) return 'the adapter has no shader-f16 (q4f16 needs it)';
  return null;
}

/** Load a model into a browser engine: same-origin like the app for the tiny model, picked files for r1-1.5b. */
export async function browserLoad(e: BrowserEngine, shape: Shape, dir: string, runtime: 'webgpu' | 'wasm', dtype: Dtype) {
  // The 1.4–2 GB real-size files are read in place (as a user's picked folder), not copied into OPFS first.
  return shape === 'tiny' ? e.load(modelName(shape), runtime, dtype) : e.loadFolder(dir, runtime, dtype);
}

/** Why a model folder cannot run `dtype` at all (its file is not there), or null. */
function missingFile(dir: string, dtype: Dtype): string | null {
  return fs.existsSync(path.join(dir, onnxFileFor(dtype))) ? null : `no ${onnxFileFor(dtype)} in ${path.basename(dir)}`;
}

async function nativeRows(shape: Shape, dir: string, plan: BenchPlan, runTimeout: number): Promise<StandardRow[]> {
  const spec = plan.standard[shape];
  const rows: StandardRow[] = [];
  for (const dtype of plan.dtypes) {
    const missing = missingFile(dir, dtype);
    if (missing) {
      rows.push({ shape, dtype, runtime: 'node', status: 'skipped', reason: missing, spec });
      continue;
    }
    log(`standard ${shape} ${dtype} node`);
    try {
      const r = await withTimeout(nativeStandard(dir, dtype, spec), runTimeout, 'the Node run');
      rows.push(withSummary({ shape, dtype, runtime: 'node', status: 'ok', spec, loadMs: r.loadMs, warmupMs: r.warmupMs, runs: r.runs }));
    } catch (e) {
      rows.push({ shape, dtype, runtime: 'node', status: 'failed', reason: errText(e), spec });
    }
  }
  return rows;
}

/** One browser runtime (and, on WASM, one thread count) over the dtypes: a fresh browser, reused while loads succeed. */
async function browserRows(
  shape: Shape,
  dir: string,
  runtime: 'webgpu' | 'wasm',
  threads: number | null,
  ctx: { plan: BenchPlan; page: EnginePage; gpu: GpuInfo | null },
): Promise<StandardRow[]> {
  const spec = ctx.plan.standard[shape];
  const loadTimeout = shape === 'tiny' ? 180_000 : 600_000;
  const runTimeout = shape === 'tiny' ? 300_000 : 600_000;
  const rows: StandardRow[] = [];
  const base = { shape, runtime, spec, ...(threads !== null ? { threads } : {}) };
  let engine: BrowserEngine | null = null;
  for (const dtype of ctx.plan.dtypes) {
    const skip = missingFile(dir, dtype) ?? skipReason(runtime, dtype, ctx.gpu);
    if (skip) {
      rows.push({ ...base, dtype, status: 'skipped', reason: skip });
      continue;
    }
    log(`standard ${shape} ${dtype} ${runtime}${threads !== null ? `, ${threads} thread(s)` : ''}`);
    try {
      if (!engine) {
        engine = await BrowserEngine.open({ page: ctx.page, modelsDir: MODELS_DIR, webgpu: runtime === 'webgpu' });
        if (threads !== null) await engine.setWasmThreads(threads);
      }
      const info = await withTimeout(browserLoad(engine, shape, dir, runtime, dtype), loadTimeout, 'loading');
      const r = await withTimeout(engine.request({ type: 'benchmark', spec }, 'benchmark-result'), runTimeout, 'the benchmark');
      const ran = info.wasmThreads !== undefined ? { threads: info.wasmThreads } : {};
      rows.push(withSummary({ ...base, ...ran, dtype, status: 'ok', loadMs: info.loadMs, warmupMs: info.warmupMs, runs: r.runs }));
      await withTimeout(engine.unload(), 60_000, 'unloading');
    } catch (e) {
      rows.push({ ...base, dtype, status: 'failed', reason: errText(e) });
      // A failed load can leave the worker unusable (a wasm heap that never shrinks): start afresh.
      await engine?.close();
      engine = null;
    }
  }
  await engine?.close();
  return rows;
}

export async function standardSection(plan: BenchPlan, dirs: Record<Shape, string>, page: EnginePage, gpu: GpuInfo | null): Promise<StandardRow[]> {
  const rows: StandardRow[] = [];
  for (const shape of plan.shapes) {
    for (const runtime of plan.runtimes) {
      if (runtime === 'node') rows.push(...(await nativeRows(shape, dirs[shape], plan, shape === 'tiny' ? 300_000 : 600_000)));
      else if (runtime === 'webgpu') rows.push(...(await browserRows(shape, dirs[shape], runtime, null, { plan, page, gpu })));
      else for (const t of plan.wasmThreads) rows.push(...(await browserRows(shape, dirs[shape], runtime, t, { plan, page, gpu })));
    }
  }
  return rows;
}
