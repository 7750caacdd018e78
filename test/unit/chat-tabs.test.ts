/**
 * Two tabs on one chats database (two Dexie connections to one fake IndexedDB, one shared localStorage):
 * what one tab does to the conversations shows in the other, and a conversation deleted in one tab while
 * the other shows it is left there without losing the text typed for it.
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatSession, ConversationList, SessionActions, TabSync, draftKey, type ChatNotice, type KeyValue } from '../../src/chat/index.ts';
import { DEFAULT_SAMPLING, type GenerationStats } from '../../src/core/index.ts';
import { addMessage, createConversation, getMessages, openChatDb, renameConversation, type ChatDB } from '../../src/storage/chats/index.ts';
import { textPart } from '../../src/core/index.ts';
import { createEngine } from '../../src/api/index.ts';
import { FakeEngine, ManualTime } from './chat-fakes.ts';

const STATS = { reasoningMs: 0, totalMs: 10 } as GenerationStats;

class Tab {
  readonly db: ChatDB;
  readonly engine = new FakeEngine();
  readonly time = new ManualTime();
  readonly list: ConversationList;
  readonly session: ChatSession;
  readonly actions: SessionActions;
  draft = '';
  notices: (ChatNotice | null)[] = [];
  stopSync: () => void = () => undefined;

  constructor(factory: IDBFactory, keys: KeyValue) {
    this.db = openChatDb('tabs', { indexedDB: factory, IDBKeyRange });
    this.list = new ConversationList(this.db, this.time);
    this.session = new ChatSession({
      db: this.db,
      engine: createEngine({ client: this.engine }),
      list: this.list,
      time: this.time,
      keys,
      events: { draft: (t) => (this.draft = t), notice: (n) => this.notices.push(n) },
    });
    this.session.configure({ ready: true, sampling: DEFAULT_SAMPLING, contextWindow: 4096, modelLabel: 'Demo' });
    this.actions = new SessionActions(this.session);
  }

  async open(sync = true): Promise<this> {
    await this.session.start();
    if (sync) this.stopSync = new TabSync(this.session, this.list).start();
    return this;
  }

  /** The user types `text` in the composer. */
  type(text: string): void {
    this.draft = text;
    this.session.keepDraft(text);
  }

  /** Sends the composer's text; resolves once the engine was asked (answer it with `answer`). */
  async send(): Promise<{ sent: Promise<void> }> {
    const calls = this.engine.calls.length;
    const sent = this.actions.send(this.draft);
    await vi.waitFor(() => expect(this.engine.calls.length).toBe(calls + 1));
    return { sent };
  }

  async answer(text: string, reason: 'eos' | 'stopped' = 'eos'): Promise<void> {
    await this.engine.token('text', text);
    this.engine.calls.at(-1)!.end({ requestId: 'r', reason, stats: STATS, raw: text });
  }

  titles(): string[] {
    return this.list.getSnapshot().conversations.map((c) => c.title);
  }

  close(): void {
    this.stopSync();
    this.db.close();
  }
}

let a: Tab;
let b: Tab;
let keys: Map<string, string>;

beforeEach(async () => {
  const factory = new IDBFactory();
  // liveQuery reads the global IndexedDB dependency; the connections read their own.
  Dexie.dependencies.indexedDB = factory;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  keys = new Map();
  const shared: KeyValue = { get: (k) => keys.get(k) ?? null, set: (k, v) => (v === null ? keys.delete(k) : keys.set(k, v)) };
  a = await new Tab(factory, shared).open();
  b = await new Tab(factory, shared).open();
});
afterEach(() => {
  a.close();
  b.close();
});

/** Tab A asks a question and gets its answer; returns the conversation id. */
async function chatInA(question: string): Promise<string> {
  a.type(question);
  const { sent } = await a.send();
  await a.answer('An answer.');
  await sent;
  return a.session.getSnapshot().conversationId!;
}

describe('the conversation list', () => {
  it('shows in one tab what another creates, renames and deletes', async () => {
    const id = await chatInA('First question');
    await vi.waitFor(() => expect(b.titles()).toEqual(['First question']));
    await renameConversation(b.db, id, 'Renamed in B');
    await b.list.refresh();
    await vi.waitFor(() => expect(a.titles()).toEqual(['Renamed in B']));
    await createConversation(b.db, 'Made in B');
    await vi.waitFor(() => expect(a.titles()).toEqual(['Made in B', 'Renamed in B']));
    await b.actions.remove(id);
    await vi.waitFor(() => expect(a.titles()).toEqual(['Made in B']));
  });

  it('shows what another tab adds to the open conversation', async () => {
    const id = await chatInA('Question');
    await b.actions.select(id);
    await addMessage(b.db, id, { role: 'user', parts: [textPart('Asked in B')], status: 'done' });
    await vi.waitFor(() => expect(a.session.getSnapshot().messages.map((m) => m.parts[0]?.text)).toEqual(['Question', 'An answer.', 'Asked in B']));
  });
});

describe('the open conversation deleted in another tab', () => {
  it('is left for a new chat with a sentence, the unsent text kept in the composer and sent into a new conversation', async () => {
    const id = await chatInA('Keep this one?');
    a.type('half-written follow-up');
    await vi.waitFor(() => expect(b.titles()).toEqual(['Keep this one?']));
    await b.actions.remove(id);

    await vi.waitFor(() => expect(a.session.getSnapshot().conversationId).toBeNull());
    expect(a.session.getSnapshot().messages).toEqual([]);
    expect(a.notices.at(-1)?.text).toBe('This conversation was deleted in another tab. Your unsent text is kept here for a new chat.');
    expect(a.draft).toBe('half-written follow-up');
    expect(keys.get(draftKey(null))).toBe('half-written follow-up');
    expect(keys.has(draftKey(id))).toBe(false);
    await vi.waitFor(() => expect(a.titles()).toEqual([]));

    const { sent } = await a.send();
    expect(a.engine.calls.at(-1)!.messages).toEqual([{ role: 'user', content: 'half-written follow-up' }]);
    await a.answer('Fresh.');
    await sent;
    const fresh = a.session.getSnapshot().conversationId!;
    expect(fresh).not.toBe(id);
    expect((await getMessages(a.db, fresh)).map((m) => m.parts[0]?.text)).toEqual(['half-written follow-up', 'Fresh.']);
    await vi.waitFor(() => expect(b.titles()).toEqual(['half-written follow-up']));
    expect(a.titles()).toEqual(['half-written follow-up']);
  });

  it('stops an answer streaming into it, keeps what was typed for a new chat before, and says so', async () => {
    a.type('first');
    const { sent } = await a.send();
    const id = a.session.getSnapshot().conversationId!;
    keys.set(draftKey(null), 'kept for a new chat'); // typed in a third tab's new chat
    await a.engine.token('text', 'Partial');
    a.type('typed while it answers');
    await b.actions.remove(id);

    await vi.waitFor(() => expect(a.engine.stops).toBe(1));
    await a.answer('', 'stopped');
    await sent;
    await vi.waitFor(() => expect(a.session.getSnapshot().conversationId).toBeNull());
    expect(a.session.getSnapshot().busy).toBe(false);
    expect(a.notices.at(-1)?.text).toBe(
      'This conversation was deleted in another tab, so its answer was stopped. Your unsent text is kept here for a new chat.',
    );
    expect(a.draft).toBe('kept for a new chat\n\ntyped while it answers');
  });

  it('never receives a question sent before this tab heard of the deletion', async () => {
    a.stopSync(); // this tab has not heard yet
    const id = await chatInA('Soon gone');
    await b.actions.remove(id);
    a.type('too late?');
    await a.actions.send(a.draft);

    expect(a.engine.calls).toHaveLength(1);
    expect((await getMessages(a.db, id)).map((m) => m.parts[0]?.text)).toEqual(['Soon gone', 'An answer.']);
    expect(a.session.getSnapshot().conversationId).toBeNull();
    expect(a.draft).toBe('too late?');
    expect(a.notices.at(-1)?.text).toContain('deleted in another tab');
  });

  it('is not mistaken for a deletion when this tab deletes it or creates one', async () => {
    const id = await chatInA('Mine');
    await a.actions.remove(id);
    await chatInA('Another');
    await new Promise((r) => setTimeout(r, 50));
    expect(a.notices.filter((n) => n?.text.includes('another tab'))).toEqual([]);
    expect(a.session.getSnapshot().conversationId).not.toBeNull();
  });
});
