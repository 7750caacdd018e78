/**
 * The built app on loopback for the end-to-end tests, with or without the generator's models at
 * `/models/test/<name>/` (so `?model=local:test/<name>` or a `same-origin` source `test/<name>` loads them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadScript, type ModelSpec } from '../../tools/modelgen/index.ts';
import { startStaticServer, type RunningServer } from '../../tools/serve/static-server.ts';
import { ensureModel, MODELS_DIR, REPO_ROOT, SCRIPTS_DIR, TINY_MULTI_TURN, TINY_SCRIPTED } from './models.ts';

/** `LOCAL_R1_DIST=dist-x` tests another build folder (default `dist/`, what `npm run build` writes). */
export const DIST = path.resolve(REPO_ROOT, process.env.LOCAL_R1_DIST ?? 'dist');

export function requireDist(): void {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST} is missing: run \`npm run build\` before the e2e tests (npm test does).`);
  }
}

/** The built app at `/`. */
export async function startAppServer(): Promise<RunningServer> {
  requireDist();
  return startStaticServer({ root: DIST });
}

/** The two scripted models most tests load. */
export const SCRIPTED_MODELS: Readonly<Record<string, ModelSpec>> = { 'tiny-scripted': TINY_SCRIPTED, 'tiny-multi-turn': TINY_MULTI_TURN };

/** The built app with `models` generated (when missing) and served at `/models/test/<name>/`. */
export async function startModelServer(models: Readonly<Record<string, ModelSpec>> = SCRIPTED_MODELS): Promise<RunningServer> {
  requireDist();
  for (const [name, spec] of Object.entries(models)) await ensureModel(name, spec);
  return startStaticServer({ root: DIST, mounts: { '/models/test/': MODELS_DIR } });
}

/**
 * The built app with one tiny model that says `models/scripts/<script>.json`, served one folder under
 * models/ at `/models/<name>/` (so `?model=local:<name>` loads it).
 */
export async function startScriptedApp(name: string, script: string): Promise<RunningServer> {
  requireDist();
  const spec: ModelSpec = {
    preset: 'tiny',
    dtypes: ['q4', 'q4f16', 'q8'],
    behaviour: { kind: 'scripted', script: loadScript(path.join(SCRIPTS_DIR, `${script}.json`)) },
  };
  const dir = await ensureModel(name, spec);
  return startStaticServer({ root: DIST, mounts: { [`/models/${name}/`]: dir } });
}
