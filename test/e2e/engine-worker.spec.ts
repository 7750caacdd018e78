/**
 * The built engine worker in headless Chromium, driven over its protocol (no UI in between), on the
 * generator's tiny models served same-origin: device choice, the q4f16 → q4 fallback on SwiftShader,
 * streaming with the reasoning split, and the KV cache on the GPU across turns.
 */
import { test, expect, EngineDriver } from './engine-fixtures.ts';
import { scriptText, TINY_MULTI_TURN, TINY_SCRIPTED } from '../support/models.ts';
import { DEFAULT_SAMPLING, type ChatTurn, type ModelSource, type SamplingSettings } from '../../src/core/index.ts';

const SCRIPTED: ModelSource = { kind: 'same-origin', id: 'test/tiny-scripted' };
const MULTI: ModelSource = { kind: 'same-origin', id: 'test/tiny-multi-turn' };
const GREEDY: SamplingSettings = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 300 };

function split(script: string) {
  const [reasoning, answer] = script.split('</think>') as [string, string];
  return { reasoning: reasoning.trim(), answer: answer.trim() };
}

async function ask(driver: EngineDriver, requestId: string, messages: ChatTurn[]) {
  const end = await driver.request({ type: 'generate', requestId, messages, sampling: GREEDY, contextWindow: 4096 }, 'generation-end');
  return { end, parts: await driver.parts(requestId) };
}

test.describe('engine worker', () => {
  test('auto device: WASM with a notice saying why, and a streamed answer split into reasoning and answer', async ({ page, modelApp }, info) => {
    const driver = await EngineDriver.start(page, modelApp.url);
    const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'auto', dtype: 'auto' }, 'loaded');
    expect(loaded.info).toMatchObject({ device: 'wasm', dtype: 'q8', adapterName: 'CPU (WASM)', thinkEndTokenId: 151649 });
    const notices = (await driver.messages('notice', 'L')).map((n) => n.notice.code);
    expect(notices).toEqual([info.project.name === 'webgpu' ? 'software-adapter' : 'wasm-slow']);
    const phases = (await driver.messages('load-phase', 'L')).map((p) => p.phase);
    expect(phases).toEqual(expect.arrayContaining(['planning', 'downloading', 'compiling', 'ready']));

    const { end, parts } = await ask(driver, 'G', [{ role: 'user', content: 'What is 2 plus 2?' }]);
    const want = split(scriptText(TINY_SCRIPTED));
    expect(parts.reasoning.trim()).toBe(want.reasoning);
    expect(parts.answer).toBe(want.answer);
    expect(parts.reasoning + parts.answer).not.toMatch(/<\/?think>/);
    expect(await driver.messages('reasoning-end', 'G')).toHaveLength(1);
    expect(end.reason).toBe('eos');
    expect(end.stats.generatedTokens).toBeGreaterThan(20);
    // Every generated token was posted on its own.
    const tokens = await driver.messages('token', 'G');
    expect(new Set(tokens.map((t) => t.tokenIndex)).size).toBe(end.stats.generatedTokens);
  });

  test('forcing WebGPU with no adapter gives a typed error', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'wasm', 'needs a browser without a WebGPU adapter');
    const driver = await EngineDriver.start(page, modelApp.url);
    await driver.send({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'webgpu', dtype: 'auto' });
    const m = await driver.waitFor('L', ['loaded']);
    expect(m).toMatchObject({ type: 'error', error: { code: 'no-adapter' } });
  });

  test('?device=webgpu forces SwiftShader: q4 chosen up front (no shader-f16), and it answers', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
    const driver = await EngineDriver.start(page, modelApp.url);
    const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'webgpu', dtype: 'auto' }, 'loaded');
    expect(loaded.info).toMatchObject({ device: 'webgpu', dtype: 'q4', adapterName: 'google swiftshader' });
    expect(loaded.info.gpu).toMatchObject({ adapterFound: true, isFallbackAdapter: true });
    // The load-time attention check finds ORT's ≥ 32-token attention kernel wrong on SwiftShader (4-lane
    // subgroups; Tint's SPIR-V), so every WebGPU pass is capped at 31 tokens (src/engine/attention-check.ts).
    expect(loaded.info.attentionPassLimit?.tokens).toBe(31);
    expect(loaded.info.attentionPassLimit?.reason).toMatch(/32 or more new tokens wrongly/);
    expect((await driver.messages('notice', 'L')).map((n) => n.notice.code)).toEqual(['no-shader-f16']);
    const { parts } = await ask(driver, 'G', [{ role: 'user', content: 'What is 2 plus 2?' }]);
    expect(parts.answer).toBe(split(scriptText(TINY_SCRIPTED)).answer);
  });

  test('q4f16 on SwiftShader fails at warm-up and is reloaded as q4 without user action', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
    const driver = await EngineDriver.start(page, modelApp.url);
    const loaded = await driver.request({ type: 'load', requestId: 'L', source: SCRIPTED, device: 'webgpu', dtype: 'q4f16' }, 'loaded');
    expect(loaded.info).toMatchObject({ device: 'webgpu', dtype: 'q4' });
    const notices = await driver.messages('notice', 'L');
    expect(notices.map((n) => n.notice.code)).toEqual(['f16-fallback']);
    expect(notices[0]!.notice.message).toMatch(/q4f16.*q4/);
    // The q4f16 file was really tried first, failed on an f16 shader, and a fresh worker loaded q4.
    const phases = (await driver.messages('load-phase', 'L')).map((p) => `${p.phase}:${p.detail ?? ''}`);
    expect(phases.some((p) => p.includes('(q4f16)'))).toBe(true);
    const restart = (await driver.messages('restart', 'L'))[0]!;
    expect(restart.dtype).toBe('q4');
    expect(restart.reason).toMatch(/requires f16/);
    expect(await driver.workerCount()).toBe(2);
    const { parts } = await ask(driver, 'G', [{ role: 'user', content: 'What is 2 plus 2?' }]);
    expect(parts.answer).toBe(split(scriptText(TINY_SCRIPTED)).answer);
  });

  test('three turns on the GPU reuse the KV cache, answer each turn right, and leak no GPU tensors', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'GPU tensors exist only on WebGPU');
    const driver = await EngineDriver.start(page, modelApp.url);
    await driver.request({ type: 'load', requestId: 'L', source: MULTI, device: 'webgpu', dtype: 'q4' }, 'loaded');
    const history: ChatTurn[] = [];
    for (let k = 1; k <= 3; k++) {
      history.push({ role: 'user', content: `Question ${k}?` });
      const { end, parts } = await ask(driver, `G${k}`, history);
      expect(parts.answer, `turn ${k}`).toBe(split(scriptText(TINY_MULTI_TURN, k)).answer);
      if (k > 1) expect(end.stats.reusedTokens, `turn ${k} reused the cache`).toBeGreaterThan(0);
      history.push({ role: 'assistant', content: end.raw });
    }
    // Regenerate the last answer: the cache is cut back on the GPU (download, slice, re-upload).
    const { end, parts } = await ask(driver, 'R', history.slice(0, -1));
    expect(parts.answer).toBe(split(scriptText(TINY_MULTI_TURN, 3)).answer);
    expect(end.stats.reusedTokens).toBeGreaterThan(0);

    const d = (await driver.request({ type: 'diagnostics', requestId: 'D' }, 'diagnostics')).diagnostics;
    expect(d.gpuTensorsCreated).toBeGreaterThan(0);
    expect(d.cacheCuts).toBeGreaterThan(0);
    // Only the cache's own tensors are still alive on the GPU.
    expect(d.gpuTensorsCreated - d.gpuTensorsDisposed).toBeLessThanOrEqual(d.cacheTensors);
    expect(d.cacheTensors).toBeGreaterThan(0);

    await driver.request({ type: 'unload', requestId: 'U' }, 'unloaded');
  });
});
