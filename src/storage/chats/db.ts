/**
 * The chats database (Dexie 4 over IndexedDB): conversations, messages and settings.
 * Kept apart from the model file store, so clearing cached models never touches chats.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { AppSettings, ChatMessage, Conversation } from './types.ts';

export interface SettingsRow {
  key: 'app';
  value: Partial<AppSettings>;
}

export type ChatDB = Dexie & {
  conversations: EntityTable<Conversation, 'id'>;
  messages: EntityTable<ChatMessage, 'id'>;
  settings: EntityTable<SettingsRow, 'key'>;
};

export const CHAT_DB_NAME = 'local-r1-chats';

/** Opens (or creates) the database. Tests pass `fake-indexeddb` through `options`. */
export function openChatDb(name = CHAT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): ChatDB {
  const db = new Dexie(name, options) as ChatDB;
  db.version(1).stores({
    conversations: 'id, updatedAt, deletedAt',
    messages: 'id, [conversationId+seq], status',
    settings: 'key',
  });
  return db;
}
