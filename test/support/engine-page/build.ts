/**
 * Builds a page script that defines `__startEngine` (the e2e tests' inject.ts, the bench's
 * bench-page.ts) with Vite, into one ES file plus the workers and wasm it names, under `outDir`.
 * Nothing of the app's own build config applies (no PWA, no public/ copy).
 */
import path from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../models.ts';

export interface EnginePage {
  /** The folder to serve at the origin's root (the workers are at `/assets/…`). */
  dir: string;
  /** The page script, for `page.addScriptTag({ path })`. */
  script: string;
}

export async function buildEnginePage(entry: string, outDir: string): Promise<EnginePage> {
  await build({
    configFile: false,
    root: REPO_ROOT,
    base: '/',
    publicDir: false,
    logLevel: 'error',
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      reportCompressedSize: false,
      lib: { entry, formats: ['es'], fileName: 'engine-page' },
    },
  });
  return { dir: outDir, script: path.join(outDir, 'engine-page.js') };
}

/** The e2e tests' page script (built once per run by the global setup). */
export const E2E_ENGINE_PAGE: EnginePage = {
  dir: path.join(REPO_ROOT, 'dist-engine-page'),
  script: path.join(REPO_ROOT, 'dist-engine-page', 'engine-page.js'),
};

export function buildE2eEnginePage(): Promise<EnginePage> {
  return buildEnginePage(path.join(import.meta.dirname, 'inject.ts'), E2E_ENGINE_PAGE.dir);
}
