/**
 * Summary statistics for benchmark runs: median and spread (interquartile range and min–max).
 * Pure; used by the Hardware page and `npm run bench`.
 */

export interface Summary {
  n: number;
  median: number;
  /** First and third quartiles (linear interpolation between order statistics, as R's type 7). */
  q1: number;
  q3: number;
  min: number;
  max: number;
  mean: number;
}

/** Finite values only, ascending. */
function sorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** The `p`-quantile (0 ≤ p ≤ 1) of `values`; NaN for an empty list. */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  const s = sorted(values);
  if (s.length === 0) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median, quartiles, min, max and mean of the finite values (NaN fields when there are none). */
export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  if (s.length === 0) return { n: 0, median: NaN, q1: NaN, q3: NaN, min: NaN, max: NaN, mean: NaN };
  return {
    n: s.length,
    median: quantile(s, 0.5),
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
    min: s[0]!,
    max: s.at(-1)!,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/** Interquartile range. */
export function iqr(s: Summary): number {
  return s.q3 - s.q1;
}

/** Relative spread (IQR ÷ median), 0 when the median is 0 or undefined. */
export function relativeSpread(s: Summary): number {
  return s.median ? iqr(s) / Math.abs(s.median) : 0;
}

/** `12.3 (IQR 11.9–12.8, n=5)`: a median with its spread, for tables and the page. */
export function formatSummary(s: Summary, digits = 1, unit = ''): string {
  if (s.n === 0) return '–';
  const f = (v: number) => v.toFixed(digits);
  const u = unit ? ` ${unit}` : '';
  if (s.n === 1) return `${f(s.median)}${u}`;
  return `${f(s.median)}${u} (IQR ${f(s.q1)}–${f(s.q3)}, min–max ${f(s.min)}–${f(s.max)}, n=${s.n})`;
}
