/**
 * Opt-in (LOCAL_R1_REAL_SIZE=1, several minutes, ~3.3 GB of generated files): the real-size 1.5B q4
 * model (one 1.97 GB file) on WebGPU. Loaded whole, onnxruntime-web copies it into its 4 GiB wasm heap
 * and fails with std::bad_alloc; loaded as graph + external data (src/engine/external-split.ts) its
 * weights go from the file's bytes straight to GPU buffers, so `?device=webgpu` on a GPU without
 * shader-f16 now runs q4 on the GPU instead of falling back to q4f16 on the CPU.
 *
 *   LOCAL_R1_REAL_SIZE=1 npx playwright test -c test/e2e engine-real-size-webgpu.spec.ts --project=webgpu
 */
import path from 'node:path';
import { test, expect, EngineDriver, ENGINE_R1_SCRIPTED } from './engine-fixtures.ts';
import { MODELS_DIR } from '../support/models.ts';
import { startModelServer } from '../support/app-server.ts';

test.skip(!process.env.LOCAL_R1_REAL_SIZE, 'set LOCAL_R1_REAL_SIZE=1 to run the real-size model');
test.setTimeout(1_500_000);

test('the real-size q4 loads on WebGPU as graph + external data (no wasm-heap copy) and answers', async ({ page }, info) => {
  test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
  // Generated before the server starts (the static server caches file sizes).
  const server = await startModelServer({ 'engine-r1-1.5b': ENGINE_R1_SCRIPTED });
  try {
    const driver = await EngineDriver.start(page, server.url);
    // Picked from disk: read in place (the model store is not involved). auto dtype on SwiftShader (no shader-f16) = q4.
    await driver.loadLocalFolder('L', path.join(MODELS_DIR, 'engine-r1-1.5b'), 'webgpu', 'auto');
    const loaded = await driver.waitFor('L', ['loaded'], 1_200_000);
    const trail = (await driver.log()).filter((m) => m.type !== 'download-progress' && m.type !== 'token');
    expect(loaded.type, JSON.stringify(trail).slice(0, 3000)).toBe('loaded');
    if (loaded.type !== 'loaded') return;
    expect(loaded.info).toMatchObject({ device: 'webgpu', dtype: 'q4', adapterName: 'google swiftshader' });
    const ext = loaded.info.externalData!;
    expect(ext).toMatchObject({ file: 'onnx/model_q4.onnx' });
    expect(ext.fileBytes).toBeGreaterThan(1.9e9);
    expect(ext.graphBytes).toBeLessThan(2e6);
    // No fallback: no fresh worker, no q4f16.
    expect(await driver.messages('restart', 'L')).toEqual([]);
    expect((await driver.messages('notice', 'L')).map((n) => n.notice.code)).toEqual(['no-shader-f16']);
    console.log(
      `q4 on WebGPU: ${ext.tensors} tensors (${(ext.externalBytes / 1e9).toFixed(2)} GB) as external data, graph ${(ext.graphBytes / 1e3).toFixed(0)} kB, split ${ext.splitMs.toFixed(0)} ms; loaded in ${loaded.info.loadMs.toFixed(0)} ms, warm-up ${loaded.info.warmupMs.toFixed(0)} ms`,
    );

    const end = await driver.askOnce('G', 'What is 2 plus 2?', 4, 900_000);
    expect(end.type, JSON.stringify(end)).toBe('generation-end');
    expect((await driver.parts('G')).reasoning).toMatch(/^Okay, the user/);
    if (end.type === 'generation-end') {
      console.log(`4 tokens: TTFT ${end.stats.timeToFirstTokenMs.toFixed(0)} ms, decode ${end.stats.decodeTokensPerSec.toFixed(3)} tok/s`);
    }
  } finally {
    await server.close();
  }
});
