/**
 * Opt-in (LOCAL_R1_REAL_SIZE=1, a few minutes, ~5.2 GB of generated files): the real-size 1.5B model in
 * Chromium WASM, the folder given as picked local files (read in place).
 * - `auto` runs the 1.85 GB q8 file (the CPU's fastest), loaded as graph + external data, and answers.
 * - The 1.97 GB q4 file, which cannot be created whole (copied into the 4 GiB wasm heap, then unpacked
 *   there: std::bad_alloc), loads the same way and answers, with no fallback.
 *
 *   LOCAL_R1_REAL_SIZE=1 npx playwright test -c test/e2e engine-real-size.spec.ts --project=wasm
 */
import path from 'node:path';
import { test, expect, EngineDriver, ENGINE_R1_SCRIPTED } from './engine-fixtures.ts';
import { MODELS_DIR } from '../support/models.ts';
import { startModelServer } from '../support/app-server.ts';
import type { DtypePreference } from '../../src/core/index.ts';

test.skip(!process.env.LOCAL_R1_REAL_SIZE, 'set LOCAL_R1_REAL_SIZE=1 to run the real-size model');
test.setTimeout(1_200_000);

const cases: { dtype: DtypePreference; loads: string; file: string }[] = [
  { dtype: 'auto', loads: 'q8', file: 'onnx/model_quantized.onnx' },
  { dtype: 'q4', loads: 'q4', file: 'onnx/model_q4.onnx' },
];

for (const c of cases) {
  test(`WASM, ${c.dtype}: the ${c.loads} file loads as graph + external data and answers`, async ({ page }, info) => {
    test.skip(info.project.name !== 'wasm', 'WASM only');
    // Generated before the server starts (the static server caches file sizes).
    const server = await startModelServer({ 'engine-r1-1.5b': ENGINE_R1_SCRIPTED });
    const driver = await EngineDriver.start(page, server.url);
    await driver.loadLocalFolder('L', path.join(MODELS_DIR, 'engine-r1-1.5b'), 'auto', c.dtype);
    const loaded = await driver.waitFor('L', ['loaded'], 1_100_000);
    const trail = (await driver.log()).filter((m) => m.type !== 'download-progress' && m.type !== 'token');
    expect(loaded.type, JSON.stringify(trail).slice(0, 3000)).toBe('loaded');
    if (loaded.type !== 'loaded') return;
    expect(loaded.info).toMatchObject({ device: 'wasm', dtype: c.loads });
    expect(loaded.info.externalData).toMatchObject({ file: c.file });
    expect(await driver.messages('restart', 'L')).toEqual([]);
    console.log(`${c.loads}: loaded in ${loaded.info.loadMs.toFixed(0)} ms, warm-up ${loaded.info.warmupMs.toFixed(0)} ms`);

    const end = await driver.askOnce('G', 'What is 2 plus 2?', 8, 600_000);
    expect(end.type).toBe('generation-end');
    expect((await driver.parts('G')).reasoning).toMatch(/^Okay, the user/);
    if (end.type === 'generation-end') console.log(`8 tokens: TTFT ${end.stats.timeToFirstTokenMs.toFixed(0)} ms, decode ${end.stats.decodeTokensPerSec.toFixed(2)} tok/s`);
    await server.close();
  });
}
