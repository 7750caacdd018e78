import { describe, expect, it } from 'vitest';
import { EngineFailure, type BenchmarkRun, type BenchmarkSubject } from '../../src/core/index.ts';
import { makeRecord, STANDARD_BENCHMARK } from '../../src/diagnostics/benchmark.ts';
import type { HardwareReport } from '../../src/diagnostics/probe.ts';
import { COMPARE_ROWS, failureText, machineFacts, n0, n1, progressText, recordTitle } from '../../src/ui/hardware/bench-format.ts';
import { limitText, machineRows, noAdapterText } from '../../src/ui/hardware/capability-text.ts';
import { defaultCheckDtype, formatAgreement, formatDiff, referenceFromUrl } from '../../src/ui/hardware/check-format.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const run: BenchmarkRun = { promptTokens: 100, newTokens: 3, ttftMs: 200, tokenTimesMs: [200, 210, 220], totalMs: 221 };
const subject = (device: 'webgpu' | 'wasm'): BenchmarkSubject => ({
  label: 'tiny',
  device,
  dtype: 'q4',
  adapterName: 'Acme GPU',
  loadMs: 1234.4,
  warmupMs: 56,
});
const report = (over: Partial<HardwareReport> = {}): HardwareReport => ({
  webgpu: { api: true, adapter: null },
  crossOriginIsolated: false,
  logicalCores: 8,
  wasmThreads: 1,
  deviceMemoryGiB: null,
  storage: null,
  userAgent: 'test',
  ...over,
});

describe('benchmark numbers and names', () => {
  it('shows a dash for a speed that could not be measured', () => {
    expect(n1(f, Number.NaN)).toBe('–');
    expect(n0(f, Number.POSITIVE_INFINITY)).toBe('–');
    expect(n1(f, 12.345)).toBe('12.3');
    expect(n0(f, 12345.6)).toBe('12,346');
  });

  it('names a result by model, precision and where it ran', () => {
    const machine = machineFacts(null);
    expect(recordTitle(f, makeRecord(subject('webgpu'), STANDARD_BENCHMARK, [run], machine))).toMatch(/^tiny q4 on Acme GPU · /);
    expect(recordTitle(f, makeRecord(subject('wasm'), STANDARD_BENCHMARK, [run], machine))).toMatch(/^tiny q4 on WASM · /);
  });

  it('compares load times and the machine side by side', () => {
    const r = makeRecord(subject('wasm'), STANDARD_BENCHMARK, [run], machineFacts(report()));
    const rows = Object.fromEntries(COMPARE_ROWS.map(([label, cell]) => [f.t(label), cell(f, r)]));
    expect(rows['Device']).toBe('WASM (CPU)');
    expect(rows['Load / warm-up ms']).toBe('1,234 / 56');
    expect(rows['Machine']).toBe('no WebGPU adapter; 8 cores');
  });

  it('records the machine even when the browser reports little', () => {
    expect(machineFacts(null)).toMatchObject({ adapter: 'no WebGPU adapter', logicalCores: null, wasmThreads: 1 });
    const blank = { isFallbackAdapter: false, isSoftware: true, vendor: '', architecture: '', device: '', description: '', features: [], limits: {} };
    expect(machineFacts(report({ webgpu: { api: true, adapter: blank } }))).toMatchObject({ adapter: 'WebGPU adapter', isSoftwareAdapter: true });
  });

  it('counts runs from one and never past the total', () => {
    expect(progressText(f, { stage: 'warm-up', done: 0, total: 1 })).toBe('warm-up 1 of 1');
    expect(progressText(f, { stage: 'run', done: 5, total: 5 })).toBe('run 5 of 5');
    expect(progressText(f, { stage: 'done', done: 5, total: 5 })).toBe('finishing');
  });

  it('reports an engine failure with its detail, anything else as thrown', () => {
    expect(failureText(f, new EngineFailure({ code: 'not-loaded', message: 'No model is loaded.', detail: 'load first' }))).toBe(
      'No model is loaded. (load first)',
    );
    expect(failureText(f, new Error('boom'))).toBe('Error: boom');
  });
});

describe('correctness check', () => {
  it('checks the loaded precision, or the nearest one the adapter can run without shader-f16', () => {
    expect(defaultCheckDtype(undefined, true)).toBe('q4f16');
    expect(defaultCheckDtype(undefined, false)).toBe('q4');
    expect(defaultCheckDtype('q4f16', false)).toBe('q4');
    expect(defaultCheckDtype('fp16', false)).toBe('fp32');
    expect(defaultCheckDtype('fp16', true)).toBe('fp16');
    expect(defaultCheckDtype('fp32', false)).toBe('fp32');
  });

  it('reads the reference model from the URL, on the hub host given there', () => {
    expect(referenceFromUrl('')).toBeUndefined();
    expect(referenceFromUrl('?reference=%20')).toBeUndefined();
    expect(referenceFromUrl('?reference=org/broken')).toEqual({ kind: 'hub', repo: 'org/broken' });
    expect(referenceFromUrl('?reference=org/broken&hub=http://127.0.0.1:9/')).toMatchObject({ kind: 'hub', repo: 'org/broken', host: expect.any(String) });
  });

  it('shows agreement as a percentage and a non-number difference as NaN/∞', () => {
    expect(formatAgreement(f, 0.975)).toBe('97.5%');
    expect(formatDiff(f, 0.0123456)).toBe('0.0123');
    expect(formatDiff(f, Number.NaN)).toBe('NaN/∞');
  });
});

describe('capability words', () => {
  it('shows sizes in binary units and counts with separators', () => {
    expect(limitText(f, 'maxBufferSize', 256 * 1024 * 1024)).toBe('256 MiB');
    expect(limitText(f, 'maxComputeWorkgroupsPerDimension', 65535)).toBe('65,535');
  });

  it('says why there is no GPU and that the CPU runs the model', () => {
    expect(noAdapterText(f, { api: false, adapter: null })).toBe('This browser has no WebGPU. The model runs on the CPU (WASM).');
    expect(noAdapterText(f, { api: true, adapter: null, error: 'denied' })).toMatch(/offered no GPU.*\(denied\)$/);
  });

  it('explains a single WASM thread and an unreported memory hint', () => {
    const rows = Object.fromEntries(machineRows(f, report()).map(([, id, text]) => [id, text]));
    expect(rows['isolated']).toMatch(/^no: WASM runs on one thread/);
    expect(rows['device-memory']).toBe('not reported by this browser');
    expect(rows['storage']).toBe('not reported');
  });
});
