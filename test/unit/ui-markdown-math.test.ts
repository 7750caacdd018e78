import { describe, expect, it } from 'vitest';
import { hasMath, normalizeMath } from '../../src/ui/markdown/math.ts';

describe('normalizeMath: DeepSeek LaTeX delimiters → remark-math', () => {
  it('turns a display \\[ … \\] on its own lines into a $$ block', () => {
    expect(normalizeMath('So:\n\n\\[\n\\boxed{4}\n\\]\n')).toBe('So:\n\n$$\n\\boxed{4}\n$$\n');
    expect(normalizeMath('\\[ x^2 + 1 \\]')).toBe('$$\nx^2 + 1\n$$');
  });

  it('keeps the indentation of a display block inside a list item', () => {
    expect(normalizeMath('1. Square it:\n   \\[ a^2 \\]\n')).toBe('1. Square it:\n   $$\n   a^2\n   $$\n');
  });

  it('makes mid-sentence \\[ … \\] inline double-dollar math', () => {
    expect(normalizeMath('where \\[x = 1\\] holds')).toBe('where $$x = 1$$ holds');
  });

  it('turns \\( … \\) into $ … $', () => {
    expect(normalizeMath('Let \\( x = 2 \\) and \\(y\\).')).toBe('Let $x = 2$ and $y$.');
  });

  it('wraps a bare \\boxed{} (nested braces) in math', () => {
    expect(normalizeMath('The answer is \\boxed{\\frac{1}{2}}.')).toBe('The answer is $\\boxed{\\frac{1}{2}}$.');
  });

  it('does not touch \\boxed already inside math', () => {
    expect(normalizeMath('\\( \\boxed{4} \\)')).toBe('$\\boxed{4}$');
    expect(normalizeMath('$\\boxed{4}$ and \\(y\\)')).toBe('$\\boxed{4}$ and $y$');
  });

  it('leaves code spans and fenced code alone', () => {
    const src = 'Use `\\[x\\]` here.\n\n```tex\n\\[ y \\]\n\\boxed{3}\n```\n\nBut \\(z\\).';
    expect(normalizeMath(src)).toBe('Use `\\[x\\]` here.\n\n```tex\n\\[ y \\]\n\\boxed{3}\n```\n\nBut $z$.');
    expect(normalizeMath('~~~\n\\(a\\)\n~~~')).toBe('~~~\n\\(a\\)\n~~~');
  });

  it('leaves unclosed delimiters while the answer is still streaming', () => {
    expect(normalizeMath('Thus \\[ x = ')).toBe('Thus \\[ x = ');
    expect(normalizeMath('Thus \\boxed{4')).toBe('Thus \\boxed{4');
  });

  it('escapes a lone dollar so it cannot pair with added math', () => {
    expect(normalizeMath('It costs $5, and \\(x\\).')).toBe('It costs \\$5, and $x$.');
  });

  it('keeps other escapes as they are', () => {
    expect(normalizeMath('a \\\\ b \\* c \\(d\\)')).toBe('a \\\\ b \\* c $d$');
  });

  it('returns plain text unchanged', () => {
    const plain = 'No math here, just 5 and `code`.';
    expect(normalizeMath(plain)).toBe(plain);
  });

  it('makes a one-line $$ … $$ paragraph a display block', () => {
    expect(normalizeMath('Sum:\n\n$$ \\sum_k k $$\n\nDone.')).toBe('Sum:\n\n$$\n\\sum_k k\n$$\n\nDone.');
    expect(normalizeMath('$$x^2$$')).toBe('$$\nx^2\n$$');
    expect(normalizeMath('- item\n  $$a+b$$\n')).toBe('- item\n  $$\n  a+b\n  $$\n');
  });

  it('keeps $$ … $$ inside a sentence inline and a multi-line $$ block as it is', () => {
    expect(normalizeMath('where $$x = 1$$ holds')).toBe('where $$x = 1$$ holds');
    expect(normalizeMath('$$\nx\n$$\n')).toBe('$$\nx\n$$\n');
  });

  it('leaves $$ in code and dollar amounts in prose alone', () => {
    expect(normalizeMath('Use `$$x$$` here.')).toBe('Use `$$x$$` here.');
    expect(normalizeMath('```\n$$x$$\n```\n')).toBe('```\n$$x$$\n```\n');
    expect(normalizeMath('It costs $5 and $10.')).toBe('It costs \\$5 and \\$10.');
    expect(normalizeMath('It costs $5.\n\n$$y$$')).toBe('It costs \\$5.\n\n$$\ny\n$$');
    expect(normalizeMath('Let $x$ be $2y + 1$, or $ 3 $.')).toBe('Let $x$ be $2y + 1$, or \\$ 3 \\$.');
    expect(normalizeMath('Pay $5 now\n\nor $x$')).toBe('Pay \\$5 now\n\nor $x$');
    expect(normalizeMath('It costs $5 and $10, and $x^2$ is maths.')).toBe('It costs \\$5 and \\$10, and $x^2$ is maths.');
    expect(normalizeMath('Pay $1,200.50. Or $2x$ and $5$.')).toBe('Pay \\$1,200.50. Or $2x$ and $5$.');
  });
});

describe('hasMath: whether a block needs the maths renderer (loaded only then)', () => {
  const needs = (md: string) => hasMath(normalizeMath(md));
  it('is true for dollar, bracket and \\boxed maths', () => {
    expect(needs('Area $\\pi r^2$.')).toBe(true);
    expect(needs('\\[ x^2 \\]')).toBe(true);
    expect(needs('So \\( a \\) holds')).toBe(true);
    expect(needs('The answer is \\boxed{4}.')).toBe(true);
    expect(needs('$$\nx\n$$')).toBe(true);
  });
  it('is false for text without maths, and for prices the normaliser escaped', () => {
    expect(needs('Just words, **bold** and a [link](https://example.com).')).toBe(false);
    expect(needs('It costs $5 and that is all.')).toBe(false);
    expect(needs('Escaped \\$ sign')).toBe(false);
  });
});
