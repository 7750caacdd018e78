/**
 * The engine's `chat.completions` (src/api) over a scripted runner: what a caller of the library sees —
 * the chunks, how an answer ends, the usage numbers, abort, refusals, and the non-streaming answer.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type OpenAI from 'openai';
import { localCompletions, DEFAULT_SETTINGS, samplingOf, turnsOf, usageOf, type AnswerEvents, type AnswerRunner } from '../../src/api/index.ts';
import { EngineFailure, type ChatCompletionChunk, type ChatCompletionCreateParams, type CompletionUsage, type GenerationStats, type StopReason } from '../../src/core/index.ts';

const STATS: GenerationStats = {
  promptTokens: 40, reusedTokens: 30, prefillTokens: 10, generatedTokens: 5, reasoningTokens: 3, answerTokens: 2,
  timeToFirstTokenMs: 1, prefillTokensPerSec: 1, decodeTokensPerSec: 1, reasoningMs: 7, totalMs: 9,
};

type Step = ['reasoning' | 'text', string];

/** A runner that plays `steps` as tokens (one per macrotask), stoppable between them. */
class ScriptedRunner implements AnswerRunner {
  stops = 0;
  runs: Parameters<AnswerRunner['run']>[] = [];
  constructor(private readonly steps: Step[], private readonly reason: StopReason = 'eos', private readonly refuse?: EngineFailure) {}
  async run(...args: Parameters<AnswerRunner['run']>) {
    this.runs.push(args);
    const events: AnswerEvents = args[3];
    await Promise.resolve();
    if (this.refuse) throw this.refuse;
    events.start({ promptTokens: 40, reusedTokens: 30, trimmedMessages: 1 });
    for (const [part, text] of this.steps) {
      await new Promise((r) => setTimeout(r, 1));
      if (this.stops > 0) return { reason: 'stopped' as const, stats: STATS, trimmedMessages: 1 };
      events.token(part, text);
    }
    return { reason: this.reason, stats: STATS, trimmedMessages: 1 };
  }
  stop() {
    this.stops++;
  }
}

const SCRIPT: Step[] = [['reasoning', 'Two '], ['reasoning', 'and two.'], ['text', ''], ['text', 'Four.']];
const ASK = { messages: [{ role: 'user', content: '2 + 2?' }] } satisfies ChatCompletionCreateParams;

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const out: ChatCompletionChunk[] = [];
  for await (const c of stream) out.push(c);
  return out;
}

describe('chat.completions over the local engine', () => {
  it('streams the role first, reasoning as reasoning_content, the answer as content, then finish_reason and usage', async () => {
    const api = localCompletions(new ScriptedRunner(SCRIPT), () => DEFAULT_SETTINGS);
    const chunks = await collect(await api.create({ ...ASK, stream: true }));
    expect(chunks.map((c) => c.choices[0]!.delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Two ' },
      { reasoning_content: 'and two.' },
      { content: 'Four.' },
      {},
    ]);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]).toMatchObject({ object: 'chat.completion.chunk', model: 'local-r1', local_r1: { promptTokens: 40, reusedTokens: 30, trimmedMessages: 1 } });
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null && !c.usage)).toBe(true);
    expect(last.usage).toEqual({
      prompt_tokens: 40, completion_tokens: 5, total_tokens: 45,
      prompt_tokens_details: { cached_tokens: 30 }, completion_tokens_details: { reasoning_tokens: 3 },
      prompt_cache_hit_tokens: 30, prompt_cache_miss_tokens: 10,
    });
    expect(last.local_r1).toEqual({ stats: STATS, endReason: 'eos', trimmedMessages: 1 });
  });

  it('ends with length when the answer ran out of tokens', async () => {
    const api = localCompletions(new ScriptedRunner(SCRIPT, 'max-tokens'), () => DEFAULT_SETTINGS);
    const chunks = await collect(await api.create({ ...ASK, stream: true, max_tokens: 5 }));
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('length');
  });

  it('an aborted signal stops the engine, and the stream ends with abort and the text so far', async () => {
    const runner = new ScriptedRunner(SCRIPT);
    const controller = new AbortController();
    const stream = await localCompletions(runner, () => DEFAULT_SETTINGS).create({ ...ASK, stream: true }, { signal: controller.signal });
    const deltas: string[] = [];
    let finish: string | null = null;
    for await (const c of stream) {
      deltas.push(c.choices[0]!.delta.reasoning_content ?? '');
      if (deltas.length === 2) controller.abort();
      finish = c.choices[0]!.finish_reason;
    }
    expect(runner.stops).toBe(1);
    expect(deltas.join('')).toBe('Two ');
    expect(finish).toBe('abort');
  });

  it('leaving the stream early stops the engine', async () => {
    const runner = new ScriptedRunner(SCRIPT);
    const stream = await localCompletions(runner, () => DEFAULT_SETTINGS).create({ ...ASK, stream: true });
    for await (const c of stream) if (c.choices[0]!.delta.reasoning_content) break;
    expect(runner.stops).toBe(1);
  });

  it('a prompt the engine refuses rejects the call with its EngineFailure, before any chunk', async () => {
    const refusal = new EngineFailure({ code: 'prompt-too-long', message: 'Too long.' });
    const api = localCompletions(new ScriptedRunner(SCRIPT, 'eos', refusal), () => DEFAULT_SETTINGS);
    await expect(api.create({ ...ASK, stream: true })).rejects.toBe(refusal);
    await expect(api.create({ messages: [] })).rejects.toMatchObject({ error: { code: 'empty-prompt' } });
  });

  it('without stream, answers with one message holding content and reasoning_content', async () => {
    const api = localCompletions(new ScriptedRunner(SCRIPT), () => ({ ...DEFAULT_SETTINGS, model: 'tiny' }));
    const answer = await api.create(ASK);
    expect(answer).toMatchObject({
      object: 'chat.completion',
      model: 'tiny',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Four.', reasoning_content: 'Two and two.' }, finish_reason: 'stop' }],
      usage: { completion_tokens_details: { reasoning_tokens: 3 }, prompt_tokens_details: { cached_tokens: 30 } },
    });
  });

  it('reads OpenAI sampling fields over its defaults, and a previous reasoning back before </think>', () => {
    const runner = new ScriptedRunner(SCRIPT);
    void localCompletions(runner, () => DEFAULT_SETTINGS).create({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.', reasoning_content: 'Greet back.' },
        { role: 'user', content: 'Again' },
      ],
      temperature: 0,
      top_p: 0.5,
      max_tokens: 7,
      seed: 3,
    });
    const [turns, sampling] = runner.runs[0]!;
    expect(turns[2]).toEqual({ role: 'assistant', content: 'Greet back.</think>\n\nHello.' });
    expect(turns[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(sampling).toMatchObject({ doSample: false, topP: 0.5, maxNewTokens: 7, seed: 3, topK: DEFAULT_SETTINGS.sampling.topK });
    expect(samplingOf({ messages: [], temperature: 0.9 }, { ...DEFAULT_SETTINGS.sampling, doSample: false })).toMatchObject({ doSample: true, temperature: 0.9 });
    expect(() => turnsOf([{ role: 'tool' as 'user', content: 'x' }])).toThrow(EngineFailure);
  });

  it('never counts more cached tokens than prompt tokens', () => {
    expect(usageOf({ ...STATS, promptTokens: 10, reusedTokens: 12 }).prompt_cache_miss_tokens).toBe(0);
  });
});

describe('the shapes fit the openai package', () => {
  it('a request, the usage and a chunk delta are what the official client takes and gives', () => {
    // Ours with a model named (the official client requires one) and no signal (the client takes it as an option).
    expectTypeOf<Omit<ChatCompletionCreateParams, 'signal' | 'stream'> & { model: string; stream: true }>().toExtend<OpenAI.ChatCompletionCreateParamsStreaming>();
    expectTypeOf<ChatCompletionCreateParams['messages'][number]>().toExtend<OpenAI.ChatCompletionMessageParam>();
    expectTypeOf<CompletionUsage>().toExtend<OpenAI.CompletionUsage>();
    expectTypeOf<OpenAI.CompletionUsage>().toExtend<CompletionUsage>();
    expectTypeOf<Omit<ChatCompletionChunk['choices'][number]['delta'], 'reasoning_content'>>().toExtend<OpenAI.ChatCompletionChunk.Choice.Delta>();
    expectTypeOf<OpenAI.ChatCompletionChunk.Choice.Delta['content']>().toExtend<ChatCompletionChunk['choices'][number]['delta']['content']>();
  });
});
