/**
 * The load path as data. A load is a series of attempts (dtype, device, whether a big single-file model
 * may be split into graph + external data); when one fails, `nextStep` decides, from the attempt and its
 * error alone, what comes next:
 *
 * | failure                                             | next                                              |
 * |-----------------------------------------------------|---------------------------------------------------|
 * | the automatic CPU dtype's file is missing (no q8)   | `dtypeIfMissing` (q4) in place, not a fallback     |
 * | the split load failed, not with an f16 kernel error | the same attempt without splitting                 |
 * | q4/fp32 out of memory (first attempt)               | q4f16 (on the GPU with shader-f16, else WASM)      |
 * | f16 kernel error on WebGPU (first attempt)          | q4f16 → q4, fp16 → fp32                            |
 * | anything else, or a second fallback                 | give up with the error                             |
 *
 * A fallback in the browser is "restart the worker with …" instead of a retry in place: a fresh worker
 * gets a fresh wasm heap (it never shrinks after a failed allocation), and ONNX Runtime keeps state from a
 * failed f16 shader that makes later WebGPU sessions in the same worker fail too. Pure except the loop.
 */
import type { Device, Dtype, GpuInfo, Notice } from '../core/index.ts';
import { errorText } from '../core/index.ts';
import { f16Fallback, memoryFallback, missingDtypeNotice } from './device.ts';
import { isF16Error, toEngineError } from './errors.ts';
import { onnxFileFor } from './external-split.ts';

export interface LoadAttempt {
  dtype: Dtype;
  device: Device;
  /** May a big single-file model be loaded as graph + external data (WebGPU)? */
  splitAllowed: boolean;
  /** This attempt is already a fallback (there is at most one). */
  fallback: boolean;
}

export interface AttemptFailure {
  error: unknown;
  /** The attempt loaded the model as graph + external data (also when the load then failed). */
  split: boolean;
}

export type NextStep =
  | { kind: 'retry'; attempt: LoadAttempt; notice?: Notice }
  | { kind: 'restart'; dtype: Dtype; device?: Device; notice: Notice; reason: string }
  | { kind: 'give-up' };

export interface StepContext {
  gpu: GpuInfo | null;
  /** The plan's dtype was chosen automatically: load this one when its file is missing (device.ts). */
  dtypeIfMissing?: Dtype;
  /** Fall back in a fresh worker (the browser) instead of in place (Node). */
  restartWorker: boolean;
}

export function firstAttempt(dtype: Dtype, device: Device): LoadAttempt {
  return { dtype, device, splitAllowed: true, fallback: false };
}

export function nextStep(failed: LoadAttempt, failure: AttemptFailure, ctx: StepContext): NextStep {
  const { error } = failure;
  if (failure.split && !isF16Error(error)) {
    // The graph + external data load failed for a reason of its own: try the plain load of the same file
    // once (what ran before splitting existed); its failures take the usual paths.
    return { kind: 'retry', attempt: { ...failed, splitAllowed: false } };
  }
  if (ctx.dtypeIfMissing && failed.dtype !== ctx.dtypeIfMissing && isMissingOnnxFile(error, failed.dtype)) {
    // Nothing was loaded yet (the file is absent): the same attempt with the other dtype, in place.
    const notice = missingDtypeNotice(failed.dtype, ctx.dtypeIfMissing);
    return { kind: 'retry', attempt: { ...failed, dtype: ctx.dtypeIfMissing }, notice };
  }
  if (failed.fallback) return { kind: 'give-up' };
  const memory = memoryFallback(error, failed.dtype, failed.device, ctx.gpu);
  if (memory) {
    if (ctx.restartWorker) {
      return { kind: 'restart', dtype: memory.dtype, device: memory.device, notice: memory.notice, reason: errorText(error) };
    }
    return { kind: 'retry', attempt: { ...failed, dtype: memory.dtype, device: memory.device, fallback: true }, notice: memory.notice };
  }
  const f16 = f16Fallback(failed.dtype);
  if (failed.device === 'webgpu' && f16 && isF16Error(error)) {
    const notice: Notice = {
      code: 'f16-fallback',
      message: `This GPU cannot run the ${failed.dtype} model (no 16-bit float support in shaders), so the ${f16} model is loaded instead.`,
      key: 'notices.f16-fallback',
      values: { failed: failed.dtype, dtype: f16 },
    };
    if (ctx.restartWorker) return { kind: 'restart', dtype: f16, notice, reason: errorText(error) };
    return { kind: 'retry', attempt: { ...failed, dtype: f16, fallback: true }, notice };
  }
  return { kind: 'give-up' };
}

/** The error says the dtype's ONNX file is absent (a 404 from the host, not in the folder or the picked files). */
export function isMissingOnnxFile(e: unknown, dtype: Dtype): boolean {
  const file = onnxFileFor(dtype).replace(/^onnx\//, '');
  return toEngineError(e, 'load').code === 'missing-file' && errorText(e).includes(file);
}

export type AttemptsOutcome<T> =
  | { kind: 'done'; value: T; attempt: LoadAttempt }
  | Extract<NextStep, { kind: 'restart' }>;

/**
 * Run attempts from `first` until one succeeds, `decide` says restart, or it gives up (the failed
 * attempt's error is thrown). `run` cleans up after itself before it throws, and fills `report.split`.
 */
export async function runAttempts<T>(
  first: LoadAttempt,
  run: (attempt: LoadAttempt, report: { split: boolean }) => Promise<T>,
  decide: (failed: LoadAttempt, failure: AttemptFailure) => NextStep,
  onNotice: (n: Notice) => void,
): Promise<AttemptsOutcome<T>> {
  let attempt = first;
  for (;;) {
    const report = { split: false };
    try {
      return { kind: 'done', value: await run(attempt, report), attempt };
    } catch (error) {
      const step = decide(attempt, { error, split: report.split });
      if (step.kind === 'give-up') throw error;
      if (step.notice) onNotice(step.notice);
      if (step.kind === 'restart') return step;
      attempt = step.attempt;
    }
  }
}
