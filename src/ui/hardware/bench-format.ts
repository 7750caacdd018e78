/** The Hardware page's words and numbers for benchmark results, runs and failures. Pure. */
import { EngineFailure, type LoadedModelInfo, type ModelSource } from '../../core/index.ts';
import type { BenchmarkRecord, MachineFacts } from '../../diagnostics/benchmark.ts';
import type { HardwareReport } from '../../diagnostics/probe.ts';

/** One decimal, `–` for no value (NaN, ∞). */
export const n1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');
/** Whole number with thousands separators, `–` for no value. */
export const n0 = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');

/** `06/12/2026, 17:08`. */
export function shortDate(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** `Model q4 on <adapter or WASM> · <date>`: how a result is named in lists and charts. */
export function recordTitle(r: BenchmarkRecord): string {
  return `${r.subject.label} ${r.subject.dtype} on ${r.subject.device === 'webgpu' ? r.subject.adapterName : 'WASM'} · ${shortDate(r.createdAt)}`;
}

/** The machine a result was measured on, from the page's hardware report. */
export function machineFacts(report: HardwareReport | null): MachineFacts {
  const a = report?.webgpu.adapter;
  return {
    adapter: a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'WebGPU adapter' : 'no WebGPU adapter',
    isSoftwareAdapter: a?.isSoftware ?? false,
    logicalCores: report?.logicalCores ?? null,
    wasmThreads: report?.wasmThreads ?? 1,
    userAgent: report?.userAgent ?? '',
  };
}

/** `decode 2 of 5` while running, `finishing` at the end. */
export function progressText(p: { stage: string; done: number; total: number }): string {
  return p.stage === 'done' ? 'finishing' : `${p.stage} ${Math.min(p.done + 1, p.total)} of ${p.total}`;
}

/** A failed engine request (or anything thrown) as one line. */
export function failureText(e: unknown): string {
  const err = e instanceof EngineFailure ? e.error : null;
  return err ? `${err.message}${err.detail ? ` (${err.detail})` : ''}` : String(e);
}

/** The repo or id a source names. */
export function sourceName(s: ModelSource): string {
  return s.kind === 'hub' ? s.repo : s.id;
}

/** What the benchmark will run, e.g. `WebGPU (Apple M2)` or `the CPU (WASM)`. */
export function loadedDeviceText(info: LoadedModelInfo): string {
  return info.device === 'webgpu' ? `WebGPU (${info.adapterName})` : 'the CPU (WASM)';
}

/** The rows of the side-by-side comparison: a label and how each result fills it. */
export const COMPARE_ROWS: readonly [string, (r: BenchmarkRecord) => string][] = [
  ['Model', (r) => `${r.subject.label} ${r.subject.dtype}`],
  ['Device', (r) => (r.subject.device === 'webgpu' ? `WebGPU (${r.subject.adapterName})` : 'WASM (CPU)')],
  ['Prompt / answer tokens', (r) => `${r.spec.promptTokens} / ${r.spec.newTokens}`],
  ['Runs', (r) => String(r.summary.runs)],
  ['Prefill tok/s (median)', (r) => n1(r.summary.prefillTokPerSec.median)],
  ['Decode tok/s (median)', (r) => n1(r.summary.decodeTokPerSec.median)],
  ['Decode tok/s (IQR)', (r) => `${n1(r.summary.decodeTokPerSec.q1)}–${n1(r.summary.decodeTokPerSec.q3)}`],
  ['Time to first token ms (median)', (r) => n0(r.summary.ttftMs.median)],
  ['Load / warm-up ms', (r) => `${n0(r.subject.loadMs)} / ${n0(r.subject.warmupMs)}`],
  ['Machine', (r) => `${r.machine.adapter}; ${r.machine.logicalCores ?? '?'} cores`],
];

/** A result's decode-speed curve as chart points. */
export function curvePoints(r: BenchmarkRecord): { x: number; y: number }[] {
  return r.summary.curve.map((p) => ({ x: p.position, y: p.tokPerSec }));
}
