/**
 * Conversations stored by the release before message parts open unchanged: a database written by
 * that release (test/fixtures/chats-v1.json, its rows as they were in IndexedDB) is upgraded on
 * open, and an export file of that release (test/fixtures/export-v1.json) still imports.
 */
import fs from 'node:fs';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHAT_DB_STORES,
  getMessages,
  importConversation,
  listConversations,
  loadSettings,
  openChatDb,
  parseConversationJson,
  recoverInterrupted,
  type ChatDB,
  type ChatMessage,
} from '../../src/storage/chats/index.ts';
import { AssistantMessage } from '../../src/ui/chat/MessageView.tsx';
import { formatStats } from '../../src/ui/format.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const V1 = JSON.parse(fixture('chats-v1.json')) as { conversations: { id: string }[]; messages: object[]; settings: object[] };
const CHAT = V1.conversations[0]!.id;
const IMPORTED = V1.conversations[1]!.id;

let indexedDB: IDBFactory;
let db: ChatDB;

beforeEach(async () => {
  indexedDB = new IDBFactory();
  // The previous release's database: schema version 1, its rows exactly as stored.
  const old = new Dexie('chats', { indexedDB, IDBKeyRange });
  old.version(1).stores(CHAT_DB_STORES);
  await old.table('conversations').bulkAdd(V1.conversations);
  await old.table('messages').bulkAdd(V1.messages);
  await old.table('settings').bulkAdd(V1.settings);
  old.close();
  db = openChatDb('chats', { indexedDB, IDBKeyRange });
  await recoverInterrupted(db, 1_767_000_100_000); // what the app does at start-up
});
afterEach(() => db.close());

/** What the conversation view shows for an answer, as text. */
function shown(message: ChatMessage): string {
  const html = renderToStaticMarkup(
    <AssistantMessage message={message} keepReasoningExpanded={false} isLast={false} canRegenerate onRegenerate={() => undefined} contextWindow={4096} />,
  );
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

const STATS = {
  promptTokens: 20, reusedTokens: 0, prefillTokens: 20, generatedTokens: 40, reasoningTokens: 25, answerTokens: 13,
  timeToFirstTokenMs: 310, prefillTokensPerSec: 64.5, decodeTokensPerSec: 21.25, reasoningMs: 1180, totalMs: 2150,
};

describe('a database of the previous release', () => {
  it('opens every message as the parts the view renders, with nothing of the old shape left', async () => {
    const ms = await getMessages(db, CHAT);
    expect(ms.map((m) => [m.role, m.status])).toEqual([
      ['user', 'done'], ['assistant', 'done'], ['user', 'done'], ['assistant', 'stopped'], ['user', 'done'],
      ['assistant', 'error'], ['user', 'done'], ['assistant', 'done'], ['user', 'done'], ['assistant', 'stopped'],
    ]);
    expect(ms[0]!.parts).toEqual([{ type: 'text', text: 'What is 2 + 2?\nShow your work.', state: 'done' }]);
    for (const m of ms) for (const gone of ['content', 'raw', 'reasoningEnded', 'reasoningMs']) expect(m).not.toHaveProperty(gone);
    // A finished answer: its reasoning took 1.18 s; stats, end reason and model are kept.
    expect(ms[1]).toMatchObject({
      parts: [
        { type: 'reasoning', text: 'Two plus two.\nThat makes four.\n', state: 'done', durationMs: 1180 },
        { type: 'text', text: 'The answer is $\\boxed{4}$.', state: 'done' },
      ],
      stats: STATS,
      endReason: 'eos',
      model: 'Demo model (scripted)',
    });
    expect(shown(ms[1]!)).toContain('Thought for 1.2 s');
    expect(shown(ms[1]!)).toContain(formatStats(f, STATS));
  });

  it('keeps stopped, failed and cut-off answers with their reasoning cut and how long it ran', async () => {
    const ms = await getMessages(db, CHAT);
    // Stopped inside the reasoning: it ran for the whole decoding (total − time to first token).
    expect(ms[3]).toMatchObject({ parts: [{ type: 'reasoning', text: 'One, two, three', state: 'cut', durationMs: 590 }], endReason: 'stopped', trimmedMessages: 2 });
    expect(shown(ms[3]!)).toContain('Stopped while thinking · 0.6 s');
    expect(shown(ms[3]!)).toContain('Stopped while thinking: this answer is incomplete.');
    expect(shown(ms[3]!)).toContain('2 earlier messages were left out');
    // Failed: the error is kept; without stats the reasoning ran from the start of the answer to its last save.
    expect(ms[5]).toMatchObject({
      parts: [{ type: 'reasoning', text: 'Un, deux', state: 'cut', durationMs: 1000 }],
      error: { code: 'device-lost', message: 'The GPU stopped responding (device lost).', detail: 'GPUDevice lost: reason unknown' },
    });
    expect(shown(ms[5]!)).toContain('The GPU stopped responding (device lost).');
    // The token limit ended it inside the reasoning.
    expect(ms[7]).toMatchObject({ status: 'done', endReason: 'max-tokens', parts: [{ type: 'reasoning', state: 'cut', durationMs: 1190 }] });
    expect(shown(ms[7]!)).toContain('Cut off while thinking · 1.2 s');
    expect(shown(ms[7]!)).toContain('Cut off while still thinking at the limit of 8 new tokens');
    // Saved mid-answer by the previous release, then the page went away: stopped, what was shown is kept.
    expect(ms[9]!.parts).toEqual([
      { type: 'reasoning', text: 'Sure.\n', state: 'done', durationMs: 640 },
      { type: 'text', text: 'Here is one', state: 'done' },
    ]);
  });

  it('keeps the imported chat, the deleted one (until purged) and the settings', async () => {
    expect((await listConversations(db)).map((c) => c.id)).toEqual([IMPORTED, CHAT]);
    const imported = await getMessages(db, IMPORTED);
    expect(imported[1]!.parts[0]).toEqual({ type: 'reasoning', text: 'Two plus two.\nThat makes four.\n', state: 'done', durationMs: 1180 });
    expect(imported[3]!.parts).toEqual([{ type: 'reasoning', text: 'One, two, three', state: 'cut', durationMs: 590 }]);
    expect(await db.conversations.count()).toBe(3);
    expect(await loadSettings(db)).toMatchObject({ temperature: 0.7, reasoningExpanded: true });
  });
});

describe('an export file of the previous release (format version 1)', () => {
  it('imports with the parts, states, durations and stats it was exported with', async () => {
    const parsed = parseConversationJson(fixture('export-v1.json'));
    if (!parsed.ok) throw new Error(parsed.error);
    const conv = await importConversation(db, parsed.value);
    const ms = await getMessages(db, conv.id);
    expect(conv.title).toBe('What is 2 + 2?');
    expect(ms.map((m) => m.parts)).toEqual([
      [{ type: 'text', text: 'What is 2 + 2?\nShow your work.', state: 'done' }],
      [
        { type: 'reasoning', text: 'Two plus two.\nThat makes four.\n', state: 'done', durationMs: 1180 },
        { type: 'text', text: 'The answer is $\\boxed{4}$.', state: 'done' },
      ],
      [{ type: 'text', text: 'Count slowly to ten.', state: 'done' }],
      // The previous release did not export how long a cut reasoning ran.
      [{ type: 'reasoning', text: 'One, two, three', state: 'cut' }],
    ]);
    expect(ms[1]!.stats).toEqual(STATS);
    expect(ms.map((m) => m.status)).toEqual(['done', 'done', 'done', 'stopped']);
  });
});
