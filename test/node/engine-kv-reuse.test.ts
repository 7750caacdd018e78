/**
 * Issue 5's correctness tests for KV-cache reuse and chunked prefill, on a random-weights tiny model
 * with greedy decoding (onnxruntime-node): reuse must not change a single token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { ensureModel, TINY_RANDOM } from '../support/models.ts';
import { LlmEngine, type EngineTuning } from '../../src/engine/llm.ts';
import { DEFAULT_SAMPLING, type ChatTurn, type SamplingSettings } from '../../src/core/index.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

const GREEDY: SamplingSettings = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 12 };
const QUESTIONS = [
  'What is the capital of France?',
  'Explain it again, shorter.',
  'Now count from one to five.',
  'Which of those numbers is even?',
  'Thanks. Summarise our chat in one line.',
];

/** A 5-turn chat; returns the generated ids and the cache facts of each turn. */
async function chat(engine: LlmEngine, tuning: EngineTuning, turns = QUESTIONS) {
  engine.tuning = tuning;
  await engine.reset();
  const history: ChatTurn[] = [];
  const out: { tokens: number[]; reused: number; prompt: number; cache: string }[] = [];
  for (const q of turns) {
    history.push({ role: 'user', content: q });
    const r = await engine.generate(history, GREEDY, 4096);
    out.push({ tokens: r.tokens, reused: r.stats.reusedTokens, prompt: r.stats.promptTokens, cache: r.cache.kind });
    history.push({ role: 'assistant', content: r.raw });
    await engine.prepareNextTurn(history);
  }
  return out;
}

describe.each(['fp32', 'q4'] as const)('KV reuse on the random tiny model (%s, greedy)', (dtype) => {
  let engine: LlmEngine;
  beforeAll(async () => {
    const dir = await ensureModel('tiny-random', TINY_RANDOM);
    engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype });
  });

  it('a 5-turn conversation gives exactly the same tokens with reuse as with a full re-prefill every turn', async () => {
    const fresh = await chat(engine, { reuseCache: false, prefillChunk: 0, prepareNextTurn: false });
    const lcp = await chat(engine, { reuseCache: true, prefillChunk: 0, prepareNextTurn: false });
    const ahead = await chat(engine, { reuseCache: true, prefillChunk: 0, prepareNextTurn: true });
    for (let k = 0; k < QUESTIONS.length; k++) {
      expect(lcp[k]!.tokens, `turn ${k + 1} (longest-common-prefix reuse)`).toEqual(fresh[k]!.tokens);
      expect(ahead[k]!.tokens, `turn ${k + 1} (history read ahead)`).toEqual(fresh[k]!.tokens);
      expect(fresh[k]!.tokens).toHaveLength(GREEDY.maxNewTokens);
    }
    // The re-prefill run reads everything; the reuse runs really reused.
    expect(fresh.every((t) => t.reused === 0)).toBe(true);
    for (let k = 1; k < QUESTIONS.length; k++) {
      // Without read-ahead the cache is cut back to the last <｜Assistant｜> (the answer is re-rendered).
      expect(lcp[k]!.cache).toBe('truncate');
      expect(lcp[k]!.reused).toBeGreaterThan(0);
      // With read-ahead the cached history is an exact prefix: only the new question is read.
      expect(ahead[k]!.cache).toBe('reuse');
      const questionTokens = engine.tokenizer.encode(QUESTIONS[k]!, { add_special_tokens: false }).length;
      // <｜User｜> question <｜Assistant｜><think>\n
      expect(ahead[k]!.prompt - ahead[k]!.reused).toBeLessThanOrEqual(questionTokens + 4);
      expect(ahead[k]!.prompt - ahead[k]!.reused).toBeLessThan(lcp[k]!.prompt - lcp[k]!.reused);
    }
  });

  it('chunked prefill gives the same tokens as one prefill', async () => {
    const whole = await chat(engine, { reuseCache: false, prefillChunk: 0, prepareNextTurn: false }, QUESTIONS.slice(0, 3));
    const chunked = await chat(engine, { reuseCache: false, prefillChunk: 7, prepareNextTurn: false }, QUESTIONS.slice(0, 3));
    const both = await chat(engine, { reuseCache: true, prefillChunk: 5, prepareNextTurn: true }, QUESTIONS.slice(0, 3));
    expect(engine.counters.chunkedPrefills).toBeGreaterThan(0);
    for (let k = 0; k < 3; k++) {
      expect(chunked[k]!.tokens).toEqual(whole[k]!.tokens);
      expect(both[k]!.tokens).toEqual(whole[k]!.tokens);
    }
  });

  it('a 30-turn chat keeps a constant number of cache tensors, sized to the last prompt', async () => {
    engine.tuning = { reuseCache: true, prefillChunk: 64, prepareNextTurn: true };
    await engine.reset();
    const layers = engine.facts.numLayers;
    const history: ChatTurn[] = [];
    const sizes: number[] = [];
    for (let k = 0; k < 30; k++) {
      history.push({ role: 'user', content: `Turn ${k}: say something.` });
      const r = await engine.generate(history, { ...GREEDY, maxNewTokens: 4 }, 100_000);
      history.push({ role: 'assistant', content: r.raw });
      await engine.prepareNextTurn(history);
      expect(engine.cacheTensorCount).toBe(2 * layers);
      // The cache holds exactly the rendered history, nothing left over from earlier turns.
      expect(engine.cachedTokenCount).toBe(engine.promptIds(history, false).length);
      sizes.push(engine.cachedTokenCount);
    }
    expect(sizes[29]).toBeGreaterThan(sizes[0]!);
    // CPU tensors here: nothing on a GPU to leak.
    expect(engine.counters.gpuTensorsCreated).toBe(0);
  });
});
