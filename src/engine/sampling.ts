/**
 * Nucleus (top-p) filtering, which transformers.js 4.3.1 accepts as `top_p` but never applies (the
 * `TopPLogitsWarper` line in `_get_logits_processor` is commented out). Pure; the engine wraps it in
 * a LogitsProcessor.
 *
 * Same semantics as Python transformers' order temperature → top-k → top-p: among the top-k logits
 * (renormalised), keep the smallest set of tokens whose probability sums to at least `topP`; every
 * other logit becomes −∞. The sampler's own top-k then picks from what is left.
 * Cost: O(V log k) to find the top k, O(V) to mask; no sort of the 151,936-entry vocabulary.
 */

/** Indices of the `k` largest values of `row`, largest first. */
export function topKIndices(row: Float32Array, k: number): number[] {
  const n = row.length;
  k = Math.max(1, Math.min(k, n));
  // Min-heap of indices by value, size k.
  const heap: number[] = [];
  const less = (a: number, b: number) => row[a]! < row[b]!;
  const siftUp = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      heap.push(i);
      siftUp(heap.length - 1);
    } else if (row[i]! > row[heap[0]!]!) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => row[b]! - row[a]! || a - b);
}

/**
 * Apply top-p in place to `logits` holding `rows` rows of `vocab` entries.
 * `topK` ≤ 0 means no top-k limit (the nucleus is then searched over the whole vocabulary).
 */
export function applyTopP(logits: Float32Array, vocab: number, topP: number, topK: number): void {
  if (!(topP > 0 && topP < 1)) return;
  for (let off = 0; off + vocab <= logits.length; off += vocab) {
    const row = logits.subarray(off, off + vocab);
    const cand = topKIndices(row, topK > 0 ? topK : vocab);
    const maxLogit = row[cand[0]!]!;
    if (!Number.isFinite(maxLogit)) continue;
    let sum = 0;
    const w = cand.map((i) => {
      const e = Math.exp(row[i]! - maxLogit);
      sum += e;
      return e;
    });
    let keep = 0;
    let cum = 0;
    while (keep < cand.length) {
      cum += w[keep]! / sum;
      keep++;
      if (cum >= topP) break;
    }
    const kept = new Set(cand.slice(0, keep));
    for (let i = 0; i < vocab; i++) if (!kept.has(i)) row[i] = -Infinity;
  }
}
