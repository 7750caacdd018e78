import { describe, expect, it } from 'vitest';
import { EMPTY_BLOCKS, allBlocks, appendText, openBlock, splitBlocks } from '../../src/ui/markdown/blocks.ts';

/** Feeds text in pieces of `size` characters, as a token stream would. */
function streamed(text: string, size: number) {
  let s = EMPTY_BLOCKS;
  for (let i = 0; i < text.length; i += size) s = appendText(s, text.slice(i, i + size));
  return s;
}

const DOC = [
  '# Title',
  '',
  'A paragraph\nover two lines.',
  '',
  '```python\nx = 1\n\n\ny = 2\n```',
  '',
  '- item one\n\n  continued item paragraph\n- item two',
  '',
  '$$\na + b\n\n= c\n$$',
  '',
  '\\[\nx\n\n\\]',
  '',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  '',
  'Last words.',
].join('\n');

describe('incremental markdown block splitter', () => {
  it('splits at blank lines outside code fences and display math', () => {
    expect(splitBlocks(DOC)).toEqual([
      '# Title',
      'A paragraph\nover two lines.',
      '```python\nx = 1\n\n\ny = 2\n```',
      '- item one\n\n  continued item paragraph\n- item two',
      '$$\na + b\n\n= c\n$$',
      '\\[\nx\n\n\\]',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      'Last words.',
    ]);
  });

  it('gives the same blocks whatever the chunking', () => {
    const whole = splitBlocks(DOC);
    for (const size of [1, 2, 3, 7, 50]) expect(allBlocks(streamed(DOC, size))).toEqual(whole);
  });

  it('freezes a block only when a later line proves it finished', () => {
    let s = appendText(EMPTY_BLOCKS, 'First para.\n\n');
    expect(s.done).toEqual([]);
    expect(openBlock(s)).toBe('First para.');
    s = appendText(s, '  ');
    expect(s.done).toEqual([]); // an indented line may continue the block (a list item)
    s = appendText(s, 'still the same item\n\nSec');
    expect(s.done).toEqual(['First para.\n\n  still the same item']); // unindented: the block ended
    s = appendText(s, 'ond.\n');
    expect(openBlock(s)).toBe('Second.');
  });

  it('never changes a frozen block and keeps the done array identity between freezes', () => {
    let s = appendText(EMPTY_BLOCKS, 'One.\n\nTwo');
    const done = s.done;
    expect(done).toEqual(['One.']);
    s = appendText(s, ' more words');
    expect(s.done).toBe(done); // nothing frozen: same array, so memoized blocks stay memoized
    s = appendText(s, '\n\nThree\n');
    expect(s.done).toEqual(['One.', 'Two more words']);
    expect(done).toEqual(['One.']);
  });

  it('keeps an unclosed fence open to the end', () => {
    expect(splitBlocks('Intro.\n\n```js\nlet a;\n\nlet b;')).toEqual(['Intro.', '```js\nlet a;\n\nlet b;']);
  });

  it('treats an inline triple-backtick line as text, not a fence', () => {
    expect(splitBlocks('```inline``` text\n\nNext.')).toEqual(['```inline``` text', 'Next.']);
  });

  it('ignores leading blank lines and returns nothing for whitespace', () => {
    expect(splitBlocks('\n\n\nHello')).toEqual(['Hello']);
    expect(splitBlocks('\n \n')).toEqual([]);
  });

  it('costs time proportional to the appended text (no rescanning of the whole answer)', () => {
    // A long answer built token by token: the state carries only the open block's text.
    let s = EMPTY_BLOCKS;
    for (let i = 0; i < 2000; i++) s = appendText(s, `Paragraph ${i} has words.\n\n`);
    expect(s.done.length).toBe(1999);
    expect(s.openLines.length).toBeLessThan(40);
  });
});
