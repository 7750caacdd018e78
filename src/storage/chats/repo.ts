/**
 * Conversation and message operations on the chats database. Every function takes the
 * database, so tests run them on fake-indexeddb and the app on the real one.
 */
import Dexie from 'dexie';
import { finishParts, partText } from '../../core/index.ts';
import type { ChatDB } from './db.ts';
import type { ChatMessage, Conversation } from './types.ts';

export const NEW_CHAT_TITLE = 'New chat';
const TITLE_MAX = 60;

export function newId(): string {
  return crypto.randomUUID();
}

/** A sidebar title from the first question: its first line, cut at a word near 60 characters. */
export function titleFromQuestion(question: string): string {
  const line = question.trim().split('\n')[0]!.replace(/\s+/g, ' ').trim();
  if (line === '') return NEW_CHAT_TITLE;
  if (line.length <= TITLE_MAX) return line;
  const cut = line.slice(0, TITLE_MAX);
  const space = cut.lastIndexOf(' ');
  return (space > TITLE_MAX / 2 ? cut.slice(0, space) : cut) + '…';
}

export async function createConversation(db: ChatDB, title = NEW_CHAT_TITLE, now = Date.now()): Promise<Conversation> {
  const conv: Conversation = { id: newId(), title, createdAt: now, updatedAt: now };
  await db.conversations.add(conv);
  return conv;
}

export async function getConversation(db: ChatDB, id: string): Promise<Conversation | undefined> {
  const c = await db.conversations.get(id);
  return c && c.deletedAt === undefined ? c : undefined;
}

/** Conversations not deleted, newest first. */
export async function listConversations(db: ChatDB): Promise<Conversation[]> {
  const all = await db.conversations.orderBy('updatedAt').reverse().toArray();
  return all.filter((c) => c.deletedAt === undefined);
}

/**
 * Conversations whose title or any message contains `query` (case-insensitive), newest first.
 * A linear scan: chats are local and small next to what IndexedDB reads per second.
 */
export async function searchConversations(db: ChatDB, query: string): Promise<Conversation[]> {
  const q = query.trim().toLowerCase();
  const convs = await listConversations(db);
  if (q === '') return convs;
  const hits = new Set<string>();
  await db.messages.each((m) => {
    if (hits.has(m.conversationId)) return;
    const text = m.parts.map((p) => p.text).join('\n');
    if (text.toLowerCase().includes(q)) hits.add(m.conversationId);
  });
  return convs.filter((c) => hits.has(c.id) || c.title.toLowerCase().includes(q));
}

export async function getMessages(db: ChatDB, conversationId: string): Promise<ChatMessage[]> {
  return db.messages
    .where('[conversationId+seq]')
    .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
    .toArray();
}

export type NewMessage = Omit<ChatMessage, 'id' | 'conversationId' | 'seq' | 'createdAt' | 'updatedAt'>;

/**
 * Appends a message at the end of a conversation and bumps the conversation. The first user
 * message names a conversation that still has the default title.
 */
export async function addMessage(
  db: ChatDB,
  conversationId: string,
  message: NewMessage,
  now = Date.now(),
): Promise<ChatMessage> {
  return db.transaction('rw', db.conversations, db.messages, async () => {
    const last = await db.messages
      .where('[conversationId+seq]')
      .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey])
      .last();
    const full: ChatMessage = {
      ...message,
      id: newId(),
      conversationId,
      seq: last ? last.seq + 1 : 0,
      createdAt: now,
      updatedAt: now,
    };
    await db.messages.add(full);
    const conv = await db.conversations.get(conversationId);
    if (conv) {
      const patch: Partial<Conversation> = { updatedAt: now };
      if (message.role === 'user' && conv.title === NEW_CHAT_TITLE) patch.title = titleFromQuestion(partText(message.parts, 'text'));
      if (message.remote) patch.remote = message.remote;
      await db.conversations.update(conversationId, patch);
    }
    return full;
  });
}

/** Saves changes to a message (streamed parts, final status, stats) and bumps its conversation. */
export async function updateMessage(
  db: ChatDB,
  id: string,
  patch: Partial<Omit<ChatMessage, 'id' | 'conversationId' | 'seq'>>,
  now = Date.now(),
): Promise<void> {
  await db.transaction('rw', db.conversations, db.messages, async () => {
    const m = await db.messages.get(id);
    if (!m) return;
    await db.messages.update(id, { ...patch, updatedAt: now });
    await db.conversations.update(m.conversationId, { updatedAt: now });
  });
}

/** Deletes the message at `seq` and everything after it (edit-and-resend, regenerate). */
export async function truncateFrom(db: ChatDB, conversationId: string, seq: number): Promise<void> {
  await db.messages
    .where('[conversationId+seq]')
    .between([conversationId, seq], [conversationId, Dexie.maxKey], true, true)
    .delete();
}

export async function renameConversation(db: ChatDB, id: string, title: string): Promise<void> {
  const t = title.replace(/\s+/g, ' ').trim();
  await db.conversations.update(id, { title: t === '' ? NEW_CHAT_TITLE : t });
}

/** Hides a conversation; `restoreConversation` undoes it until `purgeDeleted` runs. */
export async function softDeleteConversation(db: ChatDB, id: string, now = Date.now()): Promise<void> {
  await db.conversations.update(id, { deletedAt: now });
}

export async function restoreConversation(db: ChatDB, id: string): Promise<void> {
  const conv = await db.conversations.get(id);
  if (!conv) return;
  const { deletedAt: _gone, ...rest } = conv;
  await db.conversations.put(rest);
}

/** Removes conversations deleted before `before` (default: all deleted ones) with their messages. */
export async function purgeDeleted(db: ChatDB, before = Number.POSITIVE_INFINITY): Promise<number> {
  return db.transaction('rw', db.conversations, db.messages, async () => {
    const doomed = await db.conversations.where('deletedAt').below(before).toArray();
    for (const c of doomed) {
      await db.messages
        .where('[conversationId+seq]')
        .between([c.id, Dexie.minKey], [c.id, Dexie.maxKey])
        .delete();
      await db.conversations.delete(c.id);
    }
    return doomed.length;
  });
}

/**
 * A message still marked `streaming` when the app starts was cut off by a reload or a crash:
 * keep what was saved and mark it stopped (a reasoning still open is cut, after the time from the
 * start of the answer to its last save). Returns how many were recovered.
 */
export async function recoverInterrupted(db: ChatDB, now = Date.now()): Promise<number> {
  return db.messages
    .where('status')
    .equals('streaming')
    .modify((m) => {
      m.parts = finishParts(m.parts, m.updatedAt - m.createdAt);
      m.status = 'stopped';
      m.updatedAt = now;
    });
}
