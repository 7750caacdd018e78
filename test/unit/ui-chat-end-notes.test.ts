import { describe, expect, it } from 'vitest';
import type { GenerationStats } from '../../src/core/index.ts';
import { tokenLimitOf } from '../../src/chat/token-limit.ts';
import type { ChatMessage } from '../../src/storage/chats/types.ts';
import { endNote, reasoningTitle } from '../../src/ui/chat/end-notes.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const stats = (generatedTokens: number) => ({ generatedTokens }) as GenerationStats;
const cut = (durationMs?: number): ChatMessage['parts'] => [
  { type: 'reasoning', text: 'Hmm, so…', state: 'cut', ...(durationMs !== undefined ? { durationMs } : {}) },
];
const answered: ChatMessage['parts'] = [
  { type: 'reasoning', text: 'Easy.', state: 'done', durationMs: 3200 },
  { type: 'text', text: 'Four.', state: 'done' },
];

describe('the reasoning panel title', () => {
  it('says the model is thinking, then how long it thought', () => {
    expect(reasoningTitle(f, { parts: cut(), status: 'streaming' }, true)).toBe('Thinking…');
    expect(reasoningTitle(f, { parts: answered, status: 'done', endReason: 'eos' }, false)).toBe('Thought for 3.2 s');
  });
  it('says how a reasoning that never finished ended, with the time it ran', () => {
    expect(reasoningTitle(f, { parts: cut(12_000), status: 'done', endReason: 'eos' }, false)).toBe('Stopped while thinking · 12 s');
    expect(reasoningTitle(f, { parts: cut(2500), status: 'stopped', endReason: 'stopped' }, false)).toBe('Stopped while thinking · 2.5 s');
    expect(reasoningTitle(f, { parts: cut(700), status: 'done', endReason: 'max-tokens' }, false)).toBe('Cut off while thinking · 0.7 s');
    expect(reasoningTitle(f, { parts: cut(700), status: 'error' }, false)).toBe('Failed while thinking · 0.7 s');
    expect(reasoningTitle(f, { parts: cut(), status: 'done', endReason: 'eos' }, false)).toBe('Stopped while thinking');
  });
});

describe('the note under a finished answer', () => {
  it('says the model stopped while still thinking and gave no answer (end of sequence inside the reasoning)', () => {
    expect(endNote(f, { parts: cut(12_000), status: 'done', endReason: 'eos' })).toBe(
      'The model stopped while still thinking and gave no answer. Its reasoning is kept above; Regenerate to try again.',
    );
    expect(endNote(f, { parts: answered, status: 'done', endReason: 'eos' })).toBeNull();
  });
  it('says a stop came while thinking or while answering', () => {
    expect(endNote(f, { parts: cut(1), status: 'stopped', endReason: 'stopped' })).toBe('Stopped while thinking: this answer is incomplete.');
    expect(endNote(f, { parts: answered, status: 'stopped', endReason: 'stopped' })).toBe('Stopped: this answer is incomplete.');
    const gone = { code: 'not-loaded' as const, message: 'Stopped: the model was switched or unloaded before this answer finished.' };
    expect(endNote(f, { parts: [], status: 'stopped', endReason: 'stopped', error: gone })).toBe(gone.message);
    const keyed = { ...gone, key: 'sessionNotices.modelGone' };
    expect(endNote(fmtFor('zh-CN'), { parts: [], status: 'stopped', endReason: 'stopped', error: keyed })).toContain('已停止');
  });
  it('names the limit that really stopped the answer and the setting to raise', () => {
    const window = tokenLimitOf('max-tokens', stats(4085), 8000, 4096);
    expect(window).toEqual({ setting: 'contextWindow', value: 4096 });
    expect(endNote(f, { parts: answered, status: 'done', endReason: 'max-tokens', stats: stats(4085), tokenLimit: window! })).toBe(
      'Cut off after 4,085 new tokens: the 4,096-token context window is full. Raise “Context window (tokens)” in Settings for longer answers.',
    );
    const max = tokenLimitOf('max-tokens', stats(64), 64, 4096);
    expect(max).toEqual({ setting: 'maxNewTokens', value: 64 });
    expect(endNote(f, { parts: cut(5), status: 'done', endReason: 'max-tokens', stats: stats(64), tokenLimit: max! })).toBe(
      'Cut off while still thinking at the limit of 64 new tokens: raise “Max new tokens” in Settings for longer answers.',
    );
    expect(tokenLimitOf('eos', stats(10), 64, 4096)).toBeUndefined();
  });
});
