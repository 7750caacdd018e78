/**
 * KV-cache reuse across turns: which cached positions are still valid for a new prompt. Pure.
 *
 * The cache holds keys/values for a token sequence; they depend only on that prefix (causal
 * attention), so the cached entries for the longest common prefix (LCP) of the cached sequence and
 * the new prompt are exactly what a fresh prefill would compute. Everything after it is dropped.
 *
 * With the R1 template earlier reasoning is removed from the history (`split('</think>')[-1]`), so
 * after a turn the cached sequence (…`<｜Assistant｜><think>\n` reasoning `</think>` answer) and the next
 * prompt (…`<｜Assistant｜>` answer `<｜end▁of▁sentence｜><｜User｜>`…) part right after the last
 * `<｜Assistant｜>`: the whole earlier history is reused, the last answer and the new question are read.
 */

export function commonPrefixLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** True when `prefix` is an exact prefix of `seq` (the condition for reusing a cache unchanged). */
export function isExactPrefix(prefix: ArrayLike<number>, seq: ArrayLike<number>): boolean {
  return prefix.length <= seq.length && commonPrefixLength(prefix, seq) === prefix.length;
}

export type CacheAction =
  /** No usable cache: prefill the whole prompt. */
  | { kind: 'none'; keep: 0; reason: 'empty' | 'no-common-prefix' | 'below-minimum' }
  /** The cache is an exact prefix: feed only the new tokens. */
  | { kind: 'reuse'; keep: number }
  /** Keep the first `keep` cached positions (cut the tensors), feed the rest. */
  | { kind: 'truncate'; keep: number };

export interface CachePolicyOptions {
  /** Below this many reusable tokens, cutting the cache is not worth it (a small re-prefill is cheap). */
  minReuse?: number;
}

/**
 * Decide what to do with a cache holding `cached` tokens for a new prompt `prompt`.
 * At least one prompt token is always left to feed: `generate` needs a forward pass over the
 * last prompt position to produce the first token's logits.
 */
export function planCacheReuse(
  cached: ArrayLike<number>,
  prompt: ArrayLike<number>,
  opts: CachePolicyOptions = {},
): CacheAction {
  if (cached.length === 0) return { kind: 'none', keep: 0, reason: 'empty' };
  const lcp = Math.min(commonPrefixLength(cached, prompt), prompt.length - 1);
  if (lcp <= 0) return { kind: 'none', keep: 0, reason: 'no-common-prefix' };
  if (lcp < (opts.minReuse ?? 1)) return { kind: 'none', keep: 0, reason: 'below-minimum' };
  if (lcp === cached.length) return { kind: 'reuse', keep: lcp };
  return { kind: 'truncate', keep: lcp };
}

/** Any typed array (Float32Array, Uint16Array, Float16Array where the runtime has it). */
export interface KvArray extends ArrayLike<number> {
  subarray(begin: number, end: number): ArrayLike<number>;
  set(source: ArrayLike<number>, offset?: number): void;
}

/**
 * Cut one KV tensor's data `[batch, heads, seq, headDim]` (row-major) to its first `keep` positions.
 * Returns a new array of the same type holding `[batch, heads, keep, headDim]`.
 */
export function sliceKvData<T extends KvArray>(
  data: T,
  dims: readonly number[],
  keep: number,
): T {
  const [b, h, s, d] = dims as [number, number, number, number];
  if (dims.length !== 4) throw new Error(`expected a 4-D KV tensor, got [${dims.join(', ')}]`);
  if (keep > s || keep < 0) throw new Error(`cannot keep ${keep} of ${s} cached positions`);
  const Ctor = data.constructor as new (n: number) => T;
  const out = new Ctor(b * h * keep * d);
  const rowIn = s * d;
  const rowOut = keep * d;
  for (let i = 0; i < b * h; i++) {
    out.set(data.subarray(i * rowIn, i * rowIn + rowOut), i * rowOut);
  }
  return out;
}
