/**
 * The benchmark code that runs in the worker, here in Node on onnxruntime-node with the tiny models:
 * the standard benchmark ignores EOS and times every token; the chat benchmark's two ways give the same
 * answers, and ours reads only the new question from the second turn on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { benchmarkPromptIds, runStandardBenchmark } from '../../src/diagnostics/run-benchmark.ts';
import { runChatBenchmark } from '../../tools/bench/chat-benchmark.ts';
import { runLogitCheck } from '../../src/diagnostics/run-logit-check.ts';
import { LlmEngine } from '../../src/engine/llm.ts';
import { ensureModel, TINY_RANDOM, TINY_RANDOM_PERTURBED, TINY_SCRIPTED } from '../support/models.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

describe('benchmarks on the engine (Node, tiny models)', () => {
  let random: LlmEngine;
  beforeAll(async () => {
    random = await LlmEngine.load({ modelId: await ensureModel('tiny-random', TINY_RANDOM), device: 'cpu', dtype: 'q4' });
  });

  it('the prompt is the fixed passage cut to exactly the asked length', () => {
    expect(benchmarkPromptIds(random, 7)).toHaveLength(7);
    expect(benchmarkPromptIds(random, 300)).toHaveLength(300);
    expect(benchmarkPromptIds(random, 300).slice(0, 7)).toEqual(benchmarkPromptIds(random, 7));
  });

  it('the standard benchmark ignores EOS: a scripted model that stops after its script still gives every token', async () => {
    const scripted = await LlmEngine.load({ modelId: await ensureModel('tiny-scripted', TINY_SCRIPTED), device: 'cpu', dtype: 'q4' });
    try {
      const runs = await runStandardBenchmark(scripted, { promptTokens: 12, newTokens: 160, runs: 2, warmupRuns: 1 });
      expect(runs).toHaveLength(2);
      for (const r of runs) {
        expect(r.tokenTimesMs).toHaveLength(160);
        expect(r.ttftMs).toBe(r.tokenTimesMs[0]);
        // Arrival times never go backwards.
        expect(r.tokenTimesMs.every((t, i) => i === 0 || t >= r.tokenTimesMs[i - 1]!)).toBe(true);
      }
    } finally {
      await scripted.unload();
    }
  });

  it('the standard benchmark reads the prompt as a chat does: in passes of the engine\'s prefill chunk (the 31-token cap included)', async () => {
    const model = random.model as unknown as { forward: (i: { input_ids: { dims: number[] } }) => Promise<unknown> };
    const forward = model.forward;
    const passes: number[] = [];
    model.forward = (inputs) => {
      passes.push(inputs.input_ids.dims.at(-1)!);
      return forward.call(random.model, inputs);
    };
    const before = random.passLimit;
    try {
      random.passLimit = { tokens: 31, reason: 'test' };
      const runs = await runStandardBenchmark(random, { promptTokens: 100, newTokens: 4, runs: 1, warmupRuns: 0 });
      expect(runs[0]!.newTokens).toBe(4);
      // 100 prompt tokens: 31 + 31 + 31 by forward passes, then generate reads the last 7 and decodes.
      expect(passes.slice(0, 4)).toEqual([31, 31, 31, 7]);
      expect(Math.max(...passes)).toBeLessThanOrEqual(31);
    } finally {
      random.passLimit = before;
      model.forward = forward;
    }
  });

  it('chat: our engine and the peer way answer the same; ours reads only the new question from turn 2', async () => {
    const spec = { turns: 3, answerTokens: 12, questionWords: 10 };
    const peer = await runChatBenchmark(random, { ...spec, mode: 'peer' });
    const ours = await runChatBenchmark(random, { ...spec, mode: 'engine' });
    expect(ours.map((t) => t.text)).toEqual(peer.map((t) => t.text));
    expect(ours.map((t) => t.promptTokens)).toEqual(peer.map((t) => t.promptTokens));
    expect(peer.map((t) => t.prefillTokens)).toEqual(peer.map((t) => t.promptTokens));
    expect(ours[0]!.prefillTokens).toBe(ours[0]!.promptTokens);
    for (const t of ours.slice(1)) expect(t.prefillTokens).toBeLessThan(t.promptTokens / 2);
    expect(ours.every((t) => t.generatedTokens === 12)).toBe(true);
  });

  it('the logit check agrees with itself and flags the perturbed twin', async () => {
    const same = await runLogitCheck(random, random, 'What is 2 plus 2?', 8);
    expect(same.comparison).toMatchObject({ positions: 8, agreement: 1, maxAbsDiff: 0 });
    expect(same.longPrompt).toMatchObject({ positions: 96, agreement: 1 });
    const perturbed = await LlmEngine.load({
      modelId: await ensureModel('tiny-random-perturbed', TINY_RANDOM_PERTURBED),
      device: 'cpu',
      dtype: 'q4',
    });
    try {
      const bad = await runLogitCheck(perturbed, random, 'What is 2 plus 2?', 8);
      expect(bad.comparison.agreement).toBeLessThan(0.5);
      expect(bad.longPrompt.agreement).toBeLessThan(0.5);
    } finally {
      await perturbed.unload();
    }
  });
});
