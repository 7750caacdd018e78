/** Chats storage: conversations, messages, settings (Dexie / IndexedDB), export and import. */
export * from './types.ts';
export * from './db.ts';
export * from './migrate.ts';
export * from './repo.ts';
export * from './settings.ts';
export * from './last-model.ts';
export * from './export.ts';
