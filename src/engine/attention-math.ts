/**
 * Plain-JavaScript attention, for checking ONNX Runtime's `com.microsoft::MultiHeadAttention` (the
 * load-time attention check in `attention-check.ts`, and the reproduction in tools/bench). Pure.
 *
 * Layouts (the MHA operator's, batch 1): q `[S, H·D]`, k and v `[T, H·D]` (all T keys, past included),
 * bias `[biasHeads, S, T]` with biasHeads 1 (broadcast over heads) or H, or no bias.
 */

export interface AttentionCase {
  heads: number;
  headSize: number;
  /** New tokens (query rows). */
  S: number;
  /** Keys: past + new. */
  T: number;
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
  bias?: { heads: number; data: Float32Array };
  /** Defaults to 1/√headSize. */
  scale?: number;
}

/** Additive causal bias `[S, T]` for S new tokens after T−S past ones (the generator's MASK_VALUE). */
export function causalBias(S: number, T: number, maskValue = -10000): Float32Array {
  const P = T - S;
  const out = new Float32Array(S * T);
  for (let i = 0; i < S; i++) for (let j = 0; j < T; j++) out[i * T + j] = j > P + i ? maskValue : 0;
  return out;
}

/** The additive bias for head h, query row i, key j (0 without a bias). */
export function biasAt(c: AttentionCase, h: number, i: number, j: number): number {
  if (!c.bias) return 0;
  const bh = c.bias.heads === 1 ? 0 : h;
  return c.bias.data[(bh * c.S + i) * c.T + j]!;
}

export function attentionReference(c: AttentionCase): Float32Array {
  const { heads: H, headSize: D, S, T, q, k, v } = c;
  const hidden = H * D;
  const scale = c.scale ?? 1 / Math.sqrt(D);
  const out = new Float32Array(S * hidden);
  const w = new Float64Array(T);
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < S; i++) {
      let max = -Infinity;
      for (let j = 0; j < T; j++) {
        let dot = 0;
        for (let d = 0; d < D; d++) dot += q[i * hidden + h * D + d]! * k[j * hidden + h * D + d]!;
        w[j] = dot * scale + biasAt(c, h, i, j);
        if (w[j]! > max) max = w[j]!;
      }
      let sum = 0;
      for (let j = 0; j < T; j++) sum += w[j] = Math.exp(w[j]! - max);
      for (let d = 0; d < D; d++) {
        let acc = 0;
        for (let j = 0; j < T; j++) acc += w[j]! * v[j * hidden + h * D + d]!;
        out[i * hidden + h * D + d] = acc / sum;
      }
    }
  }
  return out;
}

/** Largest |a − b| and the first row (of `rowSize` values) where it exceeds `tol` (−1: none). */
export function compareRows(a: ArrayLike<number>, b: ArrayLike<number>, rowSize: number, tol = 1e-3): { maxAbsDiff: number; firstWrongRow: number } {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let maxAbsDiff = 0;
  let firstWrongRow = -1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= maxAbsDiff)) maxAbsDiff = d; // NaN propagates
    if (!(d <= tol) && firstWrongRow < 0) firstWrongRow = Math.floor(i / rowSize);
  }
  return { maxAbsDiff, firstWrongRow };
}
