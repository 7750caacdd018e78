/**
 * The layout is the architecture: these rules keep it so. Every relative import under src/ is read and
 * checked against the layers (ui → chat → worker → engine/storage/diagnostics → core), the product never
 * reaches into tools/ or test/, and no file imports itself back through a circle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

/** Which layers each layer may import (besides libraries). */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  engine: ['engine', 'core'],
  storage: ['storage', 'core'],
  diagnostics: ['diagnostics', 'engine', 'core'],
  worker: ['worker', 'engine', 'storage', 'diagnostics', 'core'],
  api: ['api', 'worker', 'engine', 'core'],
  chat: ['chat', 'api', 'worker', 'storage', 'core'],
  ui: ['ui', 'chat', 'api', 'worker', 'storage', 'diagnostics', 'core'],
  app: ['app', 'ui', 'core'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Relative imports of one file, resolved to absolute paths. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push(path.resolve(path.dirname(file), m[1]!));
  return out;
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..')) return rel.split(path.sep).find((s) => s !== '..') ?? 'outside';
  const top = rel.split(path.sep)[0]!;
  return top in ALLOWED ? top : 'app';
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of sourceFiles(SRC)) g.set(f, importsOf(f, fs.readFileSync(f, 'utf8')));
  return g;
}

/** Every import circle, each as the list of files on it (shortest found from each start). */
function circles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  const found = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'closed'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of g.get(f) ?? []) {
      if (!g.has(t)) continue;
      if (state.get(t) === 'open') {
        const loop = stack.slice(stack.indexOf(t));
        found.set([...loop].sort().join('|'), loop);
      } else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'closed');
  };
  for (const f of g.keys()) if (!state.has(f)) visit(f);
  return [...found.values()];
}

describe('architecture', () => {
  const g = graph();
  const rel = (f: string) => path.relative(ROOT, f);

  it('src/ never imports tools/ or test/', () => {
    expect(g.size).toBeGreaterThan(100);
    const bad = [...g].flatMap(([f, ts]) => ts.filter((t) => !t.startsWith(SRC + path.sep)).map((t) => `${rel(f)} → ${rel(t)}`));
    expect(bad).toEqual([]);
  });

  it('imports run one way: ui → chat → worker → engine/storage/diagnostics → core', () => {
    const bad = [...g].flatMap(([f, ts]) =>
      ts.filter((t) => !ALLOWED[layerOf(f)]!.includes(layerOf(t))).map((t) => `${rel(f)} (${layerOf(f)}) → ${rel(t)} (${layerOf(t)})`),
    );
    expect(bad).toEqual([]);
  });

  it('of src/api, only the Node entry (node.ts) runs the engine in-process; nothing in the app imports it', () => {
    const node = path.join(SRC, 'api/node.ts');
    const bad = [...g].flatMap(([f, ts]) =>
      ts
        .filter((t) => (layerOf(f) === 'api' && f !== node && layerOf(t) === 'engine') || (t === node && f !== node && layerOf(f) !== 'api'))
        .map((t) => `${rel(f)} → ${rel(t)}`),
    );
    expect(g.has(node)).toBe(true);
    expect(bad).toEqual([]);
  });

  it('no import circles', () => {
    expect(circles(g).map((c) => c.map(rel).join(' → '))).toEqual([]);
  });

  it('the checks see a violation when there is one', () => {
    const a = path.join(SRC, 'engine/a.ts');
    const b = path.join(SRC, 'engine/b.ts');
    expect(circles(new Map([[a, [b]], [b, [a]]]))).toHaveLength(1);
    expect(importsOf(a, "import { x } from '../ui/App.tsx';\nconst w = new URL('./w.ts', import.meta.url);").map(rel)).toEqual([
      'src/ui/App.tsx',
      'src/engine/w.ts',
    ]);
    expect(layerOf(path.join(SRC, 'ui/App.tsx'))).toBe('ui');
    expect(ALLOWED.engine).not.toContain('ui');
  });
});
