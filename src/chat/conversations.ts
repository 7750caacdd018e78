/**
 * The conversation list of the sidebar: search, rename, delete with undo, and the files of an
 * export. Framework-free; the UI subscribes to its snapshot.
 */
import { conversationToJson, conversationToMarkdown, exportFileName } from '../storage/chats/export.ts';
import {
  getConversation,
  getMessages,
  purgeDeleted,
  renameConversation,
  restoreConversation,
  searchConversations,
  softDeleteConversation,
} from '../storage/chats/repo.ts';
import type { ChatDB } from '../storage/chats/db.ts';
import type { Conversation } from '../storage/chats/types.ts';
import type { Cancel, Scheduler } from './scheduler.ts';
import { Store } from './store.ts';

/** How long a deleted conversation can be brought back. */
export const UNDO_MS = 10_000;

export interface ConversationListState {
  conversations: Conversation[];
  query: string;
  /** The conversation just deleted, while it can still be restored. */
  undo: { id: string; title: string } | null;
}

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

export class ConversationList extends Store<ConversationListState> {
  private readonly db: ChatDB;
  private readonly time: Scheduler;
  private cancelUndo: Cancel = () => undefined;

  constructor(db: ChatDB, time: Scheduler) {
    super({ conversations: [], query: '', undo: null });
    this.db = db;
    this.time = time;
  }

  async refresh(): Promise<void> {
    const query = this.getSnapshot().query;
    const conversations = await searchConversations(this.db, query);
    // A newer search may have finished first: keep the list of the query shown.
    if (this.getSnapshot().query === query) this.update({ conversations });
  }

  async search(query: string): Promise<void> {
    this.update({ query });
    await this.refresh();
  }

  title(id: string | null): string | null {
    return this.getSnapshot().conversations.find((c) => c.id === id)?.title ?? null;
  }

  async rename(id: string, title: string): Promise<void> {
    await renameConversation(this.db, id, title);
    await this.refresh();
  }

  /** Hides the conversation; it can be restored for UNDO_MS, then it is purged. */
  async remove(id: string): Promise<void> {
    const title = this.title(id) ?? 'Conversation';
    await softDeleteConversation(this.db, id, Date.now());
    this.cancelUndo();
    this.update({ undo: { id, title } });
    this.cancelUndo = this.time.timeout(UNDO_MS, () => {
      this.update({ undo: null });
      void purgeDeleted(this.db, Date.now());
    });
    await this.refresh();
  }

  async undoRemove(): Promise<void> {
    const undo = this.getSnapshot().undo;
    if (!undo) return;
    this.cancelUndo();
    await restoreConversation(this.db, undo.id);
    this.update({ undo: null });
    await this.refresh();
  }

  /** The file to save for a conversation (Markdown to read, JSON to import back), or null if it is gone. */
  async exportFile(id: string, format: 'md' | 'json'): Promise<ExportFile | null> {
    const conv = await getConversation(this.db, id);
    if (!conv) return null;
    const messages = await getMessages(this.db, conv.id);
    return format === 'md'
      ? { name: exportFileName(conv, 'md'), type: 'text/markdown', text: conversationToMarkdown(conv, messages) }
      : { name: exportFileName(conv, 'json'), type: 'application/json', text: conversationToJson(conv, messages) };
  }
}
