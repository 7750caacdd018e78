/**
 * IEEE 754 binary16 conversion. Node 20 has no Float16Array, so this is done by hand, with
 * round-to-nearest-even like every hardware conversion (and numpy's `astype(float16)`).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Bits of the binary16 value nearest to `value` (ties to even; overflow to ±Infinity; NaN stays NaN). */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): value = m * 2^-24 with m = (1.mant) >> (14 - e).
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    const q = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return sign | (rem > halfway || (rem === halfway && (q & 1) === 1) ? q + 1 : q);
  }
  const h = sign | (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  return rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1) ? h + 1 : h;
}

/** The number a binary16 bit pattern stands for. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Rounds a number to the nearest binary16 value (as a JS number). */
export function roundToHalf(value: number): number {
  return fromHalfBits(toHalfBits(value));
}

/** Converts a whole array; the result's bytes are the little-endian binary16 tensor data. */
export function toHalfArray(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]!);
  return out;
}
