import { describe, expect, it } from 'vitest';
import { ThinkParser, partialTagSuffix, type ThinkEvent } from '../../src/core/think-parser.ts';

const END_ID = 151649;
const START_ID = 151648;

/** Feed chunks (optionally with ids), collect reasoning, answer and whether reasoning ended. */
function run(chunks: (string | [string, number])[], startInReasoning = true) {
  const p = new ThinkParser({ startInReasoning, thinkStartId: START_ID, thinkEndId: END_ID });
  const events: ThinkEvent[] = [];
  for (const c of chunks) events.push(...(Array.isArray(c) ? p.push(c[0], c[1]) : p.push(c)));
  events.push(...p.end());
  let reasoning = '';
  let answer = '';
  let ends = 0;
  for (const e of events) {
    if (e.type === 'reasoning-end') ends++;
    else if (e.part === 'reasoning') reasoning += e.text;
    else answer += e.text;
  }
  return { reasoning, answer, ends, events };
}

describe('ThinkParser', () => {
  it('starts in reasoning (R1 template) and switches at the </think> token id', () => {
    const r = run(['Let', ' me', ' think', '.\n', ['</think>', END_ID], '\n\n', 'The', ' answer', ' is 4.']);
    expect(r.reasoning).toBe('Let me think.\n');
    expect(r.answer).toBe('The answer is 4.');
    expect(r.ends).toBe(1);
  });

  it('recognises </think> spelled out as text and split across chunks in every possible way', () => {
    const text = 'Reason here.</think>\n\nAnswer here.';
    for (let a = 1; a < text.length; a++) {
      for (let b = a + 1; b < text.length; b++) {
        const r = run([text.slice(0, a), text.slice(a, b), text.slice(b)]);
        expect(r.reasoning, `split at ${a},${b}`).toBe('Reason here.');
        expect(r.answer, `split at ${a},${b}`).toBe('Answer here.');
        expect(r.ends).toBe(1);
      }
    }
  });

  it('never lets a tag reach the output, even character by character', () => {
    const text = '<think>\nhmm</think>\n\nok <b>bold</b>';
    const r = run([...text], false);
    const all = r.reasoning + r.answer;
    expect(all).not.toContain('<think>');
    expect(all).not.toContain('</think>');
    expect(r.reasoning).toBe('hmm');
    expect(r.answer).toBe('ok <b>bold</b>');
  });

  it('keeps everything as reasoning when </think> never comes (stopped or max tokens)', () => {
    const r = run(['Still', ' thinking', ' about', ' it']);
    expect(r.reasoning).toBe('Still thinking about it');
    expect(r.answer).toBe('');
    expect(r.ends).toBe(0);
  });

  it('handles empty reasoning', () => {
    const r = run([['</think>', END_ID], '\n\n', 'Direct answer.']);
    expect(r.reasoning).toBe('');
    expect(r.answer).toBe('Direct answer.');
    expect(r.ends).toBe(1);
  });

  it('drops the whitespace right after </think> but keeps inner whitespace', () => {
    const r = run(['a', ['</think>', END_ID], ' ', '\n', '\n\n', 'x  y\n\nz']);
    expect(r.answer).toBe('x  y\n\nz');
  });

  it('handles a literal <think> emitted by the model (older template)', () => {
    const r = run([['<think>', START_ID], '\n', 'plan', ['</think>', END_ID], '\n\n', 'done'], false);
    expect(r.reasoning).toBe('plan');
    expect(r.answer).toBe('done');
    expect(r.ends).toBe(1);
  });

  it('treats output without any tags as answer when the prompt did not open a reasoning', () => {
    const r = run(['Just', ' an', ' answer.'], false);
    expect(r.answer).toBe('Just an answer.');
    expect(r.reasoning).toBe('');
  });

  it('does not swallow a "<" that is not a tag, and releases a dangling partial tag at the end', () => {
    const r = run(['x < y', ['</think>', END_ID], 'a <b and </thi']);
    expect(r.reasoning).toBe('x < y');
    expect(r.answer).toBe('a <b and </thi');
  });

  it('drops a stray </think> inside the answer', () => {
    const r = run(['r', ['</think>', END_ID], 'one', ['</think>', END_ID], 'two']);
    expect(r.answer).toBe('onetwo');
    expect(r.ends).toBe(1);
  });

  it('merges consecutive text of one part inside a single push', () => {
    const p = new ThinkParser({ startInReasoning: true, thinkEndId: END_ID });
    expect(p.push('abc')).toEqual([{ type: 'delta', part: 'reasoning', text: 'abc' }]);
    expect(p.push('d</think>\n\ne')).toEqual([
      { type: 'delta', part: 'reasoning', text: 'd' },
      { type: 'reasoning-end' },
      { type: 'delta', part: 'text', text: 'e' },
    ]);
  });

  it('partialTagSuffix finds the longest possible tag start', () => {
    expect(partialTagSuffix('abc')).toBe(0);
    expect(partialTagSuffix('abc<')).toBe(1);
    expect(partialTagSuffix('abc</th')).toBe(4);
    expect(partialTagSuffix('abc<thin')).toBe(5);
    expect(partialTagSuffix('</think')).toBe(7);
  });
});
