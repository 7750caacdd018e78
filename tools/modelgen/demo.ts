/**
 * npm run models:demo — the tiny scripted demo model the app ships, in public/models/local-r1/demo-tiny/
 * (q4 and q4f16 for WebGPU, q8 for the CPU; skipped when already up to date). `npm run build` runs it first.
 */
import path from 'node:path';
import { ensureGenerated } from './ensure.ts';
import { loadScript } from './script.ts';
import type { ModelSpec } from './types.ts';

const root = path.resolve(import.meta.dirname, '../..');
const DEMO_MODEL_DIR = path.join(root, 'public/models/local-r1/demo-tiny');
const DEMO_SPEC: ModelSpec = {
  preset: 'tiny',
  dtypes: ['q4', 'q4f16', 'q8'],
  behaviour: { kind: 'scripted', script: loadScript(path.join(root, 'models/scripts/demo.json')) },
};

const { generated, result } = await ensureGenerated(DEMO_SPEC, DEMO_MODEL_DIR);
const rel = path.relative(root, DEMO_MODEL_DIR);
if (generated && result) {
  const total = result.files.reduce((n, f) => n + f.bytes, 0);
  console.log(`models:demo: wrote ${rel} (${result.files.length} files, ${(total / 1024).toFixed(0)} KiB) in ${result.ms.toFixed(0)} ms`);
} else {
  console.log(`models:demo: ${rel} is up to date`);
}
