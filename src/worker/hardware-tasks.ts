/**
 * The Hardware page's requests in the worker: the standard benchmark on the loaded model, the
 * GPU-vs-CPU logits check, and "what is loaded". `EngineHost` routes
 * `HardwareRequest`s here with a small context (it keeps its own state private).
 *
 * A benchmark or check holds the engine like a generation does (a chat message sent meanwhile is
 * answered `busy`), and runs in the host's load queue so it never overlaps a load.
 */
import { validateSpec } from '../diagnostics/benchmark.ts';
import { runStandardBenchmark } from '../diagnostics/run-benchmark.ts';
import { chooseDevice } from '../engine/device.ts';
import { toEngineError } from '../engine/errors.ts';
import type { LlmEngine } from '../engine/llm.ts';
import { runLogitCheck } from '../diagnostics/run-logit-check.ts';
import type { BenchmarkSubject, Device, Dtype, EngineError, GpuInfo, LoadedModelInfo, ModelSource } from '../core/index.ts';
import type { HardwareRequest, WorkerToUI } from './protocol.ts';

export interface HardwareContext {
  post: (m: WorkerToUI) => void;
  engine(): LlmEngine | null;
  info(): LoadedModelInfo | null;
  probe(): Promise<GpuInfo | null>;
  /** Load another engine for `source` (through the model store, like the chat's load). */
  loadEngine(requestId: string, source: ModelSource, device: Device, dtype: Dtype): Promise<LlmEngine>;
  /** Take the engine like a generation does; false when something is running. */
  claim(): boolean;
  release(): void;
}

export function sourceLabel(s: ModelSource): string {
  switch (s.kind) {
    case 'hub':
      return s.repo;
    case 'same-origin':
    case 'local-files':
      return s.id;
  }
}

export function sameSource(a: ModelSource, b: ModelSource): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'hub' && b.kind === 'hub') return a.repo === b.repo && (a.revision ?? 'main') === (b.revision ?? 'main') && a.host === b.host;
  return sourceLabel(a) === sourceLabel(b);
}

const err = (code: EngineError['code'], message: string, key?: string, values?: EngineError['values']): EngineError => ({
  code,
  message,
  ...(key ? { key } : {}),
  ...(values ? { values } : {}),
});

export async function handleHardwareRequest(msg: HardwareRequest, ctx: HardwareContext): Promise<void> {
  if (msg.type === 'model-info') {
    ctx.post({ type: 'model-info', requestId: msg.requestId, info: ctx.info() });
    return;
  }
  const { requestId } = msg;
  const fail = (error: EngineError) => ctx.post({ type: 'error', requestId, error });
  const progress = (stage: string, done: number, total: number) =>
    ctx.post({ type: 'task-progress', requestId, stage, done, total });

  if (!ctx.claim()) {
    fail(err('busy', 'The model is busy (an answer, a benchmark or a check is running). Wait for it, or stop it.', 'errors.hardwareBusy'));
    return;
  }
  try {
    switch (msg.type) {
      case 'benchmark': {
        const engine = ctx.engine();
        const info = ctx.info();
        if (!engine || !info) return fail(err('not-loaded', 'Load a model first (Chat → Load), then run the benchmark.', 'errors.benchNotLoaded'));
        const bad = validateSpec(msg.spec);
        if (bad) return fail(err('unknown', bad));
        const runs = await runStandardBenchmark(engine, msg.spec, progress);
        ctx.post({ type: 'benchmark-result', requestId, subject: subjectOf(info), spec: msg.spec, runs });
        return;
      }
      case 'compare-logits':
        return await compare(msg, ctx, progress, fail);
    }
  } catch (e) {
    fail(toEngineError(e, 'generate'));
  } finally {
    ctx.release();
  }
}

export function subjectOf(info: LoadedModelInfo): BenchmarkSubject {
  return {
    label: sourceLabel(info.source),
    device: info.device,
    dtype: info.dtype,
    adapterName: info.adapterName,
    loadMs: info.loadMs,
    warmupMs: info.warmupMs,
  };
}

async function compare(
  msg: Extract<HardwareRequest, { type: 'compare-logits' }>,
  ctx: HardwareContext,
  progress: (stage: string, done: number, total: number) => void,
  fail: (e: EngineError) => void,
): Promise<void> {
  const { requestId, spec } = msg;
  const info = ctx.info();
  const current = ctx.engine();
  const source = spec.source ?? info?.source;
  if (!source) return fail(err('not-loaded', 'Load a model first (Chat → Load): the check runs it on the GPU and on the CPU.', 'errors.checkNotLoaded'));
  const reference = spec.referenceSource ?? source;
  const gpu = await ctx.probe();
  const decision = chooseDevice(gpu, 'webgpu', spec.dtype);
  if (!decision.ok) return fail(decision.error);
  if ((spec.dtype === 'q4f16' || spec.dtype === 'fp16') && !gpu?.features.includes('shader-f16')) {
    return fail(err('f16-unsupported', `This GPU has no shader-f16, so the ${spec.dtype} model cannot run on it at all: check q4 instead.`, 'errors.checkNoF16', { dtype: spec.dtype }));
  }
  const reusable = (device: Device, s: ModelSource) =>
    current && info && info.device === device && info.dtype === spec.dtype && sameSource(info.source, s) ? current : null;
  const needsFiles = (s: ModelSource) => s.kind === 'local-files' && s.files.length === 0;

  const owned: LlmEngine[] = [];
  /** The loaded engine when it is the one asked for, else one loaded for the check (null: pick the files again). */
  const engineFor = async (device: Device, s: ModelSource, step: number): Promise<LlmEngine | null> => {
    const reused = reusable(device, s);
    if (reused) return reused;
    if (needsFiles(s)) return null;
    progress(`loading the model on the ${device === 'webgpu' ? 'GPU' : 'CPU'}`, step, 3);
    const loaded = await ctx.loadEngine(requestId, s, device, spec.dtype);
    owned.push(loaded);
    return loaded;
  };
  try {
    if (current) await current.reset();
    const gpuEngine = await engineFor('webgpu', source, 0);
    const cpuEngine = gpuEngine && (await engineFor('wasm', reference, 1));
    if (!gpuEngine || !cpuEngine) return fail(err('missing-file', 'Pick the model folder again: the check loads it a second time.', 'errors.checkPickAgain'));
    const run = await runLogitCheck(gpuEngine, cpuEngine, spec.prompt, spec.newTokens, (stage, done, total) =>
      progress(stage, 2 + done / total, 3),
    );
    ctx.post({
      type: 'compare-logits-result',
      requestId,
      result: {
        dtype: spec.dtype,
        adapterName: decision.plan.adapterName,
        promptTokens: run.promptTokens,
        comparison: run.comparison,
        longPrompt: run.longPrompt,
        longPromptTokens: run.longPromptTokens,
        prefillChunk: run.prefillChunk,
        ...(gpuEngine.passLimit ? { attentionPassLimit: gpuEngine.passLimit } : {}),
        simulated: !sameSource(source, reference),
        gpuMs: run.gpuMs,
        cpuMs: run.cpuMs,
      },
    });
  } finally {
    for (const e of owned) await e.unload().catch(() => undefined);
  }
}
