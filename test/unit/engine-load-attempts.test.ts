/**
 * The load path as data: which model the engine loads after a failed attempt, what the user is told,
 * and when the browser must start a fresh worker instead.
 */
import { describe, expect, it } from 'vitest';
import { firstAttempt, nextStep, runAttempts, type LoadAttempt, type NextStep } from '../../src/engine/load-attempts.ts';
import type { GpuInfo, Notice } from '../../src/core/index.ts';
import { emptyGpuInfo } from '../../src/engine/gpu-probe.ts';

const F16_ERROR = new Error('[WebGPU] Program Cast requires f16 but the device does not support it.');
const OOM_ERROR = new Error('std::bad_alloc');
const OTHER_ERROR = new Error('Could not locate file: "onnx/model_q4.onnx".');

function gpu(f16: boolean): GpuInfo {
  return { ...emptyGpuInfo(true), adapterFound: true, features: f16 ? ['shader-f16'] : [] };
}

const inPlace = (g: GpuInfo | null = gpu(false)) => ({ gpu: g, restartWorker: false });
const inWorker = (g: GpuInfo | null = gpu(false)) => ({ gpu: g, restartWorker: true });

describe('nextStep', () => {
  it('the automatic CPU dtype (q8) missing from the model loads q4 in place, says so, and is not a fallback', () => {
    const missing = new Error('The model host has no file "onnx/model_quantized.onnx" (HTTP 404).');
    const ctx = { ...inWorker(null), dtypeIfMissing: 'q4' as const };
    const step = nextStep(firstAttempt('q8', 'wasm'), { error: missing, split: false }, ctx);
    expect(step).toMatchObject({ kind: 'retry', attempt: { dtype: 'q4', device: 'wasm', fallback: false }, notice: { code: 'dtype-missing' } });
    expect(step.kind === 'retry' && step.notice?.message).toMatch(/no q8 file.*q4 is loaded/);
    // A real fallback (q4 out of memory → q4f16) can still follow.
    expect(nextStep({ ...firstAttempt('q4', 'wasm') }, { error: OOM_ERROR, split: false }, ctx)).toMatchObject({ kind: 'restart', dtype: 'q4f16' });
    // Another missing file (the tokenizer), a q8 asked for by name, or another error: no stand-in.
    const tokenizer = new Error('Could not locate file: "tokenizer.json".');
    expect(nextStep(firstAttempt('q8', 'wasm'), { error: tokenizer, split: false }, ctx).kind).toBe('give-up');
    expect(nextStep(firstAttempt('q8', 'wasm'), { error: missing, split: false }, inWorker(null)).kind).toBe('give-up');
    expect(nextStep(firstAttempt('q8', 'wasm'), { error: OOM_ERROR, split: false }, ctx).kind).toBe('give-up');
  });

  it('q4f16 failing on an f16 shader loads q4 on the same GPU and says why', () => {
    const step = nextStep(firstAttempt('q4f16', 'webgpu'), { error: F16_ERROR, split: false }, inPlace());
    expect(step).toMatchObject({ kind: 'retry', attempt: { dtype: 'q4', device: 'webgpu', fallback: true } });
    expect(step.kind === 'retry' && step.notice?.code).toBe('f16-fallback');
    expect(step.kind === 'retry' && step.notice?.message).toContain('q4f16');
  });

  it('fp16 falls back to fp32; an f16 error on WASM or for q4 is not retried', () => {
    expect(nextStep(firstAttempt('fp16', 'webgpu'), { error: F16_ERROR, split: false }, inPlace())).toMatchObject({
      kind: 'retry',
      attempt: { dtype: 'fp32' },
    });
    expect(nextStep(firstAttempt('q4f16', 'wasm'), { error: F16_ERROR, split: false }, inPlace()).kind).toBe('give-up');
    expect(nextStep(firstAttempt('q4', 'webgpu'), { error: F16_ERROR, split: false }, inPlace()).kind).toBe('give-up');
  });

  it('in the browser a fallback restarts the worker with the fallback dtype (device unchanged)', () => {
    const step = nextStep(firstAttempt('q4f16', 'webgpu'), { error: F16_ERROR, split: false }, inWorker());
    expect(step).toMatchObject({ kind: 'restart', dtype: 'q4', notice: { code: 'f16-fallback' } });
    expect(step.kind === 'restart' && step.device).toBeUndefined();
    expect(step.kind === 'restart' && step.reason).toContain('requires f16');
  });

  it('q4 out of memory loads q4f16: on a GPU with shader-f16 there, otherwise on WASM', () => {
    const withF16 = nextStep(firstAttempt('q4', 'webgpu'), { error: OOM_ERROR, split: false }, inPlace(gpu(true)));
    expect(withF16).toMatchObject({ kind: 'retry', attempt: { dtype: 'q4f16', device: 'webgpu' }, notice: { code: 'memory-fallback' } });
    const without = nextStep(firstAttempt('q4', 'webgpu'), { error: OOM_ERROR, split: false }, inWorker(gpu(false)));
    expect(without).toMatchObject({ kind: 'restart', dtype: 'q4f16', device: 'wasm', notice: { code: 'memory-fallback' } });
    const wasm = nextStep(firstAttempt('q4', 'wasm'), { error: OOM_ERROR, split: false }, inPlace(null));
    expect(wasm).toMatchObject({ kind: 'retry', attempt: { dtype: 'q4f16', device: 'wasm' } });
  });

  it('a failed split load is tried once as a plain load of the same file, unless the error is f16', () => {
    const first = firstAttempt('q4', 'webgpu');
    expect(nextStep(first, { error: OOM_ERROR, split: true }, inWorker())).toEqual({
      kind: 'retry',
      attempt: { ...first, splitAllowed: false },
    });
    const f16 = nextStep(firstAttempt('q4f16', 'webgpu'), { error: F16_ERROR, split: true }, inPlace());
    expect(f16).toMatchObject({ kind: 'retry', attempt: { dtype: 'q4', splitAllowed: true } });
  });

  it('gives up on other errors and after one fallback', () => {
    expect(nextStep(firstAttempt('q4', 'wasm'), { error: OTHER_ERROR, split: false }, inPlace()).kind).toBe('give-up');
    const fallback: LoadAttempt = { dtype: 'q4', device: 'webgpu', splitAllowed: true, fallback: true };
    expect(nextStep(fallback, { error: F16_ERROR, split: false }, inPlace()).kind).toBe('give-up');
    expect(nextStep({ ...fallback, dtype: 'q4' }, { error: OOM_ERROR, split: false }, inPlace(gpu(true))).kind).toBe('give-up');
  });
});

describe('runAttempts', () => {
  const decideInPlace = (failed: LoadAttempt, f: { error: unknown; split: boolean }): NextStep => nextStep(failed, f, inPlace());

  it('runs the fallback after an f16 failure, tells the user once, and returns what loaded', async () => {
    const tried: LoadAttempt[] = [];
    const notices: Notice[] = [];
    const out = await runAttempts(
      firstAttempt('q4f16', 'webgpu'),
      async (a) => {
        tried.push(a);
        if (a.dtype === 'q4f16') throw F16_ERROR;
        return 'engine';
      },
      decideInPlace,
      (n) => notices.push(n),
    );
    expect(out).toMatchObject({ kind: 'done', value: 'engine', attempt: { dtype: 'q4' } });
    expect(tried.map((a) => a.dtype)).toEqual(['q4f16', 'q4']);
    expect(notices.map((n) => n.code)).toEqual(['f16-fallback']);
  });

  it('a split failure, then out of memory on the plain load, then q4f16: three attempts', async () => {
    const tried: string[] = [];
    const out = await runAttempts(
      firstAttempt('q4', 'webgpu'),
      async (a, report) => {
        tried.push(`${a.dtype}/${a.splitAllowed ? 'split' : 'plain'}`);
        if (a.dtype === 'q4' && a.splitAllowed) {
          report.split = true;
          throw new Error('session creation failed');
        }
        if (a.dtype === 'q4') throw OOM_ERROR;
        return a;
      },
      (failed, f) => nextStep(failed, f, inPlace(gpu(true))),
      () => undefined,
    );
    expect(tried).toEqual(['q4/split', 'q4/plain', 'q4f16/plain']);
    expect(out.kind).toBe('done');
  });

  it('throws the failed attempt’s own error when giving up, and stops at a restart', async () => {
    await expect(runAttempts(firstAttempt('q4', 'wasm'), async () => Promise.reject(OTHER_ERROR), decideInPlace, () => undefined)).rejects.toBe(
      OTHER_ERROR,
    );
    let runs = 0;
    const out = await runAttempts(
      firstAttempt('q4f16', 'webgpu'),
      async () => {
        runs++;
        throw F16_ERROR;
      },
      (failed, f) => nextStep(failed, f, inWorker()),
      () => undefined,
    );
    expect(out).toMatchObject({ kind: 'restart', dtype: 'q4' });
    expect(runs).toBe(1);
  });
});
