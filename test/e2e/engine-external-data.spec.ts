/**
 * Graph + external data on WebGPU (src/engine/external-split.ts), in the built worker on a tiny model.
 * The real use is the 1.97 GB q4 file that cannot pass through the wasm heap (engine-real-size.spec.ts,
 * opt-in); here the threshold is lowered with `set-tuning` so the same code runs on a small file: the
 * model store's cache (same-origin source) and picked files (`env.fetch`) both serve the rewritten
 * graph, ONNX Runtime reads the weights from the original bytes, and the answer is the script's.
 */
import path from 'node:path';
import { test, expect, EngineDriver } from './engine-fixtures.ts';
import { MODELS_DIR, scriptText, TINY_SCRIPTED } from '../support/models.ts';
import { DEFAULT_SAMPLING, type ModelSource, type SamplingSettings } from '../../src/core/index.ts';

const SCRIPTED: ModelSource = { kind: 'same-origin', id: 'test/tiny-scripted' };
const GREEDY: SamplingSettings = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 300 };
const ANSWER = scriptText(TINY_SCRIPTED).split('</think>')[1]!.trim();

async function answer(driver: EngineDriver): Promise<string> {
  await driver.request(
    { type: 'generate', requestId: 'G', messages: [{ role: 'user', content: 'What is 2 plus 2?' }], sampling: GREEDY, contextWindow: 4096 },
    'generation-end',
  );
  return (await driver.parts('G')).answer;
}

test.describe('graph + external data', () => {
  test('WebGPU, model from the store: the q4 file loads as a small graph plus its own bytes, and answers', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
    const driver = await EngineDriver.start(page, modelApp.url);
    await driver.send({ type: 'set-tuning', tuning: { externalDataMinBytes: 0 } });
    const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'webgpu', dtype: 'q4' }, 'loaded');
    expect(loaded.info).toMatchObject({ device: 'webgpu', dtype: 'q4' });
    const ext = loaded.info.externalData!;
    expect(ext).toMatchObject({ file: 'onnx/model_q4.onnx' });
    expect(ext.tensors).toBeGreaterThan(10);
    // Nearly all of the file stays where it is; ONNX Runtime parses only the graph.
    expect(ext.externalBytes / ext.fileBytes).toBeGreaterThan(0.9);
    expect(ext.graphBytes).toBeLessThan(ext.fileBytes / 10);
    expect(await driver.messages('restart', 'L')).toEqual([]);
    expect(await answer(driver)).toBe(ANSWER);
  });

  test('WebGPU, picked folder: the same through env.fetch', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
    const driver = await EngineDriver.start(page, modelApp.url);
    await driver.send({ type: 'set-tuning', tuning: { externalDataMinBytes: 0 } });
    await driver.loadLocalFolder('L', path.join(MODELS_DIR, 'tiny-scripted'), 'webgpu', 'q4');
    const loaded = await driver.waitFor('L', ['loaded']);
    expect(loaded.type, JSON.stringify(loaded)).toBe('loaded');
    if (loaded.type !== 'loaded') return;
    expect(loaded.info.externalData?.tensors).toBeGreaterThan(10);
    expect(await answer(driver)).toBe(ANSWER);
  });

  test('below the threshold (default 512 MiB) and on WASM the file loads whole', async ({ page, modelApp }, info) => {
    const driver = await EngineDriver.start(page, modelApp.url);
    if (info.project.name === 'webgpu') {
      const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'webgpu', dtype: 'q4' }, 'loaded');
      expect(loaded.info.device).toBe('webgpu');
      expect(loaded.info.externalData).toBeUndefined();
    } else {
      await driver.send({ type: 'set-tuning', tuning: { externalDataMinBytes: 0 } });
      const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'wasm', dtype: 'q4' }, 'loaded');
      expect(loaded.info.device).toBe('wasm');
      expect(loaded.info.externalData).toBeUndefined();
    }
    expect(await answer(driver)).toBe(ANSWER);
  });
});
