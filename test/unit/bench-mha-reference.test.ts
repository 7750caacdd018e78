import { describe, expect, it } from 'vitest';
import { attentionReference, causalBias, compareRows, emulateOrtFlashPrefill, type AttentionCase } from '../../tools/bench/mha-reference.ts';

function randomCase(heads: number, headSize: number, S: number, T: number, bias: 'none' | 'causal' | 'causal-per-head', seed = 7): AttentionCase {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648 - 0.5) * 2;
  };
  const hidden = heads * headSize;
  const mk = (rows: number) => Float32Array.from({ length: rows * hidden }, rnd);
  const c: AttentionCase = { heads, headSize, S, T, q: mk(S), k: mk(T), v: mk(T) };
  if (bias === 'causal') c.bias = { heads: 1, data: causalBias(S, T) };
  if (bias === 'causal-per-head') {
    const one = causalBias(S, T);
    const data = new Float32Array(heads * S * T);
    for (let h = 0; h < heads; h++) data.set(one, h * S * T);
    c.bias = { heads, data };
  }
  return c;
}

describe('MultiHeadAttention reference', () => {
  it('a causal bias makes row 0 attend only to key 0 (its value row, per head)', () => {
    const c = randomCase(2, 4, 5, 5, 'causal');
    const out = attentionReference(c);
    for (let d = 0; d < 8; d++) expect(out[d]).toBeCloseTo(c.v[d]!, 3);
  });

  it('with past keys the bias lets new token i see keys 0 … P+i', () => {
    expect(Array.from(causalBias(2, 5))).toEqual([0, 0, 0, 0, -10000, 0, 0, 0, 0, 0]);
  });

  it('broadcast [1,1,S,T] and per-head [1,H,S,T] biases mean the same', () => {
    const a = attentionReference(randomCase(3, 8, 12, 20, 'causal'));
    const b = attentionReference(randomCase(3, 8, 12, 20, 'causal-per-head'));
    expect(compareRows(a, b, 24).maxAbsDiff).toBe(0);
  });
});

describe('emulated ORT WebGPU FlashAttention prefill shader', () => {
  it.each([8, 16, 32, 64])('is exact with %i-lane subgroups (real GPUs: 8 … 128)', (sg) => {
    for (const bias of ['none', 'causal'] as const) {
      const c = randomCase(4, 16, 40, 40, bias);
      const r = compareRows(emulateOrtFlashPrefill(c, sg), attentionReference(c), 64, 1e-5);
      expect(r.firstWrongRow).toBe(-1);
    }
  });

  it('is wrong with 4-lane subgroups (SwiftShader): from row 4 under a causal bias, from row 0 without one', () => {
    const causal = randomCase(4, 16, 40, 40, 'causal');
    expect(compareRows(emulateOrtFlashPrefill(causal, 4), attentionReference(causal), 64).firstWrongRow).toBe(4);
    const open = randomCase(4, 16, 40, 40, 'none');
    expect(compareRows(emulateOrtFlashPrefill(open, 4), attentionReference(open), 64).firstWrongRow).toBe(0);
  });

  it('is wrong with any subgroup size when the score accumulators carry over between key steps (Tint SPIR-V)', () => {
    const c = randomCase(4, 16, 40, 40, 'causal');
    for (const sg of [8, 16, 32]) {
      const r = compareRows(emulateOrtFlashPrefill(c, sg, true), attentionReference(c), 64);
      // Rows that see only the first key step are right; the first row that sees the second step is not.
      expect(r.firstWrongRow).toBe(Math.min(sg, 16));
    }
  });

  it('is wrong with 4-lane subgroups when the pass follows past keys too', () => {
    const c = randomCase(2, 16, 32, 72, 'causal');
    const r = compareRows(emulateOrtFlashPrefill(c, 4), attentionReference(c), 32);
    expect(r.firstWrongRow).toBe(0);
    expect(r.maxAbsDiff).toBeGreaterThan(0.01);
  });
});
