/**
 * The chat session answered by a remote server (`RemoteChat` over a real loopback HTTP server) instead of
 * the engine in the browser: what is stored and marked, a server that does not answer, one that breaks
 * mid-answer, and Stop.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatSession, ConversationList, SessionActions, timerScheduler, type ChatEngine, type ChatNotice, type Scheduler } from '../../src/chat/index.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';
import { RemoteChat } from '../../src/remote/index.ts';
import { getConversation, getMessages, listConversations, openChatDb, type ChatDB } from '../../src/storage/chats/index.ts';

/** Real time, with a frame being the next macrotask. */
const time: Scheduler = timerScheduler;

/** The engine in the browser: never asked while a server answers. */
const localEngine: ChatEngine = {
  chat: { completions: { create: () => Promise.reject(new Error('the local engine was asked')) } as unknown as ChatEngine['chat']['completions'] },
  reset() {},
};

type Handler = (res: http.ServerResponse) => void;
let server: http.Server;
let handler: Handler;
let base = '';
let requests = 0;

const sse = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      handler(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let db: ChatDB;
let session: ChatSession;
let draft: string;
let notices: (ChatNotice | null)[];

function useServer(baseURL = base) {
  const completions = new RemoteChat({ baseURL, apiKey: '', model: 'deepseek-r1-70b' });
  session.configure({ ready: true, sampling: DEFAULT_SAMPLING, contextWindow: 4096, modelLabel: 'deepseek-r1-70b', remote: { completions, host: completions.target.host } });
}

beforeEach(async () => {
  db = openChatDb('remote-session', { indexedDB: new IDBFactory(), IDBKeyRange });
  draft = 'typed';
  notices = [];
  requests = 0;
  const keys = new Map<string, string>();
  session = new ChatSession({
    db,
    engine: localEngine,
    list: new ConversationList(db, time),
    time,
    events: { draft: (t) => (draft = t), notice: (n) => notices.push(n) },
    keys: { get: (k) => keys.get(k) ?? null, set: (k, v) => (v === null ? keys.delete(k) : keys.set(k, v)) },
  });
  await session.start();
  useServer();
});
afterEach(() => db.close());

const last = () => session.getSnapshot().messages.at(-1)!;

describe('a chat answered by a remote server', () => {
  it('streams reasoning and answer from the server, and stores the answer and the conversation marked with its host', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse({ content: 'Two and two.' }) + sse({ content: '</think>\n\nFour.' }, 'stop') + 'data: [DONE]\n\n');
    };
    await new SessionActions(session).send('What is 2 + 2?');
    const host = new URL(base).host;
    expect(requests).toBe(1);
    expect(last()).toMatchObject({
      status: 'done',
      remote: host,
      model: 'deepseek-r1-70b',
      parts: [
        { type: 'reasoning', text: 'Two and two.', state: 'done' },
        { type: 'text', text: 'Four.', state: 'done' },
      ],
      endReason: 'eos',
      stats: { generatedTokens: 2 },
    });
    const id = session.getSnapshot().conversationId!;
    expect((await getConversation(db, id))!.remote).toBe(host);
    expect((await getMessages(db, id))[1]!.remote).toBe(host);
  });

  it('a server that does not answer: the question goes back to the box with the reason, nothing is kept', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    useServer(`http://127.0.0.1:${port}/v1`);
    await new SessionActions(session).send('Are you there?');
    expect(draft).toBe('Are you there?');
    expect(notices.at(-1)).toMatchObject({ kind: 'error', text: expect.stringContaining(`Nothing answers at 127.0.0.1:${port}`) });
    expect(await listConversations(db)).toEqual([]);
  });

  it("a question over the server's context window: back to the box with a sentence naming the window, nothing kept", async () => {
    // What vLLM and OpenAI answer (the same shape as serve:api's context_length_exceeded).
    const message = "This model's maximum context length is 4096 tokens. However, you requested 9000 tokens.";
    handler = (res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } }));
    };
    await new SessionActions(session).send('A very long question');
    expect(draft).toBe('A very long question');
    const host = new URL(base).host;
    expect(notices.at(-1)).toMatchObject({ kind: 'error', key: 'errors.remote.contextFull', text: expect.stringContaining(`longer than the context window of the model on ${host}`) });
    expect(notices.at(-1)!.text).toContain(message);
    expect(await listConversations(db)).toEqual([]);
  });

  it('a server that dies mid-answer: the part that arrived is kept, with the sentence saying so', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ reasoning_content: 'Thinking hard' }) + sse({ content: 'The answer is' }));
      setTimeout(() => res.socket?.destroy(), 30);
    };
    await new SessionActions(session).send('Long question');
    expect(last()).toMatchObject({
      status: 'error',
      error: { code: 'stream-cut' },
      parts: [
        { type: 'reasoning', text: 'Thinking hard', state: 'done' },
        { type: 'text', text: 'The answer is', state: 'done' },
      ],
    });
    expect(notices.at(-1)!.text).toContain('broke in the middle of the answer. The part that arrived is kept.');
    expect(draft).toBe('');
  });

  it('Stop ends the answer marked stopped, keeping what arrived', async () => {
    handler = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse({ reasoning_content: 'Counting: one' }));
    };
    const sent = new SessionActions(session).send('Count forever');
    await expect.poll(() => last()?.parts[0]?.text).toBe('Counting: one');
    session.stop();
    await sent;
    expect(last()).toMatchObject({ status: 'stopped', endReason: 'stopped', parts: [{ type: 'reasoning', text: 'Counting: one', state: 'cut' }] });
  });
});
