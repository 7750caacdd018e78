import { describe, expect, it } from 'vitest';
import { finishParts, type MessagePart, type PartDelta } from '../../src/core/index.ts';
import { endReasoning, foldDelta, historyText, historyToTurns } from '../../src/chat/fold.ts';
import type { ChatMessage } from '../../src/storage/chats/types.ts';

const fold = (parts: MessagePart[], deltas: PartDelta[]) => deltas.reduce((p, d) => foldDelta(p, d, 0), parts);

describe('folding deltas into parts', () => {
  it('joins text of one part, and the reasoning ends with its duration before the answer', () => {
    let parts = fold([], [
      { part: 'reasoning', text: 'Let ' },
      { part: 'reasoning', text: 'me think.' },
      { part: 'text', text: '' }, // the `</think>` token carries no text
    ]);
    expect(parts).toEqual([{ type: 'reasoning', text: 'Let me think.', state: 'streaming' }]);
    parts = endReasoning(parts, 1234.4);
    parts = fold(parts, [
      { part: 'text', text: 'It is ' },
      { part: 'text', text: '4.' },
    ]);
    expect(parts).toEqual([
      { type: 'reasoning', text: 'Let me think.', state: 'done', durationMs: 1234 },
      { type: 'text', text: 'It is 4.', state: 'streaming' },
    ]);
  });

  it('never mutates the parts it was given, and shares the parts it does not change', () => {
    const before: MessagePart[] = [{ type: 'reasoning', text: 'r', state: 'done', durationMs: 5 }, { type: 'text', text: 'a', state: 'streaming' }];
    const frozen = JSON.stringify(before);
    const after = foldDelta(before, { part: 'text', text: 'b' }, 0);
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toEqual({ type: 'text', text: 'ab', state: 'streaming' });
  });

  it('an answer that ends inside its reasoning has it cut after the time it ran; finished parts stay', () => {
    const parts = finishParts([{ type: 'reasoning', text: 'hm', state: 'streaming' }], 812.6);
    expect(parts).toEqual([{ type: 'reasoning', text: 'hm', state: 'cut', durationMs: 813 }]);
    const done: MessagePart[] = [{ type: 'reasoning', text: 'r', state: 'done', durationMs: 7 }, { type: 'text', text: 'x', state: 'streaming' }];
    expect(finishParts(done, 99)).toEqual([done[0], { type: 'text', text: 'x', state: 'done' }]);
  });
});

describe('history for the engine', () => {
  const msg = (role: ChatMessage['role'], parts: MessagePart[], status: ChatMessage['status'] = 'done'): ChatMessage => ({
    id: 'x', conversationId: 'c', seq: 0, role, parts, status, createdAt: 0, updatedAt: 0,
  });
  const q = (text: string) => msg('user', [{ type: 'text', text, state: 'done' }]);

  it('feeds answers as the decoded text with </think>, so the template can drop old reasoning', () => {
    const turns = historyToTurns([
      q('q1'),
      msg('assistant', [{ type: 'reasoning', text: 'r1\n', state: 'done', durationMs: 1 }, { type: 'text', text: 'a1', state: 'done' }]),
      q('q2'),
      msg('assistant', [], 'error'),
      q('q3'),
    ]);
    expect(turns).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'r1\n</think>\n\na1' },
      { role: 'user', content: 'q2' },
      { role: 'user', content: 'q3' },
    ]);
  });

  it('starts with the system prompt when there is one (trimmed), and none when it is empty or blank', () => {
    expect(historyToTurns([q('q1')], '  Reason step by step.\n')).toEqual([
      { role: 'system', content: 'Reason step by step.' },
      { role: 'user', content: 'q1' },
    ]);
    expect(historyToTurns([q('q1')], '')).toEqual([{ role: 'user', content: 'q1' }]);
    expect(historyToTurns([q('q1')], ' \n ')).toEqual([{ role: 'user', content: 'q1' }]);
  });

  it('a reasoning cut before </think> is fed without the tag; an answer without reasoning is its text', () => {
    expect(historyText([{ type: 'reasoning', text: 'Three and', state: 'cut', durationMs: 3 }])).toBe('Three and');
    expect(historyText([{ type: 'text', text: 'Just this.', state: 'done' }])).toBe('Just this.');
  });
});
