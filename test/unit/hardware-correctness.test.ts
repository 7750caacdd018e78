import { describe, expect, it } from 'vitest';
import { AGREEMENT_THRESHOLD, argmax, compareLogits, correctnessVerdict } from '../../src/diagnostics/correctness.ts';

const rows = (...r: number[][]) => Float32Array.from(r.flat());

describe('GPU vs CPU logits comparison', () => {
  it('identical logits: every position agrees, no difference', () => {
    const a = rows([0, 5, 1], [3, 0, 1]);
    const c = compareLogits(a, a.slice(), 3);
    expect(c).toMatchObject({ positions: 2, agreeing: 2, agreement: 1, maxAbsDiff: 0, firstDisagreement: -1 });
  });

  it('small noise keeps top-1 and reports the largest |Δ|', () => {
    const c = compareLogits(rows([0, 5, 1], [3, 0, 1]), rows([0.01, 4.9, 1], [3, 0.2, 1.05]), 3);
    expect(c.agreement).toBe(1);
    expect(c.maxAbsDiff).toBeCloseTo(0.2, 5);
    expect(c.meanMaxAbsDiff).toBeCloseTo((0.1 + 0.2) / 2, 5);
  });

  it('a different top-1 counts as a disagreement at its position', () => {
    const c = compareLogits(rows([0, 5, 1], [3, 0, 1], [1, 2, 3]), rows([0, 5, 1], [0, 4, 1], [1, 2, 9]), 3);
    expect(c.agreeing).toBe(2);
    expect(c.agreement).toBeCloseTo(2 / 3);
    expect(c.firstDisagreement).toBe(1);
    expect(c.maxAbsDiff).toBe(6);
  });

  it('NaN on the GPU side is a disagreement and an infinite difference (garbage output)', () => {
    const c = compareLogits(rows([NaN, NaN, NaN], [0, 1, 0]), rows([0, 5, 1], [0, 1, 0]), 3);
    expect(c.nonFinitePositions).toBe(1);
    expect(c.agreeing).toBe(1);
    expect(c.maxAbsDiff).toBe(Infinity);
  });

  it('masked vocabulary rows (-∞ on both sides) are equal', () => {
    const c = compareLogits(rows([-Infinity, 2, -Infinity]), rows([-Infinity, 2, -Infinity]), 3);
    expect(c).toMatchObject({ agreement: 1, maxAbsDiff: 0, nonFinitePositions: 0 });
  });

  it('rejects shapes that do not line up', () => {
    expect(() => compareLogits(rows([1, 2]), rows([1, 2, 3]), 3)).toThrow(RangeError);
    expect(() => compareLogits(rows([1, 2]), rows([1, 2]), 3)).toThrow(RangeError);
  });

  it('argmax ignores NaN', () => {
    expect(argmax([1, NaN, 3, 2])).toBe(2);
    expect(argmax([NaN, NaN])).toBe(-1);
    expect(argmax([9, 1, 5, 7], 1, 4)).toBe(2);
  });

  it('the verdict passes a working GPU and flags a broken one, suggesting q4 for f16 models', () => {
    const good = compareLogits(rows([0, 5], [5, 0]), rows([0, 5], [5, 0]), 2);
    expect(correctnessVerdict(good, 'q4f16')).toMatchObject({ ok: true });
    const bad = { ...good, agreeing: 1, positions: 2, agreement: 0.5 };
    const v = correctnessVerdict(bad, 'q4f16');
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/q4 model/);
    expect(v.message).toMatch(/50\.0%/);
    expect(correctnessVerdict(bad, 'q4').message).toMatch(/WASM/);
    expect(correctnessVerdict({ ...good, agreement: AGREEMENT_THRESHOLD }, 'q4').ok).toBe(true);
  });

  it('a GPU that decodes right but reads long prompts wrong is flagged for long questions', () => {
    const good = compareLogits(rows([0, 5], [5, 0]), rows([0, 5], [5, 0]), 2);
    const badLong = { ...good, positions: 96, agreeing: 66, agreement: 66 / 96, maxAbsDiff: 1.58 };
    const v = correctnessVerdict(good, 'q4', AGREEMENT_THRESHOLD, { comparison: badLong, tokens: 96, chunk: 96 });
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/Token-by-token generation on this GPU matches the CPU/);
    expect(v.message).toMatch(/96-token prompt in passes of 96 tokens: 66 of 96 positions agree \(68\.8%\)/);
    expect(v.message).toMatch(/long questions/);
    const both = correctnessVerdict(good, 'q4', AGREEMENT_THRESHOLD, { comparison: good, tokens: 96, chunk: 31 });
    expect(both.ok).toBe(true);
  });

  it('says why the prompt was read in short passes when the engine capped them (the load-time attention check)', () => {
    const good = compareLogits(rows([0, 5], [5, 0]), rows([0, 5], [5, 0]), 2);
    const passLimit = { tokens: 31, reason: 'passes of 32 or more new tokens compute attention wrongly here.' };
    const v = correctnessVerdict(good, 'q4', AGREEMENT_THRESHOLD, { comparison: good, tokens: 96, chunk: 31, passLimit });
    expect(v.ok).toBe(true);
    expect(v.message).toMatch(/in passes of 31 tokens.*Passes are capped at 31 tokens here: passes of 32 or more/);
    expect(correctnessVerdict(good, 'q4', AGREEMENT_THRESHOLD, { comparison: good, tokens: 96, chunk: 96 }).message).not.toMatch(/capped/);
  });
});
