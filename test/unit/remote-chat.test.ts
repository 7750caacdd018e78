/**
 * A remote OpenAI-compatible server through `RemoteChat`, against a real HTTP server on loopback that
 * answers each test's way (server-sent events written by hand, as servers write them): what lands in the
 * reasoning and in the answer, the stats, what is sent, and the sentence each failure gives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineFailure, type ChatCompletionChunk, type EngineError, type LocalAnswerInfo } from '../../src/core/index.ts';
import { RemoteChat } from '../../src/remote/index.ts';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

let server: http.Server;
let handler: Handler = (_q, _b, res) => res.end();
let base = '';
const bodies: unknown[] = [];
const headers: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (body) bodies.push(JSON.parse(body));
      headers.push(req.headers);
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  bodies.length = 0;
  headers.length = 0;
});

function chunk(delta: object, finish: string | null = null, usage?: object): string {
  const c = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) };
  return `data: ${JSON.stringify(c)}\n\n`;
}

/** A server that streams `events` (each a `data:` line or raw text) and ends. */
function streams(events: string[], gapMs = 0): Handler {
  return (_q, _b, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const next = () => {
      if (i === events.length) return res.end('data: [DONE]\n\n');
      res.write(events[i++]);
      setTimeout(next, gapMs);
    };
    next();
  };
}

async function run(model: string, signal?: AbortSignal) {
  const api = new RemoteChat({ baseURL: base, apiKey: 'sk-test', model });
  const stream = await api.create({ messages: [{ role: 'user', content: 'hi' }], stream: true }, signal ? { signal } : {});
  const chunks: ChatCompletionChunk[] = [];
  for await (const c of stream) chunks.push(c);
  const text = (k: 'content' | 'reasoning_content') => chunks.map((c) => c.choices[0]?.delta[k] ?? '').join('');
  return { chunks, reasoning: text('reasoning_content'), answer: text('content'), last: chunks.at(-1)! };
}

/** The app's account of the answer on the last chunk (stats, how it ended). */
function info(c: ChatCompletionChunk): LocalAnswerInfo {
  const local = c.local_r1;
  if (!local || !('stats' in local)) throw new Error('no answer info on the last chunk');
  return local;
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EngineFailure);
    return (e as EngineFailure).error;
  }
  throw new Error('expected a failure');
}

describe('RemoteChat: what lands where', () => {
  it('routes reasoning_content to the reasoning and content to the answer, and maps the usage', async () => {
    const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } };
    handler = streams(
      [chunk({ role: 'assistant', content: '' }), chunk({ reasoning_content: '\nLet me ' }), chunk({ reasoning_content: 'think.' }), chunk({ content: '\n\nFour' }), chunk({ content: '.' }, 'stop'), `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage })}\n\n`],
      5,
    );
    const r = await run('deepseek-reasoner');
    expect(r.reasoning).toBe('Let me think.');
    expect(r.answer).toBe('Four.');
    expect(r.last.choices[0]!.finish_reason).toBe('stop');
    expect(r.last.usage).toEqual(usage);
    const stats = info(r.last).stats;
    expect(stats).toMatchObject({ promptTokens: 12, reusedTokens: 4, prefillTokens: 8, generatedTokens: 5, reasoningTokens: 3, answerTokens: 2 });
    expect(stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(stats.reasoningMs).toBeGreaterThan(0);
    expect(stats.decodeTokensPerSec).toBeGreaterThan(0);
    expect(info(r.last).endReason).toBe('eos');
  });

  it("accepts vLLM's newer field name, `reasoning`", async () => {
    handler = streams([chunk({ reasoning: 'Hmm.' }), chunk({ content: 'Yes.' }, 'stop')]);
    const r = await run('Qwen/QwQ-32B');
    expect([r.reasoning, r.answer]).toEqual(['Hmm.', 'Yes.']);
  });

  it('splits <think>…</think> inside content with the engine parser: R1 without the opening tag, tags split across chunks', async () => {
    handler = streams([chunk({ content: 'Two plus ' }), chunk({ content: 'two.</th' }), chunk({ content: 'ink>\n\nIt is ' }), chunk({ content: '**4**.' }, 'stop')]);
    const r = await run('deepseek-r1:7b');
    expect(r.reasoning).toBe('Two plus two.');
    expect(r.answer).toBe('It is **4**.');
    // Without the server's usage the pieces are counted: 2 of reasoning, 2 of answer.
    expect(info(r.last).stats).toMatchObject({ generatedTokens: 4, reasoningTokens: 2, answerTokens: 2, promptTokens: 0 });
  });

  it('the user can say the text starts inside the reasoning, whatever the model is called', async () => {
    handler = streams([chunk({ content: 'Hidden thought' }), chunk({ content: '</think>Shown' }, 'stop')]);
    const api = new RemoteChat({ baseURL: base, apiKey: '', model: 'my-finetune', startInReasoning: true });
    let reasoning = '';
    let answer = '';
    for await (const c of await api.create({ messages: [{ role: 'user', content: 'hi' }], stream: true })) {
      reasoning += c.choices[0]?.delta.reasoning_content ?? '';
      answer += c.choices[0]?.delta.content ?? '';
    }
    expect([reasoning, answer]).toEqual(['Hidden thought', 'Shown']);
  });

  it('an explicit <think> opens the reasoning whatever the model is called; without tags it is all answer', async () => {
    handler = streams([chunk({ content: '<thi' }), chunk({ content: 'nk>\nA thought' }), chunk({ content: '</think>Answer' }, 'stop')]);
    let r = await run('my-model');
    expect([r.reasoning, r.answer]).toEqual(['A thought', 'Answer']);
    handler = streams([chunk({ content: 'Just ' }), chunk({ content: 'text.' }, 'stop')]);
    r = await run('llama-3.1-8b');
    expect([r.reasoning, r.answer]).toEqual(['', 'Just text.']);
  });

  it('sends the messages without reasoning_content, with the sampling and a request for usage', async () => {
    handler = streams([chunk({ content: 'ok' }, 'stop')]);
    const api = new RemoteChat({ baseURL: base, apiKey: '', model: 'deepseek-reasoner' });
    const stream = await api.create({
      stream: true,
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1', reasoning_content: 'secret thoughts' },
        { role: 'user', content: 'Q2' },
      ],
    });
    for await (const _ of stream) void _;
    expect(bodies[0]).toMatchObject({
      model: 'deepseek-reasoner',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
      ],
    });
    expect(JSON.stringify(bodies[0])).not.toContain('reasoning_content');
    // Only headers a CORS preflight of any server allows: no client telemetry, no Authorization without a key.
    expect(Object.keys(headers[0]!).filter((h) => h.startsWith('x-') || h === 'authorization')).toEqual([]);
  });

  it('sends the API key as a bearer token when there is one', async () => {
    handler = streams([chunk({ content: 'ok' }, 'stop')]);
    await run('m');
    expect(headers[0]!.authorization).toBe('Bearer sk-test');
  });

  it('a whole answer (stream: false) is collected from the stream', async () => {
    handler = streams([chunk({ reasoning_content: 'R' }), chunk({ content: 'T' }, 'length')]);
    const api = new RemoteChat({ baseURL: base, apiKey: '', model: 'x' });
    const c = await api.create({ messages: [{ role: 'user', content: 'hi' }] });
    expect(c.choices[0]).toMatchObject({ message: { content: 'T', reasoning_content: 'R' }, finish_reason: 'length' });
    expect(c.local_r1!.endReason).toBe('max-tokens');
  });

  it('lists the models of GET /v1/models', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'b-model', object: 'model' }, { id: 'a-model', object: 'model' }] }));
    };
    expect(await new RemoteChat({ baseURL: base, apiKey: '', model: '' }).models()).toEqual(['a-model', 'b-model']);
  });
});

describe('RemoteChat: Stop and a broken connection', () => {
  it('Stop ends the stream with finish_reason abort, keeping what arrived', async () => {
    const ctrl = new AbortController();
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ content: 'Thinking…' }));
      // Never ends by itself.
    };
    const api = new RemoteChat({ baseURL: base, apiKey: '', model: 'deepseek-r1' });
    const stream = await api.create({ messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: ctrl.signal });
    const got: ChatCompletionChunk[] = [];
    for await (const c of stream) {
      got.push(c);
      if (got.length === 1) ctrl.abort();
    }
    expect(got[0]!.choices[0]!.delta.reasoning_content).toBe('Thinking…');
    expect(got.at(-1)!.choices[0]!.finish_reason).toBe('abort');
    expect(info(got.at(-1)!).endReason).toBe('stopped');
  });

  it('a server that dies mid-answer: the part that arrived was streamed, then a stream-cut sentence', async () => {
    handler = (_q, _b, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ reasoning_content: 'Half a thought' }));
      res.write(chunk({ content: 'Half an answer' }));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const api = new RemoteChat({ baseURL: base, apiKey: '', model: 'deepseek-reasoner' });
    const stream = await api.create({ messages: [{ role: 'user', content: 'hi' }], stream: true });
    const got: string[] = [];
    const error = await failure(
      (async () => {
        for await (const c of stream) got.push(c.choices[0]!.delta.content ?? c.choices[0]!.delta.reasoning_content ?? '');
      })(),
    );
    expect(got).toEqual(['Half a thought', 'Half an answer']);
    expect(error.code).toBe('stream-cut');
    expect(error.message).toMatch(/127\.0\.0\.1:\d+ broke in the middle of the answer\. The part that arrived is kept\./);
  });
});

describe('RemoteChat: failures as sentences', () => {
  const answers = (status: number, headers: Record<string, string> = {}, message = 'nope'): Handler => (_q, _b, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type: 'x' } }));
  };
  const ask = (model = 'm') => new RemoteChat({ baseURL: base, apiKey: 'sk-wrong', model }).create({ messages: [{ role: 'user', content: 'hi' }], stream: true });

  it('401 and 403: the key', async () => {
    handler = answers(401);
    expect(await failure(ask())).toMatchObject({ code: 'remote-auth', message: expect.stringMatching(/refused the API key \(401 Unauthorized\)\. Check the key/) });
    handler = answers(403);
    expect(await failure(ask())).toMatchObject({ code: 'remote-auth', message: expect.stringContaining('403 Forbidden') });
  });

  it('404: the model (or the address)', async () => {
    handler = answers(404, {}, 'The model `nosuch` does not exist.');
    const e = await failure(ask('nosuch'));
    expect(e.code).toBe('remote-not-found');
    expect(e.message).toContain('has no model “nosuch”');
  });

  it('429: the wait from Retry-After', async () => {
    handler = answers(429, { 'retry-after': '17' });
    expect(await failure(ask())).toMatchObject({ code: 'rate-limited', message: expect.stringContaining('Try again in 17 s.') });
    handler = answers(429);
    expect((await failure(ask())).message).toContain('Wait a little and try again.');
  });

  it("5xx and 400: the server's own words, as text; a 400 for the context window is a question too long", async () => {
    handler = answers(503, {}, 'engine overloaded');
    expect(await failure(ask())).toMatchObject({ code: 'remote-server', message: expect.stringMatching(/failed to answer \(503\).*“engine overloaded”/) });
    handler = answers(400, {}, 'temperature must be at most 2');
    expect(await failure(ask())).toMatchObject({ code: 'remote-refused', message: expect.stringContaining('“temperature must be at most 2”') });
    // Over the server's context window: a question too long, named as such (the session gives it back to the box).
    handler = answers(400, {}, "This model's maximum context length is 4096 tokens.");
    expect(await failure(ask())).toMatchObject({ code: 'prompt-too-long', message: expect.stringContaining('maximum context length is 4096') });
  });

  it('nothing listening: unreachable, naming the address', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const api = new RemoteChat({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: '', model: 'm' });
    const e = await failure(api.create({ messages: [{ role: 'user', content: 'hi' }], stream: true }));
    expect(e.code).toBe('remote-unreachable');
    expect(e.message).toContain(`Nothing answers at 127.0.0.1:${port}`);
    expect((await failure(api.models())).code).toBe('remote-unreachable');
  });
});
