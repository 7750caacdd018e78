/**
 * The standard benchmark's definition and arithmetic: fixed prompt and lengths, and the figures a run
 * yields (prefill tok/s, decode tok/s, time to first token, decode speed over the answer's length),
 * summarised over runs as median and spread. Pure; the worker measures (src/diagnostics/run-benchmark.ts),
 * the Hardware page and `npm run bench` summarise and show.
 */
import type { BenchmarkRun, BenchmarkSpec, BenchmarkSubject } from '../core/index.ts';
import { median, summarize, type Summary } from './stats.ts';

/** What the Hardware page runs by default. */
export const STANDARD_BENCHMARK: BenchmarkSpec = { promptTokens: 128, newTokens: 128, runs: 5, warmupRuns: 1 };
/** A short one (tests, slow devices). */
export const QUICK_BENCHMARK: BenchmarkSpec = { promptTokens: 32, newTokens: 16, runs: 3, warmupRuns: 1 };

/** The fixed prompt: repeated and cut to `promptTokens` tokens by the worker. */
export const BENCHMARK_PASSAGE =
  'A benchmark prompt for a reasoning model running in the browser. It asks nothing in particular; ' +
  'it only has to be the same text every time, so that runs on different machines read the same tokens. ' +
  'Prime numbers, triangles, the speed of light, a recipe for bread, and the rules of chess all appear here ' +
  'so that the tokenizer sees ordinary words, digits like 2, 3, 5, 7, 11 and 13, and punctuation. ';

export function validateSpec(spec: BenchmarkSpec): string | null {
  const int = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!int(spec.promptTokens, 1, 32768)) return 'The prompt length must be a whole number of tokens between 1 and 32768.';
  if (!int(spec.newTokens, 2, 32768)) return 'The answer length must be between 2 and 32768 tokens.';
  if (!int(spec.runs, 1, 100)) return 'The number of runs must be between 1 and 100.';
  if (!int(spec.warmupRuns, 0, 10)) return 'The number of warm-up runs must be between 0 and 10.';
  return null;
}

export interface RunFigures {
  ttftMs: number;
  /** promptTokens ÷ time to first token (the first token comes out of the prefill pass). */
  prefillTokPerSec: number;
  /** (newTokens − 1) ÷ (last token − first token). */
  decodeTokPerSec: number;
  totalMs: number;
}

export function runFigures(run: BenchmarkRun): RunFigures {
  const t = run.tokenTimesMs;
  const first = t[0] ?? run.ttftMs;
  const last = t.at(-1) ?? first;
  const decodeMs = last - first;
  return {
    ttftMs: run.ttftMs,
    prefillTokPerSec: run.ttftMs > 0 ? (run.promptTokens / run.ttftMs) * 1000 : NaN,
    decodeTokPerSec: t.length > 1 && decodeMs > 0 ? ((t.length - 1) / decodeMs) * 1000 : NaN,
    totalMs: run.totalMs,
  };
}

/** Decode speed in one window of the answer: tokens [start, end) of the generated tokens. */
export interface CurvePoint {
  /** Middle of the window, in generated tokens. */
  position: number;
  start: number;
  end: number;
  tokPerSec: number;
}

/** Number of windows the answer is split into for the decode-speed chart … */
export const CURVE_WINDOWS = 16;
/** … each at least this many tokens long (shorter ones are mostly timer noise). */
export const CURVE_MIN_WINDOW = 8;

/**
 * Decode speed over the answer's length for one run: the answer (after the first token, which the
 * prefill produces) cut into at most `windows` equal windows of at least `CURVE_MIN_WINDOW` tokens, tok/s in each.
 */
export function decodeCurve(tokenTimesMs: readonly number[], windows = CURVE_WINDOWS): CurvePoint[] {
  const n = tokenTimesMs.length - 1; // intervals
  if (n < 1) return [];
  const w = Math.max(1, Math.min(windows, Math.floor(n / CURVE_MIN_WINDOW)));
  const out: CurvePoint[] = [];
  for (let i = 0; i < w; i++) {
    const start = Math.round((i * n) / w);
    const end = Math.round(((i + 1) * n) / w);
    if (end <= start) continue;
    const ms = tokenTimesMs[end]! - tokenTimesMs[start]!;
    out.push({ position: (start + end) / 2 + 1, start: start + 1, end: end + 1, tokPerSec: ms > 0 ? ((end - start) / ms) * 1000 : NaN });
  }
  return out;
}

/** The per-window median over runs (runs of equal length). */
export function medianCurve(runs: readonly BenchmarkRun[], windows = CURVE_WINDOWS): CurvePoint[] {
  const curves = runs.map((r) => decodeCurve(r.tokenTimesMs, windows));
  const base = curves[0];
  if (!base) return [];
  return base.map((p, i) => ({ ...p, tokPerSec: median(curves.map((c) => c[i]?.tokPerSec ?? NaN)) }));
}

export interface BenchmarkSummary {
  runs: number;
  ttftMs: Summary;
  prefillTokPerSec: Summary;
  decodeTokPerSec: Summary;
  totalMs: Summary;
  curve: CurvePoint[];
}

export function summarizeRuns(runs: readonly BenchmarkRun[]): BenchmarkSummary {
  const f = runs.map(runFigures);
  return {
    runs: runs.length,
    ttftMs: summarize(f.map((x) => x.ttftMs)),
    prefillTokPerSec: summarize(f.map((x) => x.prefillTokPerSec)),
    decodeTokPerSec: summarize(f.map((x) => x.decodeTokPerSec)),
    totalMs: summarize(f.map((x) => x.totalMs)),
    curve: medianCurve(runs),
  };
}

/** A saved benchmark: everything needed to show it again, compare it, or export it. */
export interface BenchmarkRecord {
  /** Format version of this record. */
  version: 1;
  id: string;
  /** ISO timestamp. */
  createdAt: string;
  subject: BenchmarkSubject;
  spec: BenchmarkSpec;
  runs: BenchmarkRun[];
  summary: BenchmarkSummary;
  /** Where it ran: adapter, cores, browser. */
  machine: MachineFacts;
}

export interface MachineFacts {
  adapter: string;
  isSoftwareAdapter: boolean;
  logicalCores: number | null;
  wasmThreads: number;
  userAgent: string;
}

export function makeRecord(
  subject: BenchmarkSubject,
  spec: BenchmarkSpec,
  runs: BenchmarkRun[],
  machine: MachineFacts,
  now: Date = new Date(),
  id: string = `bench-${now.getTime().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`,
): BenchmarkRecord {
  return { version: 1, id, createdAt: now.toISOString(), subject, spec, runs, summary: summarizeRuns(runs), machine };
}

/** The JSON file the page exports: one record or several. */
export function exportJson(records: readonly BenchmarkRecord[]): string {
  return `${JSON.stringify({ format: 'local-r1-benchmark', version: 1, records }, null, 2)}\n`;
}

/** Parse an exported file back (for import and tests); throws with a readable message on bad input. */
export function parseExport(text: string): BenchmarkRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON.');
  }
  const o = data as { format?: unknown; records?: unknown };
  if (o?.format !== 'local-r1-benchmark' || !Array.isArray(o.records)) {
    throw new Error('This file is not a local-r1 benchmark export.');
  }
  return o.records as BenchmarkRecord[];
}
