/**
 * A Vite plugin that fails the build when the JavaScript a first visit loads before the engine
 * worker starts — the entry chunk and every chunk it imports statically — is over budget (gzip).
 * `npm test` builds after the unit tests, so a chunk that grows past the budget fails `npm test`.
 * Lazy chunks (Settings, Hardware, Storage, the maths renderer) and the worker do not count.
 */
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

/** The budget: 200 KB (kB = 1000 bytes) of gzip. */
export const ENTRY_BUDGET_BYTES = 200_000;

/** The parts of a Rollup output chunk the check reads. */
export interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  /** Static imports (file names of other chunks). */
  imports: readonly string[];
  code: string;
}

export interface EntrySize {
  /** The entry chunk and its static imports, entry first. */
  files: string[];
  gzipBytes: number;
}

export function gzipSize(code: string): number {
  return zlib.gzipSync(code, { level: 9 }).length;
}

/** What loads with each entry chunk: itself and its static imports, transitively (each counted once). */
export function entrySizes(chunks: readonly ChunkInfo[], size: (code: string) => number = gzipSize): EntrySize[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  return chunks
    .filter((c) => c.isEntry)
    .map((entry) => {
      const seen = new Set<string>();
      const visit = (name: string) => {
        if (seen.has(name) || !byName.has(name)) return;
        seen.add(name);
        for (const i of byName.get(name)!.imports) visit(i);
      };
      visit(entry.fileName);
      const files = [...seen];
      return { files, gzipBytes: files.reduce((n, f) => n + size(byName.get(f)!.code), 0) };
    });
}

/** The sentence the build fails with, or null when every entry is within `budget`. */
export function budgetError(sizes: readonly EntrySize[], budget: number): string | null {
  const over = sizes.filter((s) => s.gzipBytes > budget);
  if (over.length === 0) return null;
  return over
    .map(
      (s) =>
        `The first-load JavaScript (${s.files.join(', ')}) is ${(s.gzipBytes / 1000).toFixed(1)} kB gzip, over the ` +
        `${(budget / 1000).toFixed(0)} kB budget: load more of it lazily (import()), or raise ENTRY_BUDGET_BYTES in tools/build/entry-budget.ts.`,
    )
    .join('\n');
}

export function entryBudget(budget = ENTRY_BUDGET_BYTES): Plugin {
  return {
    name: 'local-r1:entry-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: ChunkInfo[] = [];
      for (const out of Object.values(bundle)) if (out.type === 'chunk') chunks.push(out);
      const sizes = entrySizes(chunks);
      for (const s of sizes) this.info(`first-load JS ${s.files[0]}: ${(s.gzipBytes / 1000).toFixed(1)} kB gzip (budget ${budget / 1000} kB)`);
      const error = budgetError(sizes, budget);
      if (error) this.error(error);
    },
  };
}
