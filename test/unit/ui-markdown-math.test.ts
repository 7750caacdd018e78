import { describe, expect, it } from 'vitest';
import { normalizeMath } from '../../src/ui/markdown/math.ts';

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
    const plain = 'No math here, just $5 and `code`.';
    expect(normalizeMath(plain)).toBe(plain);
  });
});
