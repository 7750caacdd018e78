/** The Hardware page's words and numbers for benchmark results, runs and failures, in the user's language. Pure. */
import { EngineFailure, type LoadedModelInfo, type ModelSource } from '../../core/index.ts';
import type { BenchmarkRecord, MachineFacts } from '../../diagnostics/benchmark.ts';
import type { HardwareReport } from '../../diagnostics/probe.ts';
import { num } from '../format.ts';
import { errorSentence } from '../i18n/messages.ts';
import type { Fmt, Key } from '../i18n/types.ts';

/** One decimal, `–` for no value (NaN, ∞). */
export const n1 = (f: Fmt, v: number): string => num(f, v, 1);
/** Whole number with thousands separators, `–` for no value. */
export const n0 = (f: Fmt, v: number): string => num(f, Math.round(v));

/** `06/12/2026, 17:08` (`2026/12/6 17:08`). */
export function shortDate(f: Fmt, iso: string): string {
  return new Date(iso).toLocaleString(f.locale === 'en' ? 'en-GB' : f.locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** `Model q4 on <adapter or WASM> · <date>`: how a result is named in lists and charts. */
export function recordTitle(f: Fmt, r: BenchmarkRecord): string {
  return f.t('bench.recordTitle', {
    model: `${r.subject.label} ${r.subject.dtype}`,
    where: r.subject.device === 'webgpu' ? r.subject.adapterName : 'WASM',
    date: shortDate(f, r.createdAt),
  });
}

/** The machine a result was measured on, from the page's hardware report (stored with the result: English). */
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
export function progressText(f: Fmt, p: { stage: string; done: number; total: number }): string {
  if (p.stage === 'done') return f.t('bench.finishing');
  const stage = f.tr(`bench.stages.${p.stage}`) ?? p.stage;
  return f.t('bench.progress', { stage, n: num(f, Math.min(p.done + 1, p.total)), total: num(f, p.total) });
}

/** A failed engine request (or anything thrown) as one line. */
export function failureText(f: Fmt, e: unknown): string {
  const err = e instanceof EngineFailure ? e.error : null;
  return err ? `${errorSentence(f, err)}${err.detail ? ` (${err.detail})` : ''}` : String(e);
}

/** The repo or id a source names. */
export function sourceName(s: ModelSource): string {
  return s.kind === 'hub' ? s.repo : s.id;
}

/** What the benchmark will run, e.g. `WebGPU (Apple M2)` or `the CPU (WASM)`. */
export function loadedDeviceText(f: Fmt, info: LoadedModelInfo): string {
  return info.device === 'webgpu' ? `WebGPU (${info.adapterName})` : f.t('bench.theCpu');
}

/** The rows of the side-by-side comparison: a label and how each result fills it. */
export const COMPARE_ROWS: readonly [Key, (f: Fmt, r: BenchmarkRecord) => string][] = [
  ['bench.rows.model', (_f, r) => `${r.subject.label} ${r.subject.dtype}`],
  ['bench.rows.device', (f, r) => (r.subject.device === 'webgpu' ? `WebGPU (${r.subject.adapterName})` : f.t('status.wasmCpu'))],
  ['bench.rows.tokens', (f, r) => `${num(f, r.spec.promptTokens)} / ${num(f, r.spec.newTokens)}`],
  ['bench.rows.runs', (f, r) => num(f, r.summary.runs)],
  ['bench.rows.prefill', (f, r) => n1(f, r.summary.prefillTokPerSec.median)],
  ['bench.rows.decode', (f, r) => n1(f, r.summary.decodeTokPerSec.median)],
  ['bench.rows.decodeIqr', (f, r) => `${n1(f, r.summary.decodeTokPerSec.q1)}–${n1(f, r.summary.decodeTokPerSec.q3)}`],
  ['bench.rows.ttft', (f, r) => n0(f, r.summary.ttftMs.median)],
  ['bench.rows.load', (f, r) => `${n0(f, r.subject.loadMs)} / ${n0(f, r.subject.warmupMs)}`],
  ['bench.rows.machine', (f, r) => f.t('bench.machine', { adapter: r.machine.adapter, cores: r.machine.logicalCores ?? '?' })],
];

/** A result's decode-speed curve as chart points. */
export function curvePoints(r: BenchmarkRecord): { x: number; y: number }[] {
  return r.summary.curve.map((p) => ({ x: p.position, y: p.tokPerSec }));
}
