import { describe, expect, it } from 'vitest';
import { appendChunks, historyToTurns } from '../../src/ui/chat/parts.ts';
import { formatEta, formatPercent, formatSeconds, formatStats } from '../../src/ui/format.ts';
import { formatBytes } from '../../src/core/units.ts';
import type { ChatMessage } from '../../src/storage/chats/types.ts';

describe('message parts', () => {
  it('joins consecutive text of one kind and starts a new part on a switch', () => {
    let parts = appendChunks([], [
      { part: 'reasoning', text: 'Let ' },
      { part: 'reasoning', text: 'me think.' },
      { part: 'answer', text: '' }, // the `</think>` token carries no text
    ]);
    expect(parts).toEqual([{ kind: 'reasoning', text: 'Let me think.' }]);
    parts = appendChunks(parts, [
      { part: 'answer', text: 'It is ' },
      { part: 'answer', text: '4.' },
    ]);
    expect(parts).toEqual([
      { kind: 'reasoning', text: 'Let me think.' },
      { kind: 'answer', text: 'It is 4.' },
    ]);
  });

  it('never mutates the parts it was given (React state stays immutable)', () => {
    const before = [{ kind: 'answer' as const, text: 'a' }];
    const frozen = JSON.stringify(before);
    const after = appendChunks(before, [{ part: 'answer', text: 'b' }]);
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after[0]).not.toBe(before[0]);
    const reasoning = { kind: 'reasoning' as const, text: 'r' };
    const more = appendChunks([reasoning], [{ part: 'answer', text: 'x' }]);
    expect(more[0]).toBe(reasoning); // untouched parts are shared
  });
});

describe('history for the engine', () => {
  const msg = (m: Partial<ChatMessage>): ChatMessage => ({
    id: 'x',
    conversationId: 'c',
    seq: 0,
    role: 'user',
    content: '',
    parts: [],
    status: 'done',
    createdAt: 0,
    updatedAt: 0,
    ...m,
  });
  it('feeds assistant turns as raw text with </think> so the template can drop old reasoning', () => {
    const turns = historyToTurns([
      msg({ role: 'user', content: 'q1' }),
      msg({ role: 'assistant', parts: [{ kind: 'reasoning', text: 'r1' }, { kind: 'answer', text: 'a1' }], reasoningEnded: true }),
      msg({ role: 'user', content: 'q2' }),
      msg({ role: 'assistant', parts: [], status: 'error' }),
      msg({ role: 'user', content: 'q3' }),
    ]);
    expect(turns).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'r1</think>\n\na1' },
      { role: 'user', content: 'q2' },
      { role: 'user', content: 'q3' },
    ]);
  });
  it('prefers the stored raw text', () => {
    const turns = historyToTurns([msg({ role: 'assistant', raw: 'R</think>A', parts: [{ kind: 'answer', text: 'A' }] })]);
    expect(turns).toEqual([{ role: 'assistant', content: 'R</think>A' }]);
  });
});

describe('formatting', () => {
  it('formats bytes, durations and time left', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_368_849_408)).toBe('1.37 GB');
    expect(formatSeconds(420)).toBe('0.4 s');
    expect(formatSeconds(125_000)).toBe('2 min 5 s');
    expect(formatEta(null)).toBe('time left unknown');
    expect(formatEta(90)).toBe('2 min left');
    expect(formatPercent(50, 200)).toBe('25%');
    expect(formatPercent(1, 0)).toBe('–');
  });
  it('writes the stats line', () => {
    expect(
      formatStats({
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
