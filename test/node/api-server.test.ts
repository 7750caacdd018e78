/**
 * The OpenAI-compatible server (tools/serve/api) driven by the official `openai` client and by plain
 * fetch, on the scripted multi-turn model: streamed reasoning as `reasoning_content`, the KV cache
 * across turns in `usage`, non-streaming, abort, and bad input answered with OpenAI-shaped errors while
 * the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { ensureModel, TINY_MULTI_TURN } from '../support/models.ts';
import { createNodeEngine, type NodeEngine } from '../../src/api/node.ts';
import { startApiServer, type ApiServer } from '../../tools/serve/api/server.ts';

const MODEL = 'tiny-multi-turn';
const turns = TINY_MULTI_TURN.behaviour.kind === 'scripted' ? TINY_MULTI_TURN.behaviour.script.turns : [];
const answerOf = (turn: string) => turn.split('</think>')[1]!.trim();
const reasoningOf = (turn: string) => turn.split('</think>')[0]!.trim();

let engine: NodeEngine;
let api: ApiServer;
let client: OpenAI;
const logs: string[] = [];

beforeAll(async () => {
  engine = await createNodeEngine({ modelDir: await ensureModel(MODEL, TINY_MULTI_TURN), dtype: 'q4', settings: { contextWindow: 512 } });
  api = await startApiServer({ port: 0, model: MODEL, load: async () => engine, log: (l) => logs.push(l) });
  client = new OpenAI({ baseURL: `${api.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await api.close();
  await engine.unload();
});

type Delta = OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null };

async function streamed(messages: OpenAI.ChatCompletionMessageParam[]) {
  const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true, temperature: 0 });
  let reasoning = '';
  let content = '';
  let last: OpenAI.ChatCompletionChunk | null = null;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta as Delta | undefined;
    reasoning += delta?.reasoning_content ?? '';
    content += delta?.content ?? '';
    last = chunk;
  }
  return { reasoning, content, last: last! };
}

/** A good request succeeds: the server still serves. */
async function stillServes() {
  const answer = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 8 });
  expect(answer.choices[0]!.message.role).toBe('assistant');
}

const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
  fetch(`${api.url}/v1/chat/completions`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

describe('the OpenAI-compatible server with the official client', () => {
  it('streams the reasoning as reasoning_content and the answer as content; the next turn is read from the cache', async () => {
    const first = await streamed([{ role: 'user', content: 'Question number 1' }]);
    expect(first.reasoning.trim()).toBe(reasoningOf(turns[0]!));
    expect(first.content.trim()).toBe(answerOf(turns[0]!));
    expect(first.last.choices[0]!.finish_reason).toBe('stop');
    const usage = first.last.usage!;
    expect(usage.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens_details!.reasoning_tokens!).toBeLessThan(usage.completion_tokens);

    const second = await streamed([
      { role: 'user', content: 'Question number 1' },
      { role: 'assistant', content: first.content, reasoning_content: first.reasoning } as OpenAI.ChatCompletionAssistantMessageParam,
      { role: 'user', content: 'Question number 2' },
    ]);
    expect(second.content.trim()).toBe(answerOf(turns[1]!));
    expect(second.last.usage!.prompt_tokens_details!.cached_tokens!).toBeGreaterThan(usage.prompt_tokens);
  });

  it('answers without streaming, and lists its model', async () => {
    const answer = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Question number 1' }], temperature: 0 });
    const message = answer.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content?.trim()).toBe(answerOf(turns[0]!));
    expect(message.reasoning_content?.trim()).toBe(reasoningOf(turns[0]!));
    expect(answer.usage!.total_tokens).toBe(answer.usage!.prompt_tokens + answer.usage!.completion_tokens);
    expect((await client.models.list()).data.map((m) => m.id)).toEqual([MODEL]);
  });

  it('stops the answer when the client aborts, logs 499, and serves the next request', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Question number 1' }], stream: true }, { signal: controller.signal });
    let reasoning = '';
    let content = '';
    // The client ends the stream quietly once its signal aborts.
    for await (const chunk of stream) {
      reasoning += (chunk.choices[0]?.delta as Delta).reasoning_content ?? '';
      content += chunk.choices[0]?.delta.content ?? '';
      if (reasoning) controller.abort();
    }
    expect(reasoning.trim().length).toBeLessThan(reasoningOf(turns[0]!).length);
    expect(content).toBe('');
    await expect.poll(() => logs.some((l) => / 499 /.test(l))).toBe(true);
    await stillServes();
  });
});

describe('bad input', () => {
  const cases: [string, () => Promise<Response>, number, RegExp][] = [
    ['malformed JSON', () => post('{"messages": [}'), 400, /not valid JSON/],
    ['a 10 MB body', () => post(new Uint8Array(10 * 1024 * 1024).fill(32)), 413, /larger than/],
    ['a wrong role', () => post(JSON.stringify({ messages: [{ role: 'tool', content: 'x' }] })), 400, /role must be/],
    ['an empty message list', () => post(JSON.stringify({ messages: [] })), 400, /must not be empty/],
    ['a wrongly typed field', () => post(JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], temperature: 'hot' })), 400, /temperature/],
    ['an unknown model', () => post(JSON.stringify({ model: 'gpt-9', messages: [{ role: 'user', content: 'Hi' }] })), 404, /does not exist/],
    ['a prompt over the context window', () => post(JSON.stringify({ messages: [{ role: 'user', content: 'word '.repeat(3000) }] })), 400, /context window/],
  ];
  it.each(cases)('%s gets an OpenAI-shaped error, and the server keeps serving', async (_name, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { message: string; type: string; param: unknown; code: unknown } };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.message).toMatch(message);
    await stillServes();
  });

  it('refuses a chunked body (no Content-Length) once it passes 1 MB, and keeps serving', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 10 * 1024 * 1024) return c.close();
        sent += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const res = await fetch(`${api.url}/v1/chat/completions`, { method: 'POST', body, duplex: 'half', headers: { 'Content-Type': 'application/json' } } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
    await stillServes();
  });

  it('says which limit a too-long prompt broke', async () => {
    const res = await post(JSON.stringify({ messages: [{ role: 'user', content: 'word '.repeat(3000) }] }));
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('context_length_exceeded');
  });

  it('ignores fields it does not use', async () => {
    const res = await post(JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4, n: 1, user: 'me', frequency_penalty: 0, logit_bias: {} }));
    expect(res.status).toBe(200);
  });
});

describe('access', () => {
  it('answers a CORS preflight and sends CORS headers on answers', async () => {
    const res = await fetch(`${api.url}/v1/chat/completions`, { method: 'OPTIONS', headers: { Origin: 'http://elsewhere.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect((await fetch(`${api.url}/v1/models`)).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('with --api-key, refuses requests without the key; while the model loads, answers 503 with Retry-After', async () => {
    const locked = await startApiServer({ port: 0, model: MODEL, apiKey: 'sesame', load: () => new Promise(() => {}), log: () => {} });
    try {
      const denied = await fetch(`${locked.url}/v1/models`);
      expect(denied.status).toBe(401);
      expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
      const loading = await fetch(`${locked.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sesame', 'Content-Type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(loading.status).toBe(503);
      expect(loading.headers.get('retry-after')).toBe('5');
    } finally {
      await locked.close();
    }
  });
});
