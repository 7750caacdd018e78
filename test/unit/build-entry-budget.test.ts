import { describe, expect, it } from 'vitest';
import { budgetError, entrySizes, gzipSize, type ChunkInfo } from '../../tools/build/entry-budget.ts';

const chunk = (fileName: string, code: string, imports: string[] = [], isEntry = false): ChunkInfo => ({ fileName, code, imports, isEntry });
const length = (code: string) => code.length;

describe('the first-load JavaScript budget', () => {
  it('counts the entry and its static imports, transitively and once each, not the lazy chunks', () => {
    const chunks = [
      chunk('index.js', 'x'.repeat(100), ['vendor.js', 'shared.js'], true),
      chunk('vendor.js', 'y'.repeat(50), ['shared.js']),
      chunk('shared.js', 'z'.repeat(10)),
      chunk('katex.js', 'k'.repeat(1000), ['shared.js']),
    ];
    expect(entrySizes(chunks, length)).toEqual([{ files: ['index.js', 'vendor.js', 'shared.js'], gzipBytes: 160 }]);
  });

  it('fails above the budget with the size and the files, and passes at it', () => {
    const sizes = entrySizes([chunk('assets/index-abc.js', 'x'.repeat(250_000), [], true)], length);
    expect(budgetError(sizes, 250_000)).toBeNull();
    const error = budgetError(sizes, 200_000);
    expect(error).toContain('assets/index-abc.js');
    expect(error).toContain('250.0 kB gzip, over the 200 kB budget');
  });

  it('measures gzip, not raw size', () => {
    const repetitive = 'const a = 1;\n'.repeat(10_000);
    expect(gzipSize(repetitive)).toBeLessThan(repetitive.length / 20);
  });
});
