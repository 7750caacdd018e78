/**
 * The engine on the generator's tiny models in Node (onnxruntime-node, CPU): streaming, the
 * reasoning/answer split, stop, context errors. Runs the same LlmEngine the browser worker runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { ensureModel, TINY_SCRIPTED, TINY_MULTI_TURN } from '../support/models.ts';
import { LlmEngine, type TokenEvent } from '../../src/engine/llm.ts';
import { EngineFailure } from '../../src/core/index.ts';
import { DEFAULT_SAMPLING, type ChatTurn, type SamplingSettings } from '../../src/core/index.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

const GREEDY: SamplingSettings = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 400 };
const user = (content: string): ChatTurn => ({ role: 'user', content });

/** The script's first turn split the way the app must split it. */
function expectedParts(script: string) {
  const [reasoning, answer] = script.split('</think>') as [string, string];
  return { reasoning: reasoning.trim(), answer: answer.trim() };
}

async function run(engine: LlmEngine, messages: ChatTurn[], sampling = GREEDY, onToken?: (t: TokenEvent) => void) {
  const parts = { reasoning: '', text: '' };
  const tokens: TokenEvent[] = [];
  let reasoningEnds = 0;
  const result = await engine.generate(messages, sampling, 4096, {
    onToken: (t) => {
      tokens.push(t);
      parts[t.part] += t.text;
      onToken?.(t);
    },
    onReasoningEnd: () => reasoningEnds++,
  });
  return { result, parts, tokens, reasoningEnds };
}

describe.each(['fp32', 'q4', 'q4f16'] as const)('LlmEngine on the scripted tiny model (%s)', (dtype) => {
  let engine: LlmEngine;
  let script: string;

  beforeAll(async () => {
    const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);
    script = TINY_SCRIPTED.behaviour.kind === 'scripted' ? TINY_SCRIPTED.behaviour.script.turns[0]! : '';
    engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype });
    await engine.warmup();
  });

  it('finds </think> from the tokenizer and knows the prompt opens the reasoning', () => {
    expect(engine.facts.thinkEndTokenId).toBe(151649);
    expect(engine.facts.thinkStartTokenId).toBe(151648);
    expect(engine.facts.promptOpensReasoning).toBe(true);
  });

  it('streams every token, splits reasoning from answer, and no tag reaches the text', async () => {
    const { result, parts, tokens, reasoningEnds } = await run(engine, [user('What is 2 plus 2?')]);
    const want = expectedParts(script);
    expect(parts.reasoning.trim()).toBe(want.reasoning);
    expect(parts.text).toBe(want.answer);
    expect(parts.reasoning + parts.text).not.toMatch(/<\/?think>/);
    expect(reasoningEnds).toBe(1);
    expect(result.reason).toBe('eos');
    // One event per generated token at least (a token may also carry two parts' text).
    const indices = new Set(tokens.map((t) => t.tokenIndex));
    expect(indices.size).toBe(result.tokens.length);
    expect(result.raw.replace(/\s+/g, ' ').trim()).toBe(script.replace(/\s+/g, ' ').trim());
    const st = result.stats;
    expect(st.generatedTokens).toBe(result.tokens.length);
    expect(st.reasoningTokens).toBeGreaterThan(0);
    expect(st.answerTokens).toBeGreaterThan(0);
    expect(st.promptTokens).toBeGreaterThan(5);
    expect(st.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(st.decodeTokensPerSec).toBeGreaterThan(0);
  });

  it('sampling at DeepSeek’s settings (temperature 0.6, top-p 0.95) still follows the script', async () => {
    const { parts } = await run(engine, [user('And again?')], { ...DEFAULT_SAMPLING, maxNewTokens: 400, seed: 7 });
    expect(parts.text).toBe(expectedParts(script).answer);
  });

  it('stop interrupts mid-answer and keeps the partial text', async () => {
    let seen = 0;
    const { result, parts } = await run(engine, [user('Stop early please')], GREEDY, () => {
      if (++seen === 5) engine.stop();
    });
    expect(result.reason).toBe('stopped');
    expect(result.tokens.length).toBeLessThanOrEqual(6);
    expect(result.tokens.length).toBeGreaterThanOrEqual(5);
    expect(parts.reasoning.length).toBeGreaterThan(0);
    // The engine is usable again afterwards.
    const again = await run(engine, [user('What is 2 plus 2?')]);
    expect(again.result.reason).toBe('eos');
  });

  it('max_new_tokens ends the answer with reason max-tokens', async () => {
    const { result } = await run(engine, [user('q')], { ...GREEDY, maxNewTokens: 3 });
    expect(result.reason).toBe('max-tokens');
    expect(result.tokens).toHaveLength(3);
  });

  it('empty and too-long prompts are typed errors', async () => {
    await expect(engine.generate([user('  ')], GREEDY, 4096)).rejects.toMatchObject({ error: { code: 'empty-prompt' } });
    const long = 'word '.repeat(3000);
    const err = await engine.generate([user(long)], GREEDY, 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineFailure);
    expect((err as EngineFailure).error.code).toBe('prompt-too-long');
  });

  it('a second generate while one runs is refused as busy', async () => {
    const first = engine.generate([user('one')], GREEDY, 4096);
    await expect(engine.generate([user('two')], GREEDY, 4096)).rejects.toMatchObject({ error: { code: 'busy' } });
    await first;
  });
});

describe('multi-turn scripted model through the engine (history reaches the model)', () => {
  it('answers each of three turns with that turn’s script, reusing the cache', async () => {
    const dir = await ensureModel('tiny-multi-turn', TINY_MULTI_TURN);
    const turns = TINY_MULTI_TURN.behaviour.kind === 'scripted' ? TINY_MULTI_TURN.behaviour.script.turns : [];
    const engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype: 'q4' });
    const history: ChatTurn[] = [];
    for (let k = 0; k < 3; k++) {
      history.push(user(`Question number ${k + 1}`));
      const { result, parts } = await run(engine, history);
      expect(parts.text).toBe(expectedParts(turns[k]!).answer);
      if (k > 0) expect(result.stats.reusedTokens).toBeGreaterThan(0);
      history.push({ role: 'assistant', content: result.raw });
      await engine.prepareNextTurn(history);
    }
    await engine.unload();
  });
});
