/**
 * Keeps this tab in step with the other tabs open on the same chats database. Dexie's `liveQuery` re-runs a
 * query whenever what it read changes, in this tab or another (Dexie 4 tells the other tabs over a
 * BroadcastChannel), so:
 *
 * - the conversation list is read again when a conversation is created, renamed, deleted, restored or
 *   imported anywhere (not on every save of a streaming answer: only when the list shown would change);
 * - the open conversation's messages follow what another tab adds to it, while no answer runs here;
 * - when the open conversation is deleted elsewhere, the session stops an answer streaming into it and
 *   leaves it for a new chat, keeping the unsent text (`ChatSession.closeIfDeleted`).
 */
import { liveQuery, type Subscription } from 'dexie';
import { getMessages } from '../storage/chats/repo.ts';
import type { Conversation } from '../storage/chats/types.ts';
import type { ConversationList } from './conversations.ts';
import type { ChatSession } from './session.ts';

/** What the sidebar shows of the conversations: which ones, in which order, with which titles. */
export function listDigest(rows: readonly Conversation[]): string {
  return rows
    .filter((c) => c.deletedAt === undefined)
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .map((c) => `${c.id}\u0000${c.title}`)
    .join('\u0001');
}

const ignore = (): void => undefined;

export class TabSync {
  private readonly session: ChatSession;
  private readonly list: ConversationList;
  private conversations: Subscription | null = null;
  private messages: Subscription | null = null;
  private watchedId: string | null = null;
  private digest: string | null = null;
  private offSession: () => void = ignore;

  constructor(session: ChatSession, list: ConversationList) {
    this.session = session;
    this.list = list;
  }

  /** Starts watching; returns the function that stops. */
  start(): () => void {
    const db = this.session.deps.db;
    this.conversations = liveQuery(() => db.conversations.toArray()).subscribe({ next: (rows) => this.conversationsChanged(rows), error: ignore });
    this.offSession = this.session.subscribe(() => this.follow());
    this.follow();
    return () => this.stop();
  }

  stop(): void {
    this.conversations?.unsubscribe();
    this.messages?.unsubscribe();
    this.conversations = this.messages = null;
    this.watchedId = null;
    this.offSession();
  }

  private conversationsChanged(rows: Conversation[]): void {
    const digest = listDigest(rows);
    if (digest !== this.digest) void this.list.refresh();
    this.digest = digest;
    const open = this.session.getSnapshot().conversationId;
    if (open !== null && !rows.some((c) => c.id === open && c.deletedAt === undefined)) void this.session.closeIfDeleted(open);
  }

  /** Watches the messages of the conversation open now. */
  private follow(): void {
    const id = this.session.getSnapshot().conversationId;
    if (id === this.watchedId || this.conversations === null) return;
    this.messages?.unsubscribe();
    this.messages = null;
    this.watchedId = id;
    if (id === null) return;
    const db = this.session.deps.db;
    this.messages = liveQuery(() => getMessages(db, id)).subscribe({ next: (m) => this.session.showStored(id, m), error: ignore });
  }
}
