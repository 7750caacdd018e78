import { describe, expect, it } from 'vitest';
import { fitContext, keptTurns, trimmedNotice } from '../../src/engine/context.ts';
import type { ChatTurn } from '../../src/core/index.ts';

/** A fake template: 1 BOS + per message (1 role token + one token per word) + 3 generation-prompt tokens. */
const count = (msgs: ChatTurn[]) => 1 + 3 + msgs.reduce((n, m) => n + 1 + m.content.split(/\s+/).filter(Boolean).length, 0);
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

const u = (content: string): ChatTurn => ({ role: 'user', content });
const a = (content: string): ChatTurn => ({ role: 'assistant', content });

describe('fitContext', () => {
  it('keeps everything when it fits', () => {
    const msgs = [u(words(10)), a(words(10)), u(words(5))];
    const r = fitContext(msgs, count, 20, 100);
    expect(r).toMatchObject({ ok: true, droppedMessages: 0, promptTokens: count(msgs), maxNewTokens: 20 });
  });

  it('drops the oldest turns (question + answer together) until history + question + max_new_tokens fits', () => {
    const msgs = [u(words(30)), a(words(30)), u(words(30)), a(words(30)), u(words(10))];
    // all: 4 + 31*4 + 11 = 139. Context 120 with 20 new tokens → prompt ≤ 100.
    const r = fitContext(msgs, count, 20, 120);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.droppedMessages).toBe(2);
    expect(r.messages).toEqual(msgs.slice(2));
    expect(r.messages[0]!.role).toBe('user');
    expect(r.promptTokens + 20).toBeLessThanOrEqual(120);
  });

  it('keeps a leading system message when it drops old turns', () => {
    const sys: ChatTurn = { role: 'system', content: words(5) };
    const msgs = [sys, u(words(30)), a(words(30)), u(words(30)), a(words(30)), u(words(10))];
    const r = fitContext(msgs, count, 20, 120);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.messages).toEqual([sys, ...msgs.slice(3)]);
    expect(r.droppedMessages).toBe(2);
    expect(r.promptTokens).toBe(count(r.messages));
    expect(keptTurns(msgs, r.droppedMessages)).toEqual(r.messages);
  });

  it('drops as few turns as possible', () => {
    const msgs = Array.from({ length: 20 }, (_, i) => (i % 2 ? a(words(5)) : u(words(5))));
    msgs.push(u('last'));
    const r = fitContext(msgs, count, 1, count(msgs.slice(6)) + 1);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.droppedMessages).toBe(6);
  });

  it('a single question too long on its own → prompt-too-long with the numbers', () => {
    const r = fitContext([u(words(10)), a(words(3)), u(words(200))], count, 50, 100);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('prompt-too-long');
      expect(r.error.message).toContain('100-token context window');
      expect(r.error.message).toMatch(/205 tokens/);
    }
  });

  it('with the defaults (4096 new tokens, 4096 window) the answer gets what the window has left', () => {
    const r = fitContext([u('hi')], count, 4096, 4096);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.maxNewTokens).toBe(4096 - r.promptTokens);
    // Trimming keeps half the window for the answer; a question over that half is too long.
    expect(fitContext([u(words(2040))], count, 4096, 4096).ok).toBe(true);
    const long = fitContext([u(words(2100))], count, 4096, 4096);
    expect(long).toMatchObject({ ok: false, error: { code: 'prompt-too-long' } });
  });

  it('drops old turns so that half the window stays free for a long answer', () => {
    const msgs = [u(words(1500)), a(words(1500)), u(words(100))];
    const r = fitContext(msgs, count, 4096, 4096);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.droppedMessages).toBe(2);
    expect(r.maxNewTokens).toBe(4096 - r.promptTokens);
  });

  it('empty or whitespace question → empty-prompt; a conversation must end with the user', () => {
    expect(fitContext([u('   \n')], count, 10, 100)).toMatchObject({ ok: false, error: { code: 'empty-prompt' } });
    expect(fitContext([], count, 10, 100)).toMatchObject({ ok: false, error: { code: 'empty-prompt' } });
    expect(fitContext([u('q'), a('x')], count, 10, 100)).toMatchObject({ ok: false, error: { code: 'empty-prompt' } });
  });

  it('counts only O(log n) candidate prompts', () => {
    const msgs = Array.from({ length: 200 }, (_, i) => (i % 2 ? a(words(5)) : u(words(5))));
    msgs.push(u('last'));
    let calls = 0;
    const r = fitContext(msgs, (m) => (calls++, count(m)), 0, 200);
    expect(r.ok).toBe(true);
    expect(calls).toBeLessThanOrEqual(10);
  });

  it('notice text', () => {
    expect(trimmedNotice(1, 4096)).toBe('1 earlier message was left out so the conversation fits the 4096-token context window.');
    expect(trimmedNotice(4, 4096)).toMatch(/^4 earlier messages were/);
  });
});
