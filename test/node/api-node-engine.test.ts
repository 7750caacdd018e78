/**
 * The library's Node entry (src/api/node.ts) on the scripted multi-turn model: a conversation through
 * `chat.completions` alone — reasoning as `reasoning_content`, the answer as `content`, the earlier
 * answers sent back as assistant messages and served from the KV cache, a stop by abort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureModel, TINY_MULTI_TURN } from '../support/models.ts';
import { createNodeEngine, type ChatCompletionChunk, type ChatCompletionMessageParam, type NodeEngine } from '../../src/api/node.ts';

const GREEDY = { temperature: 0, max_tokens: 400 };
const turns = TINY_MULTI_TURN.behaviour.kind === 'scripted' ? TINY_MULTI_TURN.behaviour.script.turns : [];
const split = (turn: string) => {
  const [reasoning, answer] = turn.split('</think>') as [string, string];
  return { reasoning: reasoning.trim(), answer: answer.trim() };
};

let engine: NodeEngine;
beforeAll(async () => {
  engine = await createNodeEngine({ modelDir: await ensureModel('tiny-multi-turn', TINY_MULTI_TURN), dtype: 'q4' });
});
afterAll(() => engine.unload());

async function ask(messages: ChatCompletionMessageParam[], signal?: AbortSignal) {
  const stream = await engine.chat.completions.create({ messages, stream: true, ...GREEDY }, { signal });
  const chunks: ChatCompletionChunk[] = [];
  for await (const c of stream) chunks.push(c);
  const text = (k: 'content' | 'reasoning_content') => chunks.map((c) => c.choices[0]?.delta[k] ?? '').join('');
  return { chunks, reasoning: text('reasoning_content'), content: text('content'), last: chunks.at(-1)! };
}

describe('createNodeEngine', () => {
  it('answers a conversation turn by turn, each later turn reading the earlier ones from the KV cache', async () => {
    const history: ChatCompletionMessageParam[] = [{ role: 'system', content: 'You answer capitals.' }];
    let previousPrompt = 0;
    for (let k = 0; k < 3; k++) {
      history.push({ role: 'user', content: `Question number ${k + 1}` });
      const { reasoning, content, last, chunks } = await ask(history);
      expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
      expect({ reasoning: reasoning.trim(), answer: content.trim() }).toEqual(split(turns[k]!));
      expect(last.choices[0]!.finish_reason).toBe('stop');
      const usage = last.usage!;
      expect(usage.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
      expect(usage.completion_tokens_details!.reasoning_tokens!).toBeLessThan(usage.completion_tokens);
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
      // The previous prompt and the answer after it come from the cache; only the new question is read.
      if (k > 0) expect(usage.prompt_tokens_details!.cached_tokens!).toBeGreaterThan(previousPrompt);
      previousPrompt = usage.prompt_tokens;
      history.push({ role: 'assistant', content, reasoning_content: reasoning });
    }
  });

  it('answers without streaming, and an abort stops the answer with finish_reason abort', async () => {
    await engine.reset();
    const answer = await engine.chat.completions.create({ messages: [{ role: 'user', content: 'Question number 1' }], ...GREEDY });
    expect(answer.choices[0]!.message.content?.trim()).toBe(split(turns[0]!).answer);
    expect(answer.choices[0]!.message.reasoning_content?.trim()).toBe(split(turns[0]!).reasoning);

    const controller = new AbortController();
    const stream = await engine.chat.completions.create({ messages: [{ role: 'user', content: 'Question number 1' }], stream: true, ...GREEDY }, { signal: controller.signal });
    let reasoning = '';
    let finish: string | null = null;
    for await (const c of stream) {
      reasoning += c.choices[0]?.delta.reasoning_content ?? '';
      if (reasoning.length > 0) controller.abort();
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('abort');
    expect(reasoning.length).toBeLessThan(split(turns[0]!).reasoning.length);
  });
});
