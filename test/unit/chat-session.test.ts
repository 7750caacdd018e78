/**
 * The chat session with a fake engine, a manual clock and fake-indexeddb: what the user sees
 * while an answer streams and after, what is saved, and what a refused question gives back.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatSession, MODEL_GONE, SessionActions, ConversationList, RENDER_EVERY_MS, SAVE_EVERY_MS, type ChatNotice } from '../../src/chat/index.ts';
import { createEngine } from '../../src/api/index.ts';
import { DEFAULT_SAMPLING, EngineFailure, type GenerationStats } from '../../src/core/index.ts';
import { getMessages, listConversations, openChatDb, type ChatDB, type ChatMessage } from '../../src/storage/chats/index.ts';
import { FakeEngine, ManualTime } from './chat-fakes.ts';

const STATS = { reasoningMs: 0, totalMs: 900 } as GenerationStats;

let db: ChatDB;
let time: ManualTime;
let engine: FakeEngine;
let session: ChatSession;
let draft: string;
let keys: Map<string, string>;
let notices: (ChatNotice | null)[];

beforeEach(async () => {
  db = openChatDb('session', { indexedDB: new IDBFactory(), IDBKeyRange });
  time = new ManualTime();
  engine = new FakeEngine();
  draft = 'typed';
  notices = [];
  keys = new Map<string, string>();
  const list = new ConversationList(db, time);
  session = new ChatSession({
    db, engine: createEngine({ client: engine }), list, time,
    events: { draft: (t) => (draft = t), notice: (n) => notices.push(n) },
    keys: { get: (k) => keys.get(k) ?? null, set: (k, v) => (v === null ? keys.delete(k) : keys.set(k, v)) },
  });
  session.configure({ ready: true, sampling: DEFAULT_SAMPLING, contextWindow: 4096, modelLabel: 'Demo' });
  await session.start();
});
afterEach(() => db.close());

/** Sends a question and waits until the engine was asked (`sent` settles when the answer is saved). */
async function ask(text: string): Promise<{ sent: Promise<void> }> {
  const sent = new SessionActions(session).send(text);
  await vi.waitFor(() => expect(engine.calls.length).toBeGreaterThan(0));
  return { sent };
}
const last = () => session.getSnapshot().messages.at(-1)!;

describe('a streamed answer', () => {
  it('shows the deltas folded into parts at most once per frame, ~30 times a second, and stores what it showed', async () => {
    const { sent } = await ask('What is 2 + 2?');
    expect(draft).toBe('');
    expect(engine.calls[0]!.messages).toEqual([{ role: 'user', content: 'What is 2 + 2?' }]);
    let renders = 0;
    session.subscribe(() => renders++);
    await engine.token('reasoning', 'Two ');
    await engine.token('reasoning', 'plus two.');
    expect(last().parts).toEqual([]); // not rendered before the frame
    expect(time.frame_()).toBe(1);
    expect(renders).toBe(1);
    expect(last().parts).toEqual([{ type: 'reasoning', text: 'Two plus two.', state: 'streaming' }]);
    time.advance(10);
    await engine.token('reasoning', '\n');
    expect(time.frame_()).toBe(0); // the next render waits for the rest of the 33 ms
    time.advance(RENDER_EVERY_MS);
    expect(time.frame_()).toBe(1);

    time.advance(1500 - 10 - RENDER_EVERY_MS); // the first answer text ends the reasoning, 1.5 s after it began
    await engine.token('text', 'It is 4.');
    engine.calls[0]!.end({ requestId: 'r', reason: 'eos', stats: STATS, raw: 'Two plus two.\n</think>\n\nIt is 4.' });
    await sent;
    const want = [
      { type: 'reasoning', text: 'Two plus two.\n', state: 'done', durationMs: 1500 },
      { type: 'text', text: 'It is 4.', state: 'done' },
    ];
    expect(last()).toMatchObject({ status: 'done', parts: want, stats: STATS, endReason: 'eos', model: 'Demo' });
    expect(session.getSnapshot().busy).toBe(false);
    // What is stored is what is shown (apart from when it was saved).
    const noTime = ({ updatedAt: _u, ...m }: ChatMessage) => m;
    const stored = await getMessages(db, session.getSnapshot().conversationId!);
    expect(stored.map(noTime)).toEqual(session.getSnapshot().messages.map(noTime));
    expect((await listConversations(db))[0]!.title).toBe('What is 2 + 2?');

    // The next turn feeds this answer back as the engine decoded it.
    engine.calls = [];
    const next = (await ask('And 3 + 3?')).sent;
    expect(engine.calls[0]!.messages[1]).toEqual({ role: 'assistant', content: 'Two plus two.\n</think>\n\nIt is 4.' });
    engine.calls[0]!.end({ requestId: 'r', reason: 'eos', stats: STATS, raw: '' });
    await next;
  });

  it('a stop pressed while the question is still being saved stops that answer once it reaches the engine', async () => {
    const stoppedAfter: number[] = []; // how many answers the engine had been asked for at each stop
    engine.stop = () => void stoppedAfter.push(engine.calls.length);
    const sent = new SessionActions(session).send('Count to ten.');
    expect(session.getSnapshot().busy).toBe(true);
    session.stop(); // the question is not stored yet: nothing reached the engine
    await vi.waitFor(() => expect(engine.calls.length).toBe(1));
    expect(stoppedAfter).toEqual([1]);
    engine.calls[0]!.end({ requestId: 'r', reason: 'stopped', stats: STATS, raw: '' });
    await sent;
    expect(last()).toMatchObject({ role: 'assistant', status: 'stopped' });
    expect(session.getSnapshot().messages[0]).toMatchObject({ role: 'user', parts: [{ type: 'text', text: 'Count to ten.' }] });

    // The next question is not stopped by it.
    stoppedAfter.length = 0;
    const next = new SessionActions(session).send('Again.');
    await vi.waitFor(() => expect(engine.calls.length).toBe(2));
    expect(stoppedAfter).toEqual([]);
    engine.calls[1]!.end({ requestId: 'r', reason: 'eos', stats: STATS, raw: 'Done.' });
    await next;
  });

  it('is saved every second while it streams, and a stop cuts the reasoning after the time it ran', async () => {
    const { sent } = await ask('Count to ten');
    time.advance(200);
    await engine.token('reasoning', 'One, two');
    time.advance(SAVE_EVERY_MS);
    await vi.waitFor(async () => {
      const [, a] = await getMessages(db, session.getSnapshot().conversationId!);
      expect(a?.parts).toEqual([{ type: 'reasoning', text: 'One, two', state: 'streaming' }]);
    });
    time.advance(300);
    session.stop();
    expect(engine.stops).toBe(1);
    engine.calls[0]!.end({ requestId: 'r', reason: 'stopped', stats: STATS, raw: 'One, two' });
    await sent;
    expect(last()).toMatchObject({ status: 'stopped', parts: [{ type: 'reasoning', text: 'One, two', state: 'cut', durationMs: 1300 }] });
  });

  it('ends with a reasoning cut after the time the engine measured, so the panel and the stats line agree', async () => {
    const { sent } = await ask('Think forever');
    await engine.token('reasoning', 'Hmm, let me think');
    time.advance(4000);
    engine.calls[0]!.end({ requestId: 'r', reason: 'eos', stats: { ...STATS, reasoningTokens: 330, reasoningMs: 3800 }, raw: 'Hmm, let me think' });
    await sent;
    expect(last()).toMatchObject({ status: 'done', endReason: 'eos', parts: [{ type: 'reasoning', text: 'Hmm, let me think', state: 'cut', durationMs: 3800 }] });
  });
});

describe('a question the engine refuses', () => {
  it('is rolled back: the text goes back to the composer with the reason, and no empty chat is left', async () => {
    const { sent } = await ask('A very long question');
    expect(draft).toBe('');
    engine.calls[0]!.fail(new EngineFailure({ code: 'prompt-too-long', message: 'The question is too long for the context window.' }));
    await sent;
    expect(draft).toBe('A very long question');
    expect(notices.at(-1)).toEqual({ kind: 'error', text: 'The question is too long for the context window.' });
    expect(session.getSnapshot()).toMatchObject({ conversationId: null, messages: [], busy: false });
    expect(await listConversations(db)).toEqual([]);
  });

  it('says what to do instead of sending an empty question or one without a model', async () => {
    await new SessionActions(session).send('   ');
    expect(notices.at(-1)).toEqual({ kind: 'hint', text: 'Type a question first.', key: 'sessionNotices.typeQuestion' });
    session.configure({ ...session.config, ready: false });
    await new SessionActions(session).send('Hello?');
    expect(notices.at(-1)?.text).toMatch(/Load a model first/);
    expect(engine.calls).toEqual([]);
  });
});

describe('a model switched or unloaded under an answer', () => {
  it('keeps the question, and the answer ends stopped with a note, not rolled back', async () => {
    // The worker answers `not-loaded` to a question that reaches it while the next model loads.
    const { sent } = await ask('Still there?');
    engine.calls[0]!.fail(new EngineFailure({ code: 'not-loaded', message: 'Load a model first.' }));
    await sent;
    expect(draft).toBe('');
    const [question, answer] = session.getSnapshot().messages;
    expect(question).toMatchObject({ role: 'user', parts: [{ type: 'text', text: 'Still there?' }] });
    expect(answer).toMatchObject({ role: 'assistant', status: 'stopped', endReason: 'stopped', error: MODEL_GONE });
    expect(session.getSnapshot().busy).toBe(false);
    // What is stored is the same, and the conversation stays in the list.
    const stored = await getMessages(db, session.getSnapshot().conversationId!);
    expect(stored.map((m) => m.status)).toEqual(['done', 'stopped']);
    expect(await listConversations(db)).toHaveLength(1);
  });

  it('keeps what was streamed before the model went away', async () => {
    const { sent } = await ask('Count');
    engine.token('text', 'One, two');
    engine.calls[0]!.fail(new EngineFailure({ code: 'not-loaded', message: 'The model was unloaded. Load a model first.' }));
    await sent;
    expect(last()).toMatchObject({ status: 'stopped', parts: [{ type: 'text', text: 'One, two', state: 'done' }] });
  });
});

describe('the unsent text', () => {
  it('is kept per conversation, restored when it opens again and after a restart, and cleared once sent', async () => {
    const { sent } = await ask('First question');
    engine.calls[0]!.end({ requestId: 'r', reason: 'eos', stats: STATS, raw: '' });
    await sent;
    const first = session.getSnapshot().conversationId!;
    session.keepDraft('Half a follow-up');
    await session.open(null);
    expect(draft).toBe('');
    session.keepDraft('A new chat, not sent');
    await session.open(first);
    expect(draft).toBe('Half a follow-up');

    // A restart (reload): a new session over the same storage reopens the chat with its draft.
    const again = new ChatSession({ ...session.deps, events: { draft: (t) => (draft = t), notice: () => {} } });
    draft = '';
    await again.start();
    expect(draft).toBe('Half a follow-up');
    await again.open(null);
    expect(draft).toBe('A new chat, not sent');

    // Sent: the draft is gone.
    const next = new SessionActions(again);
    again.configure(session.config);
    const resend = next.send('A new chat, not sent');
    await vi.waitFor(() => expect(engine.calls.length).toBe(2));
    engine.calls[1]!.end({ requestId: 'r', reason: 'eos', stats: STATS, raw: '' });
    await resend;
    await again.open(null);
    expect(draft).toBe('');
    expect([...keys.keys()].filter((k) => k.startsWith('local-r1.draft.'))).toEqual([`local-r1.draft.${first}`]);
  });
});

describe('importing a file', () => {
  it('refuses a file over the size limit without reading it, and adds no conversation', async () => {
    const text = vi.fn(async () => '{}');
    const error = await new SessionActions(session).importFile({ size: 51 * 1024 * 1024, text });
    expect(error).toEqual({ text: 'This file is too large to be a conversation export.', key: 'importErrors.tooLarge' });
    expect(text).not.toHaveBeenCalled();
    expect(await listConversations(db)).toEqual([]);
  });

  it('reads and imports a file within the limit', async () => {
    const json = JSON.stringify({ format: 'local-r1-conversation', version: 1, title: 'Kept', messages: [{ role: 'user', content: 'Hi' }] });
    const error = await new SessionActions(session).importFile({ size: json.length, text: async () => json });
    expect(error).toBeNull();
    expect((await listConversations(db)).map((c) => c.title)).toEqual(['Kept']);
  });
});
