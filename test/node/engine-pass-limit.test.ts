/**
 * The WebGPU attention pass limit, in Node (onnxruntime-node, CPU):
 * - the load-time attention check's model and reference agree on a correct runtime (both passes pass);
 * - an engine with a pass limit never runs a forward pass of more new tokens than the limit (prefill
 *   chunks, read-ahead and `generate`'s first pass), and answers exactly as without it.
 */
import * as ortNode from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { env, type Tensor } from '@huggingface/transformers';
import { ensureModel, TINY_RANDOM } from '../support/models.ts';
import { runAttentionCheck, type OrtLike } from '../../src/engine/attention-check.ts';
import { attentionPassLimit } from '../../src/engine/device.ts';
import { LlmEngine } from '../../src/engine/llm.ts';
import { DEFAULT_SAMPLING, type ChatTurn, type SamplingSettings } from '../../src/core/index.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

const GREEDY: SamplingSettings = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 12 };
const LONG_QUESTION = Array.from({ length: 40 }, (_, i) => `Point ${i + 1} of the plan is to check the numbers again.`).join(' ');

describe('the attention check on a correct runtime (onnxruntime-node CPU)', () => {
  it('passes at 31 and 32 new tokens, so no limit', async () => {
    const check = await runAttentionCheck(ortNode as unknown as OrtLike, 'cpu');
    expect(check.error).toBeUndefined();
    expect(check.passes.map((p) => [p.tokens, p.ok])).toEqual([
      [31, true],
      [32, true],
    ]);
    expect(Math.max(...check.passes.map((p) => p.maxAbsDiff))).toBeLessThan(1e-5);
    expect(attentionPassLimit(check)).toBeNull();
  });
});

describe('an engine with a pass limit (random tiny model, fp32, greedy)', () => {
  let engine: LlmEngine;
  const passes: number[] = [];

  beforeAll(async () => {
    const dir = await ensureModel('tiny-random', TINY_RANDOM);
    engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype: 'fp32' });
    // Record the new tokens of every forward pass (chunks, read-ahead, and each step of `generate`).
    const model = engine.model as unknown as { forward: (i: { input_ids: Tensor }) => Promise<unknown> };
    const forward = model.forward.bind(model);
    model.forward = (inputs) => {
      passes.push(inputs.input_ids.dims.at(-1)!);
      return forward(inputs);
    };
  });

  async function twoTurns(limit: number | null) {
    engine.passLimit = limit === null ? null : { tokens: limit, reason: 'test' };
    engine.tuning = { reuseCache: true, prefillChunk: 256, prepareNextTurn: true };
    await engine.reset();
    passes.length = 0;
    const history: ChatTurn[] = [{ role: 'user', content: LONG_QUESTION }];
    const first = await engine.generate(history, GREEDY, 4096);
    history.push({ role: 'assistant', content: first.raw }, { role: 'user', content: `${LONG_QUESTION} Once more, please.` });
    await engine.prepareNextTurn(history.slice(0, 2));
    const second = await engine.generate(history, GREEDY, 4096);
    return { tokens: [first.tokens, second.tokens], prompt: first.stats.promptTokens, passes: [...passes] };
  }

  it('reads a long prompt in passes of at most 31 tokens and answers exactly as without the limit', async () => {
    const free = await twoTurns(null);
    const capped = await twoTurns(31);
    expect(free.prompt).toBeGreaterThan(300);
    expect(engine.prefillChunk).toBe(31);
    // Without the limit the first prompt goes in one 256-token chunk and the rest in one pass.
    expect(Math.max(...free.passes)).toBeGreaterThan(31);
    expect(Math.max(...capped.passes)).toBeLessThanOrEqual(31);
    expect(capped.passes.filter((n) => n === 31).length).toBeGreaterThanOrEqual(Math.floor(free.prompt / 31));
    expect(capped.tokens).toEqual(free.tokens);
  });
});
