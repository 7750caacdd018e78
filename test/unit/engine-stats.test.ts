import { describe, expect, it } from 'vitest';
import { StatsTracker } from '../../src/engine/stats.ts';

describe('StatsTracker', () => {
  it('computes TTFT, prefill and decode speed, counts and reasoning time', () => {
    let t = 1000;
    const s = new StatsTracker(() => t);
    t = 1010; // tokenizing
    s.prefillStarted(120, 100); // 20 tokens to read
    t = 1210; // prefill took 200 ms
    s.token('reasoning');
    for (let i = 0; i < 4; i++) {
      t += 50;
      s.token('reasoning');
    }
    t += 50;
    s.token(undefined); // </think>
    expect(s.reasoningEnded()).toBe(250);
    for (let i = 0; i < 4; i++) {
      t += 50;
      s.token('text');
    }
    t += 5;
    const st = s.finish();
    expect(st).toMatchObject({
      promptTokens: 120,
      reusedTokens: 100,
      prefillTokens: 20,
      generatedTokens: 10,
      reasoningTokens: 5,
      answerTokens: 4,
      timeToFirstTokenMs: 210,
      reasoningMs: 250,
      totalMs: 665,
    });
    expect(st.prefillTokensPerSec).toBeCloseTo(100); // 20 tokens / 0.2 s
    expect(st.decodeTokensPerSec).toBeCloseTo(20); // 9 gaps / 0.45 s
  });

  it('reports zeros, not NaN or Infinity, when nothing was generated', () => {
    const s = new StatsTracker(() => 0);
    s.prefillStarted(5, 0);
    const st = s.finish();
    expect(st.decodeTokensPerSec).toBe(0);
    expect(st.prefillTokensPerSec).toBe(0);
    expect(st.timeToFirstTokenMs).toBe(0);
    expect(st.reasoningMs).toBe(0);
  });

  it('counts the reasoning time up to the last reasoning token when `</think>` never came', () => {
    let t = 0;
    const s = new StatsTracker(() => t);
    s.prefillStarted(10, 0);
    t = 100;
    for (let i = 0; i < 5; i++) {
      s.token('reasoning');
      t += 1000;
    }
    s.token(undefined); // end of sequence inside the reasoning
    t += 500;
    const st = s.finish();
    expect(st.reasoningTokens).toBe(5);
    expect(st.reasoningMs).toBe(4000);
  });
});
