import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addMessage,
  conversationToJson,
  conversationToMarkdown,
  createConversation,
  getConversation,
  getMessages,
  importConversation,
  importSizeError,
  MAX_IMPORT_BYTES,
  listConversations,
  loadSettings,
  openChatDb,
  parseConversationJson,
  purgeDeleted,
  recoverInterrupted,
  renameConversation,
  restoreConversation,
  saveSettings,
  searchConversations,
  softDeleteConversation,
  titleFromQuestion,
  truncateFrom,
  updateMessage,
  DEFAULT_SETTINGS,
  type ChatDB,
  type NewMessage,
} from '../../src/storage/chats/index.ts';

let db: ChatDB;
beforeEach(() => {
  db = openChatDb('test-chats', { indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(() => db.close());

const user = (content: string): NewMessage => ({ role: 'user', parts: [{ type: 'text', text: content, state: 'done' }], status: 'done' });
const answer = (reasoning: string, text: string): NewMessage => ({
  role: 'assistant',
  parts: [
    { type: 'reasoning', text: reasoning, state: 'done', durationMs: 2400 },
    { type: 'text', text, state: 'done' },
  ],
  status: 'done',
});

describe('conversations', () => {
  it('titles a conversation from its first question and lists newest first', async () => {
    const a = await createConversation(db, undefined, 1000);
    await addMessage(db, a.id, user('What is 2 + 2?\nShow your work.'), 1001);
    const b = await createConversation(db, undefined, 2000);
    await addMessage(db, b.id, user('Name a prime.'), 2001);
    await addMessage(db, a.id, answer('Add them.', 'It is 4.'), 3000);

    const list = await listConversations(db);
    expect(list.map((c) => c.title)).toEqual(['What is 2 + 2?', 'Name a prime.']);
    const msgs = await getMessages(db, a.id);
    expect(msgs.map((m) => [m.seq, m.role])).toEqual([
      [0, 'user'],
      [1, 'assistant'],
    ]);
  });

  it('cuts long titles at a word', () => {
    const t = titleFromQuestion('word '.repeat(40));
    expect(t.length).toBeLessThanOrEqual(61);
    expect(t.endsWith('word…')).toBe(true);
    expect(titleFromQuestion('   ')).toBe('New chat');
  });

  it('renames, deletes with undo, and purges', async () => {
    const c = await createConversation(db);
    await addMessage(db, c.id, user('hello'));
    await renameConversation(db, c.id, '  My   chat ');
    expect((await getConversation(db, c.id))?.title).toBe('My chat');

    await softDeleteConversation(db, c.id);
    expect(await listConversations(db)).toEqual([]);
    await restoreConversation(db, c.id);
    expect((await listConversations(db)).map((x) => x.title)).toEqual(['My chat']);

    await softDeleteConversation(db, c.id);
    expect(await purgeDeleted(db)).toBe(1);
    expect(await getMessages(db, c.id)).toEqual([]);
    expect(await db.conversations.count()).toBe(0);
  });

  it('searches titles and message text, case-insensitively', async () => {
    const a = await createConversation(db);
    await addMessage(db, a.id, user('Tell me about penguins'));
    await addMessage(db, a.id, answer('Birds.', 'They live in ANTARCTICA.'));
    const b = await createConversation(db);
    await addMessage(db, b.id, user('Sum of 3 and 5'));
    expect((await searchConversations(db, 'antarctica')).map((c) => c.id)).toEqual([a.id]);
    expect((await searchConversations(db, 'SUM OF')).map((c) => c.id)).toEqual([b.id]);
    expect(await searchConversations(db, 'zebra')).toEqual([]);
    expect(await searchConversations(db, '  ')).toHaveLength(2);
  });

  it('truncates from a message (edit and resend replaces the history after it)', async () => {
    const c = await createConversation(db);
    await addMessage(db, c.id, user('q1'));
    await addMessage(db, c.id, answer('r1', 'a1'));
    await addMessage(db, c.id, user('q2'));
    await addMessage(db, c.id, answer('r2', 'a2'));
    await truncateFrom(db, c.id, 2);
    expect((await getMessages(db, c.id)).map((m) => m.parts.at(-1)?.text)).toEqual(['q1', 'a1']);
    const again = await addMessage(db, c.id, user('q2 edited'));
    expect(again.seq).toBe(2);
  });

  it('keeps a partial answer saved while streaming, marked stopped (its reasoning cut) after a reload', async () => {
    const c = await createConversation(db);
    await addMessage(db, c.id, user('q'));
    const m = await addMessage(db, c.id, { role: 'assistant', parts: [], status: 'streaming' }, 10_000);
    await updateMessage(db, m.id, { parts: [{ type: 'reasoning', text: 'Let me th', state: 'streaming' }] }, 13_500);
    // …the page reloads here; on start the app recovers interrupted answers:
    expect(await recoverInterrupted(db)).toBe(1);
    const [, a] = await getMessages(db, c.id);
    expect(a?.status).toBe('stopped');
    // It reasoned from the start of the answer until its last save.
    expect(a?.parts).toEqual([{ type: 'reasoning', text: 'Let me th', state: 'cut', durationMs: 3500 }]);
  });
});

describe('settings', () => {
  it('round-trips and falls back to defaults for bad stored values', async () => {
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    await saveSettings(db, { ...DEFAULT_SETTINGS, temperature: 0.3, reasoningExpanded: true, modelKind: 'demo' });
    expect(await loadSettings(db)).toMatchObject({ temperature: 0.3, reasoningExpanded: true, modelKind: 'demo' });
    await db.settings.put({ key: 'app', value: { temperature: 'hot', maxNewTokens: 1e9, device: 'tpu' } as never });
    const s = await loadSettings(db);
    expect(s.temperature).toBe(DEFAULT_SETTINGS.temperature);
    expect(s.maxNewTokens).toBe(32768);
    expect(s.device).toBe('auto');
  });
});

describe('export and import', () => {
  async function sample() {
    const c = await createConversation(db, undefined, 1000);
    await addMessage(db, c.id, user('What is 2 + 2?'), 1001);
    const a = await addMessage(db, c.id, answer('Two plus two.\nThat makes four.', 'The answer is \\(\\boxed{4}\\).'), 1002);
    await updateMessage(db, a.id, {
      stats: {
        promptTokens: 12,
        reusedTokens: 0,
        prefillTokens: 12,
        generatedTokens: 20,
        reasoningTokens: 8,
        answerTokens: 11,
        timeToFirstTokenMs: 120,
        prefillTokensPerSec: 100,
        decodeTokensPerSec: 50,
        reasoningMs: 2400,
        totalMs: 600,
      },
    });
    await addMessage(db, c.id, user('And 3 + 3?'), 1003);
    await addMessage(db, c.id, { role: 'assistant', parts: [{ type: 'reasoning', text: 'Three and', state: 'cut', durationMs: 900 }], status: 'stopped' }, 1004);
    return (await getConversation(db, c.id))!;
  }

  it('writes Markdown with the reasoning clearly marked', async () => {
    const c = await sample();
    const md = conversationToMarkdown(c, await getMessages(db, c.id), new Date(0));
    expect(md).toContain('# What is 2 + 2?');
    expect(md).toContain('## You\n\nWhat is 2 + 2?');
    expect(md).toContain('> **Reasoning** (thought for 2.4 s)\n>\n> Two plus two.\n> That makes four.');
    expect(md).toContain('**Answer:**\n\nThe answer is \\(\\boxed{4}\\).');
    expect(md).toContain('## Assistant (stopped: partial answer)');
  });

  it('round-trips JSON into a new conversation with the same content', async () => {
    const c = await sample();
    const original = await getMessages(db, c.id);
    const json = conversationToJson(c, original);
    expect(JSON.parse(json).messages[1].reasoning).toBe('Two plus two.\nThat makes four.');

    const parsed = parseConversationJson(json);
    if (!parsed.ok) throw new Error(parsed.error);
    const copy = await importConversation(db, parsed.value);
    expect(copy.id).not.toBe(c.id);
    expect(copy.title).toBe(c.title);
    const imported = await getMessages(db, copy.id);
    const shape = (ms: typeof original) => ms.map((m) => ({ role: m.role, parts: m.parts, status: m.status, stats: m.stats }));
    expect(shape(imported)).toEqual(shape(original));
    // And exporting the import gives the same document (apart from the export time).
    expect(conversationToJson(copy, imported, new Date(0)).replace(/"updatedAt": \d+/, '')).toBe(
      conversationToJson(c, original, new Date(0)).replace(/"updatedAt": \d+/, ''),
    );
  });

  it('refuses bad files with a sentence saying why', () => {
    const bad = (text: string) => {
      const r = parseConversationJson(text);
      return r.ok ? 'accepted' : r.error;
    };
    expect(bad('{not json')).toMatch(/not valid JSON/);
    expect(bad('{"hello": 1}')).toMatch(/not a local-r1 conversation export/);
    expect(bad('{"format":"local-r1-conversation","version":9,"messages":[]}')).toMatch(/version 9/);
    expect(bad('{"format":"local-r1-conversation","version":1}')).toMatch(/no "messages"/);
    expect(bad('{"format":"local-r1-conversation","version":1,"messages":[{"role":"system","content":"x"}]}')).toMatch(
      /Message 1 has role "system"/,
    );
    expect(bad('{"format":"local-r1-conversation","version":1,"messages":[{"role":"user"}]}')).toMatch(/has no text/);
    expect(bad(' '.repeat(MAX_IMPORT_BYTES + 1))).toMatch(/too large/); // the second line of defence
  });

  it('refuses a file larger than the limit by its size in bytes, before reading it', () => {
    expect(importSizeError(MAX_IMPORT_BYTES)).toBeNull();
    expect(importSizeError(1234)).toBeNull();
    expect(importSizeError(MAX_IMPORT_BYTES + 1)).toBe('This file is too large to be a conversation export.');
    expect(importSizeError(51 * 1024 * 1024)).toMatch(/too large/);
  });
});
