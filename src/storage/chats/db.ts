/**
 * The chats database (Dexie 4 over IndexedDB): conversations, messages and settings.
 * Kept apart from the model file store, so clearing cached models never touches chats.
 *
 * Version 2 stores every message as its list of parts; opening a version-1 database converts its
 * messages once (`migrate.ts`).
 */
import Dexie, { type EntityTable } from 'dexie';
import { isMessageV1, messageFromV1 } from './migrate.ts';
import type { AppSettings, ChatMessage, Conversation } from './types.ts';

/** The settings (`app`) and the last model that loaded (`last-model`, see `last-model.ts`). */
export type SettingsRow = { key: 'app'; value: Partial<AppSettings> } | { key: 'last-model'; value: unknown };

export type ChatDB = Dexie & {
  conversations: EntityTable<Conversation, 'id'>;
  messages: EntityTable<ChatMessage, 'id'>;
  settings: EntityTable<SettingsRow, 'key'>;
};

export const CHAT_DB_NAME = 'local-r1-chats';

/** The stores of every version so far (the indexes did not change in version 2). */
export const CHAT_DB_STORES = {
  conversations: 'id, updatedAt, deletedAt',
  messages: 'id, [conversationId+seq], status',
  settings: 'key',
} as const;

/** Opens (or creates) the database. Tests pass `fake-indexeddb` through `options`. */
export function openChatDb(name = CHAT_DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): ChatDB {
  const db = new Dexie(name, options) as ChatDB;
  db.version(1).stores(CHAT_DB_STORES);
  db.version(2)
    .stores(CHAT_DB_STORES)
    .upgrade(async (tx) => {
      await tx
        .table('messages')
        .toCollection()
        .modify((row: unknown, ref: { value: unknown }) => {
          if (isMessageV1(row)) ref.value = messageFromV1(row);
        });
    });
  return db;
}
