import { describe, expect, it } from 'vitest';
import { fromHalfBits, roundToHalf, toHalfBits } from '../../tools/modelgen/fp16.ts';

describe('float32 → float16 conversion', () => {
  it('maps known values to their IEEE binary16 bits', () => {
    expect(toHalfBits(0)).toBe(0x0000);
    expect(toHalfBits(-0)).toBe(0x8000);
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.5)).toBe(0x3800);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(-10000)).toBe(0xf0e2);
  });

  it('overflows to infinity and keeps NaN', () => {
    expect(toHalfBits(65520)).toBe(0x7c00); // halfway to the next binade rounds up to Infinity
    expect(toHalfBits(65519)).toBe(0x7bff);
    expect(toHalfBits(Infinity)).toBe(0x7c00);
    expect(toHalfBits(-1e10)).toBe(0xfc00);
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even (normals and subnormals)', () => {
    const ulp1 = 2 ** -10; // spacing just above 1
    expect(toHalfBits(1 + ulp1 / 2)).toBe(0x3c00); // tie → even (…00)
    expect(toHalfBits(1 + (3 * ulp1) / 2)).toBe(0x3c02); // tie → even (…10)
    expect(toHalfBits(1 + ulp1 / 2 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(toHalfBits(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal → 0
    expect(toHalfBits(3 * 2 ** -25)).toBe(0x0002); // tie between 1 and 2 subnormal units → 2
    expect(toHalfBits(2 ** -25 + 2 ** -30)).toBe(0x0001);
  });

  it('round-trips every finite half value', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // Inf / NaN
      expect(toHalfBits(fromHalfBits(h))).toBe(h);
    }
  });

  it('roundToHalf is idempotent and close', () => {
    for (const v of [0.1, 3.14159, -123.456, 1e-5, 40]) {
      const r = roundToHalf(v);
      expect(roundToHalf(r)).toBe(r);
      expect(Math.abs(r - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25);
    }
  });
});
