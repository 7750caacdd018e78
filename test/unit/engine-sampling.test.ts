import { describe, expect, it } from 'vitest';
import { applyTopP, topKIndices } from '../../src/engine/sampling.ts';

const probs = (logits: Float32Array) => {
  const m = logits.reduce((a, b) => Math.max(a, b), -Infinity);
  const e = [...logits].map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('top-p', () => {
  it('topKIndices returns the k largest, largest first', () => {
    expect(topKIndices(new Float32Array([1, 5, 3, 9, 2]), 3)).toEqual([3, 1, 2]);
    expect(topKIndices(new Float32Array([1, 2]), 10)).toEqual([1, 0]);
  });

  it('keeps the smallest set reaching top_p and masks the rest to -Infinity', () => {
    // probabilities ≈ 0.5, 0.25, 0.125, 0.125 (log2 spacing)
    const l = new Float32Array([Math.log(4), Math.log(2), 0, 0]);
    applyTopP(l, 4, 0.7, 50);
    expect(Number.isFinite(l[0])).toBe(true);
    expect(Number.isFinite(l[1])).toBe(true);
    expect(l[2]).toBe(-Infinity);
    expect(l[3]).toBe(-Infinity);
  });

  it('always keeps at least the top token and leaves top_p = 1 untouched', () => {
    const l = new Float32Array([10, 0, 0]);
    applyTopP(l, 3, 0.5, 50);
    expect([Number.isFinite(l[0]), l[1], l[2]]).toEqual([true, -Infinity, -Infinity]);
    const m = new Float32Array([1, 2, 3]);
    applyTopP(m, 3, 1, 50);
    expect([...m]).toEqual([1, 2, 3]);
  });

  it('computes the nucleus within top-k (renormalised), like transformers', () => {
    // 10 equal logits, top_k 4: within the top 4 each has p=0.25, so top_p 0.5 keeps 2.
    const l = new Float32Array(10).fill(1);
    applyTopP(l, 10, 0.5, 4);
    expect([...l].filter(Number.isFinite).length).toBe(2);
  });

  it('works row by row on a batch and on a real-size vocabulary', () => {
    const V = 151_936;
    const l = new Float32Array(2 * V);
    for (let i = 0; i < l.length; i++) l[i] = Math.sin(i) * 3;
    applyTopP(l, V, 0.95, 50);
    for (const row of [l.subarray(0, V), l.subarray(V)]) {
      const kept = [...row].filter(Number.isFinite).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThanOrEqual(50);
      const p = probs(row);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    }
  });
});
