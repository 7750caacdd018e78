import { describe, expect, it } from 'vitest';
import { formatEta, formatPercent, formatSeconds, formatStats } from '../../src/ui/format.ts';
import { formatBytes } from '../../src/core/units.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

describe('formatting', () => {
  it('formats bytes, durations and time left', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_368_849_408)).toBe('1.37 GB');
    expect(formatSeconds(f, 420)).toBe('0.4 s');
    expect(formatSeconds(f, 125_000)).toBe('2 min 5 s');
    expect(formatEta(f, null)).toBe('time left unknown');
    expect(formatEta(f, 90)).toBe('2 min left');
    expect(formatPercent(f, 50, 200)).toBe('25%');
    expect(formatPercent(f, 1, 0)).toBe('–');
  });
  it('writes the stats line', () => {
    expect(
      formatStats(f, {
        promptTokens: 40,
        reusedTokens: 30,
        prefillTokens: 10,
        generatedTokens: 44,
        reasoningTokens: 20,
        answerTokens: 23,
        timeToFirstTokenMs: 250,
        prefillTokensPerSec: 400,
        decodeTokensPerSec: 85.25,
        reasoningMs: 1500,
        totalMs: 800,
      }),
    ).toBe('44 tokens · first token 0.3 s · prefill 400 tok/s · decode 85.3 tok/s · reasoning 20 tokens, 1.5 s · 30 of 40 prompt tokens from cache');
  });
});
