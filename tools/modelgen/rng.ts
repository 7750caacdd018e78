/**
 * Deterministic, counter-based randomness. Every tensor element is a pure function of
 * (seed, tensor name, coordinates), so a tensor can be produced in any order or chunking
 * (the fp32 file streams [K, N] while the q4 files stream [N, K]) and every dtype gets the same weights.
 */

/** 32-bit finaliser (lowbias32 by Chris Wellons): a good avalanche for counter-based streams. */
export function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d);
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b);
  x = (x ^ (x >>> 16)) >>> 0;
  return x;
}

/** Combines values into one 32-bit hash. */
export function mix(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) h = hash32((h ^ hash32(v >>> 0)) + 0x6d2b79f5);
  return h >>> 0;
}

/** FNV-1a of a string, for per-tensor seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small sequential generator (xorshift32 over a hashed seed), for the elements of one block or row. */
export class Stream {
  private s: number;
  constructor(seed: number) {
    this.s = hash32(seed) || 0x1234567;
  }
  /** Uniform uint32. */
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }
}
