/** The app's one chats database (IndexedDB `local-r1-chats`). */
import { openChatDb, type ChatDB } from '../storage/chats/db.ts';

let instance: ChatDB | null = null;

export function chatDb(): ChatDB {
  instance ??= openChatDb();
  return instance;
}
