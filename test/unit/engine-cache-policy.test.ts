import { describe, expect, it } from 'vitest';
import { commonPrefixLength, isExactPrefix, planCacheReuse, sliceKvData } from '../../src/engine/cache-policy.ts';

// Token ids in the R1 layout: BOS=151646 User=151644 Assistant=151645 EOS=151643 <think>=151648 </think>=151649
const BOS = 151646, U = 151644, A = 151645, EOS = 151643, TS = 151648, TE = 151649, NL = 198;

describe('prefix checks', () => {
  it('commonPrefixLength / isExactPrefix', () => {
    expect(commonPrefixLength([1, 2, 3], [1, 2, 4])).toBe(2);
    expect(commonPrefixLength([], [1])).toBe(0);
    expect(isExactPrefix([1, 2], [1, 2, 3])).toBe(true);
    expect(isExactPrefix([1, 2, 3], [1, 2])).toBe(false);
    expect(isExactPrefix([1, 3], [1, 2, 3])).toBe(false);
  });
});

describe('planCacheReuse', () => {
  it('an empty cache means a full prefill', () => {
    expect(planCacheReuse([], [1, 2, 3])).toEqual({ kind: 'none', keep: 0, reason: 'empty' });
  });

  it('an exact prefix is reused unchanged (history rendered identically)', () => {
    expect(planCacheReuse([1, 2, 3], [1, 2, 3, 4, 5])).toEqual({ kind: 'reuse', keep: 3 });
  });

  it('after an R1 answer the template drops the reasoning: keep up to the last <｜Assistant｜>', () => {
    const q1 = [10, 11];
    const reasoning = [20, 21, 22];
    const answer = [30, 31];
    // What the cache holds after turn 1 (the final sampled token is never fed, so EOS is absent).
    const cached = [BOS, U, ...q1, A, TS, NL, ...reasoning, TE, NL, ...answer];
    // Turn 2 prompt: the template renders turn 1's answer without its reasoning.
    const prompt2 = [BOS, U, ...q1, A, NL, ...answer, EOS, U, 40, A, TS, NL];
    const plan = planCacheReuse(cached, prompt2);
    expect(plan).toEqual({ kind: 'truncate', keep: 5 });
    expect(prompt2[plan.keep - 1]).toBe(A);
  });

  it('always leaves at least one prompt token to feed (regenerate: same prompt again)', () => {
    const prompt = [BOS, U, 10, A, TS, NL];
    const cached = [...prompt, 20, 21];
    expect(planCacheReuse(cached, prompt)).toEqual({ kind: 'truncate', keep: prompt.length - 1 });
  });

  it('no common prefix (different conversation) → full prefill', () => {
    expect(planCacheReuse([5, 6], [7, 8])).toMatchObject({ kind: 'none', reason: 'no-common-prefix' });
  });

  it('honours a minimum worth reusing', () => {
    expect(planCacheReuse([1, 2, 9], [1, 2, 3, 4], { minReuse: 3 })).toMatchObject({ kind: 'none', reason: 'below-minimum' });
    expect(planCacheReuse([1, 2, 3, 9], [1, 2, 3, 4], { minReuse: 3 })).toEqual({ kind: 'truncate', keep: 3 });
  });
});

describe('sliceKvData', () => {
  it('keeps the first positions of every head, [b, h, s, d] row-major', () => {
    // b=1, h=2, s=3, d=2: value = head*100 + pos*10 + dim
    const dims = [1, 2, 3, 2];
    const data = new Float32Array(12);
    for (let h = 0; h < 2; h++) for (let s = 0; s < 3; s++) for (let d = 0; d < 2; d++) data[h * 6 + s * 2 + d] = h * 100 + s * 10 + d;
    const out = sliceKvData(data, dims, 2);
    expect(out).toBeInstanceOf(Float32Array);
    expect([...out]).toEqual([0, 1, 10, 11, 100, 101, 110, 111]);
  });

  it('works on fp16 bit patterns and rejects bad lengths', () => {
    const data = new Uint16Array([1, 2, 3, 4]);
    expect([...sliceKvData(data, [1, 1, 4, 1], 1)]).toEqual([1]);
    expect(sliceKvData(data, [1, 1, 4, 1], 0).length).toBe(0);
    expect(() => sliceKvData(data, [1, 1, 4, 1], 5)).toThrow();
  });
});
