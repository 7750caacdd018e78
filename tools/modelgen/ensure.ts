/**
 * Generate-if-stale: a model folder carries a stamp (hash of the normalized spec and of the generator's own
 * source), and is regenerated only when the stamp differs. Safe with concurrent callers: each generates into its
 * own temp folder and renames it into place (see generate.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateModel, normalizeSpec, type GenerateOptions } from './generate.ts';
import type { GenerateResult, ModelSpec } from './types.ts';

export const STAMP_FILE = '.modelgen-stamp';

let sourceHashCache: string | undefined;

/** Hash of every file of the generator (tools/modelgen/**), so editing the generator invalidates old models. */
function generatorSourceHash(): string {
  if (sourceHashCache) return sourceHashCache;
  const root = import.meta.dirname;
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(path.relative(root, p)).update('\0').update(fs.readFileSync(p)).update('\0');
    }
  };
  walk(root);
  sourceHashCache = h.digest('hex');
  return sourceHashCache;
}

export function specHash(spec: ModelSpec): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(normalizeSpec(spec)))
    .update('\0')
    .update(generatorSourceHash())
    .digest('hex');
}

/**
 * Makes sure `dir` holds the model of `spec`; returns whether it had to generate it.
 * (`result` is present only when it generated.)
 */
export async function ensureGenerated(
  spec: ModelSpec,
  dir: string,
  opts: GenerateOptions = {},
): Promise<{ dir: string; generated: boolean; result?: GenerateResult }> {
  const abs = path.resolve(dir);
  const hash = specHash(spec);
  if (readStamp(abs) === hash) return { dir: abs, generated: false };
  const result = await generateModel(spec, abs, { ...opts, extraFiles: { ...opts.extraFiles, [STAMP_FILE]: hash } });
  return { dir: abs, generated: true, result };
}

function readStamp(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8').trim();
  } catch {
    return undefined;
  }
}
