/**
 * Graph + external data on WebGPU and WASM (src/engine/external-split.ts), in the built worker on a tiny
 * model. The real use is the 1.97 GB q4 file that cannot pass through the wasm heap, and the 1.85 GB q8
 * that loads with 2 GB less memory (engine-real-size.spec.ts, opt-in); here the threshold is lowered with `set-tuning` so the same code runs on a small file: the
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
  // From the model store: on WebGPU the q4 file (the one too big for the heap at the real size), on the CPU q8.
  const fromStore = [
    { project: 'webgpu', device: 'webgpu', dtype: 'q4', file: 'onnx/model_q4.onnx' },
    { project: 'wasm', device: 'wasm', dtype: 'q8', file: 'onnx/model_quantized.onnx' },
  ] as const;
  for (const c of fromStore) {
    test(`${c.device}, model from the store: the ${c.dtype} file loads as a small graph plus its own bytes, and answers`, async ({ page, modelApp }, info) => {
      test.skip(info.project.name !== c.project, `the ${c.project} project's path`);
      const driver = await EngineDriver.start(page, modelApp.url);
      await driver.send({ type: 'set-tuning', tuning: { externalDataMinBytes: 0 } });
      const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: c.device, dtype: c.dtype }, 'loaded');
      expect(loaded.info).toMatchObject({ device: c.device, dtype: c.dtype });
      const ext = loaded.info.externalData!;
      expect(ext).toMatchObject({ file: c.file });
      expect(ext.tensors).toBeGreaterThan(10);
      // Nearly all of the file stays where it is; ONNX Runtime parses only the graph.
      expect(ext.externalBytes / ext.fileBytes).toBeGreaterThan(0.8);
      expect(ext.graphBytes).toBeLessThan(ext.fileBytes / 5);
      expect(await driver.messages('restart', 'L')).toEqual([]);
      expect(await answer(driver)).toBe(ANSWER);
    });
  }

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

  test('below the threshold (default 512 MiB) the file loads whole', async ({ page, modelApp }, info) => {
    const driver = await EngineDriver.start(page, modelApp.url);
    const device = info.project.name === 'webgpu' ? 'webgpu' : 'wasm';
    const dtype = device === 'webgpu' ? 'q4' : 'q8';
    const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device, dtype }, 'loaded');
    expect(loaded.info).toMatchObject({ device, dtype });
    expect(loaded.info.externalData).toBeUndefined();
    expect(await answer(driver)).toBe(ANSWER);
  });
});
