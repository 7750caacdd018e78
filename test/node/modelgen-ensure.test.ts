/** ensureGenerated / ensureModel: stamp-based reuse and concurrent callers. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureGenerated, specHash, STAMP_FILE, type ModelSpec } from '../../tools/modelgen/index.ts';

const run = promisify(execFile);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'modelgen-ensure-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const spec: ModelSpec = { preset: 'tiny', dtypes: ['q4'], behaviour: { kind: 'random', seed: 5 } };

describe('ensureGenerated', () => {
  it('generates once, then reuses the folder while the spec is unchanged', async () => {
    const dir = path.join(root, 'reuse');
    const first = await ensureGenerated(spec, dir);
    expect(first.generated).toBe(true);
    expect(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8')).toBe(specHash(spec));
    const mtime = fs.statSync(path.join(dir, 'onnx/model_q4.onnx')).mtimeMs;
    const second = await ensureGenerated(spec, dir);
    expect(second.generated).toBe(false);
    expect(fs.statSync(path.join(dir, 'onnx/model_q4.onnx')).mtimeMs).toBe(mtime);
    // A different spec regenerates in place (and drops files the new spec does not have).
    const third = await ensureGenerated({ ...spec, dtypes: ['q4f16'] }, dir);
    expect(third.generated).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'onnx'))).toEqual(['model_q4f16.onnx']);
  });

  it('is safe when several processes ask for the same model at once', async () => {
    const dir = path.join(root, 'race');
    const script = path.join(root, 'race.mts');
    fs.writeFileSync(
      script,
      `import { ensureGenerated } from ${JSON.stringify(path.resolve('tools/modelgen/index.ts'))};\n` +
        `await ensureGenerated(${JSON.stringify(spec)}, ${JSON.stringify(dir)});\n`,
    );
    const tsx = path.resolve('node_modules/.bin/tsx');
    await Promise.all([1, 2, 3].map(() => run(tsx, [script], { cwd: root })));
    expect(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8')).toBe(specHash(spec));
    expect(fs.readdirSync(path.join(dir, 'onnx'))).toEqual(['model_q4.onnx']);
    // No temp or trash folders are left behind.
    expect(fs.readdirSync(root).filter((n) => n.startsWith('race.'))).toEqual(['race.mts']);
    expect((await ensureGenerated(spec, dir)).generated).toBe(false);
  });
});
