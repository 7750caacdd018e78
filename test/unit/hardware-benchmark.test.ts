import { describe, expect, it } from 'vitest';
import type { BenchmarkRun } from '../../src/core/index.ts';
import {
  decodeCurve,
  exportJson,
  makeRecord,
  medianCurve,
  parseExport,
  runFigures,
  summarizeRuns,
  validateSpec,
  STANDARD_BENCHMARK,
} from '../../src/diagnostics/benchmark.ts';

/** A run whose first token comes at `ttft` ms and the rest every `step` ms. */
function run(ttft: number, step: number, n = 9, prompt = 100): BenchmarkRun {
  const tokenTimesMs = Array.from({ length: n }, (_, i) => ttft + i * step);
  return { promptTokens: prompt, newTokens: n, ttftMs: ttft, tokenTimesMs, totalMs: tokenTimesMs.at(-1)! + 1 };
}

describe('benchmark figures', () => {
  it('prefill tok/s is prompt tokens over time to first token; decode counts the tokens after the first', () => {
    const f = runFigures(run(200, 10));
    expect(f.prefillTokPerSec).toBe(500);
    expect(f.decodeTokPerSec).toBe(100); // 8 intervals of 10 ms
    expect(f.ttftMs).toBe(200);
  });

  it('a run with a single token has no decode speed', () => {
    expect(Number.isNaN(runFigures(run(50, 10, 1)).decodeTokPerSec)).toBe(true);
  });

  it('the decode curve shows a slowdown over the answer', () => {
    // 16 intervals: 10 ms each for the first half, 20 ms each for the second.
    const t = [...Array.from({ length: 9 }, (_, i) => i * 10), ...Array.from({ length: 8 }, (_, i) => 80 + (i + 1) * 20)];
    const c = decodeCurve(t, 2);
    expect(c).toHaveLength(2);
    expect(c[0]).toMatchObject({ start: 1, end: 9, tokPerSec: 100 });
    expect(c[1]).toMatchObject({ start: 9, end: 17, tokPerSec: 50 });
  });

  it('windows are at least 8 tokens long; a short answer is one window, a single token none', () => {
    expect(decodeCurve(Array.from({ length: 65 }, (_, i) => i), 16)).toHaveLength(8);
    expect(decodeCurve(Array.from({ length: 4001 }, (_, i) => i), 16)).toHaveLength(16);
    expect(decodeCurve([0, 5, 10], 16)).toHaveLength(1);
    expect(decodeCurve([0], 16)).toEqual([]);
  });

  it('summarises runs as median and spread, and the median curve per window', () => {
    const s = summarizeRuns([run(100, 10), run(300, 20), run(200, 40)]);
    expect(s.runs).toBe(3);
    expect(s.ttftMs.median).toBe(200);
    expect(s.prefillTokPerSec.median).toBe(500);
    expect(s.decodeTokPerSec.median).toBe(50);
    expect(s.decodeTokPerSec.min).toBe(25);
    expect(s.decodeTokPerSec.max).toBe(100);
    expect(medianCurve([run(100, 10, 33), run(300, 20, 33), run(200, 40, 33)], 4).map((p) => p.tokPerSec)).toEqual([50, 50, 50, 50]);
  });

  it('validates the spec with readable messages', () => {
    expect(validateSpec(STANDARD_BENCHMARK)).toBeNull();
    expect(validateSpec({ ...STANDARD_BENCHMARK, newTokens: 1 })).toMatch(/answer length/);
    expect(validateSpec({ ...STANDARD_BENCHMARK, runs: 0 })).toMatch(/runs/);
    expect(validateSpec({ ...STANDARD_BENCHMARK, promptTokens: 1.5 })).toMatch(/prompt/);
  });

  it('records export to JSON and parse back; a foreign file is refused', () => {
    const subject = { label: 'tiny', device: 'wasm' as const, dtype: 'q4' as const, adapterName: 'CPU (WASM)', loadMs: 10, warmupMs: 5 };
    const machine = { adapter: 'none', isSoftwareAdapter: false, logicalCores: 2, wasmThreads: 1, userAgent: 'x' };
    const r = makeRecord(subject, STANDARD_BENCHMARK, [run(100, 10)], machine, new Date('2025-01-02T03:04:05Z'), 'id1');
    expect(r.createdAt).toBe('2025-01-02T03:04:05.000Z');
    const back = parseExport(exportJson([r]));
    expect(back).toEqual([r]);
    expect(() => parseExport('{"records": []}')).toThrow(/not a local-r1 benchmark/);
    expect(() => parseExport('nope')).toThrow(/not JSON/);
  });
});
