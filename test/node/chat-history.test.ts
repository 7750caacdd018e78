/**
 * The history the chat feeds back to the engine is derived from the stored parts alone. It must be
 * the very text the engine decoded (and read ahead into its KV cache for the next turn), or every
 * turn would re-read the previous answer: checked on the scripted multi-turn model in Node.
 */
import { describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { ensureModel, TINY_MULTI_TURN } from '../support/models.ts';
import { LlmEngine } from '../../src/engine/llm.ts';
import { DEFAULT_SAMPLING, finishParts, type ChatTurn, type MessagePart } from '../../src/core/index.ts';
import { endReasoning, foldDelta, historyText, historyToTurns } from '../../src/chat/fold.ts';
import type { ChatMessage } from '../../src/storage/chats/types.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

const GREEDY = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 400 };

/** Generates like the app: the engine's deltas folded into parts. */
async function answer(engine: LlmEngine, history: ChatTurn[], stopAfter = Infinity) {
  let parts: MessagePart[] = [];
  let n = 0;
  const result = await engine.generate(history, GREEDY, 4096, {
    onToken: (delta) => {
      parts = foldDelta(parts, delta, 0);
      if (++n === stopAfter) engine.stop();
    },
    onReasoningEnd: (ms) => (parts = endReasoning(parts, ms)),
  });
  return { result, parts: finishParts(parts, 0) };
}

describe('history from parts on the scripted multi-turn model', () => {
  it('is the decoded text of each answer, so the next turn reuses the whole cached history', async () => {
    const dir = await ensureModel('tiny-multi-turn', TINY_MULTI_TURN);
    const engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype: 'q4' });
    const history: ChatTurn[] = [];
    for (let k = 0; k < 3; k++) {
      history.push({ role: 'user', content: `Question number ${k + 1}` });
      const { result, parts } = await answer(engine, history);
      expect(parts.map((p) => [p.type, p.state])).toEqual([['reasoning', 'done'], ['text', 'done']]);
      expect(historyText(parts)).toBe(result.raw);
      // With read-ahead on, the cache holds the history as the template renders it: an exact prefix.
      if (k > 0) expect(result.cache.kind).toBe('reuse');
      history.push({ role: 'assistant', content: historyText(parts) });
      await engine.prepareNextTurn(history);
    }
    // An answer stopped inside its reasoning: the reasoning is cut and still the decoded text.
    history.push({ role: 'user', content: 'Question number 4' });
    const { result, parts } = await answer(engine, history, 4);
    expect(result.reason).toBe('stopped');
    expect(parts.map((p) => [p.type, p.state])).toEqual([['reasoning', 'cut']]);
    expect(historyText(parts)).toBe(result.raw);
    await engine.unload();
  });
});

describe('a system prompt on the scripted multi-turn model', () => {
  it('is rendered by the R1 template before the first question, and turn 2 still reuses the cached history', async () => {
    const dir = await ensureModel('tiny-multi-turn', TINY_MULTI_TURN);
    const engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype: 'q4' });
    const system = 'Please reason step by step, and put your final answer within \\boxed{}.';
    const q1: ChatMessage[] = [
      { id: 'q1', conversationId: 'c', seq: 0, role: 'user', parts: [{ type: 'text', text: 'Question number 1', state: 'done' }], status: 'done', createdAt: 0, updatedAt: 0 },
    ];
    const withSystem = engine.promptIds(historyToTurns(q1, system));
    const without = engine.promptIds(historyToTurns(q1));
    // BOS, then the system prompt, then the question: the same prompt with the system prompt's tokens inserted.
    expect(withSystem.length).toBeGreaterThan(without.length);
    expect(withSystem[0]).toBe(without[0]);
    expect(withSystem.slice(-without.length + 1)).toEqual(without.slice(1));

    const history: ChatTurn[] = [{ role: 'system', content: system }];
    const reused: number[] = [];
    for (let k = 0; k < 2; k++) {
      history.push({ role: 'user', content: `Question number ${k + 1}` });
      const { result, parts, start } = await answerWithStart(engine, history);
      reused.push(start.reusedTokens);
      if (k > 0) expect(result.cache.kind).toBe('reuse');
      history.push({ role: 'assistant', content: historyText(parts) });
      await engine.prepareNextTurn(history);
    }
    expect(reused[0]).toBe(0);
    // Turn 2 reads only the new question: everything up to it, system prompt included, is reused.
    expect(reused[1]).toBeGreaterThan(withSystem.length);
    await engine.unload();
  });
});

async function answerWithStart(engine: LlmEngine, history: ChatTurn[]) {
  let start = { promptTokens: 0, reusedTokens: -1 };
  let parts: MessagePart[] = [];
  const result = await engine.generate(history, GREEDY, 4096, {
    onStart: (s) => (start = s),
    onToken: (delta) => (parts = foldDelta(parts, delta, 0)),
    onReasoningEnd: (ms) => (parts = endReasoning(parts, ms)),
  });
  return { result, parts: finishParts(parts, 0), start };
}
