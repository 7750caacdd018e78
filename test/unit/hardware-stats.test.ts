import { describe, expect, it } from 'vitest';
import { formatSummary, iqr, median, quantile, relativeSpread, summarize } from '../../src/diagnostics/stats.ts';

describe('benchmark statistics', () => {
  it('median of odd and even counts, order independent', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10])).toBe(10);
  });

  it('quartiles interpolate between order statistics (type 7)', () => {
    const v = [1, 2, 3, 4, 5];
    expect(quantile(v, 0.25)).toBe(2);
    expect(quantile(v, 0.75)).toBe(4);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(quantile(v, 0)).toBe(1);
    expect(quantile(v, 1)).toBe(5);
    expect(() => quantile(v, 1.5)).toThrow(RangeError);
  });

  it('summarize gives median, IQR, min–max and mean, ignoring NaN/∞ (a failed run must not poison the median)', () => {
    const s = summarize([12, 10, NaN, 11, 14, Infinity, 13]);
    expect(s.n).toBe(5);
    expect(s.median).toBe(12);
    expect(s.q1).toBe(11);
    expect(s.q3).toBe(13);
    expect(s.min).toBe(10);
    expect(s.max).toBe(14);
    expect(s.mean).toBe(12);
    expect(iqr(s)).toBe(2);
    expect(relativeSpread(s)).toBeCloseTo(2 / 12);
  });

  it('an empty list summarises to NaN and formats as a dash', () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    expect(Number.isNaN(s.median)).toBe(true);
    expect(formatSummary(s)).toBe('–');
  });

  it('formats median with its spread', () => {
    expect(formatSummary(summarize([10, 11, 12, 13, 14]), 1, 'tok/s')).toBe(
      '12.0 tok/s (IQR 11.0–13.0, min–max 10.0–14.0, n=5)',
    );
    expect(formatSummary(summarize([7]), 0)).toBe('7');
  });
});
