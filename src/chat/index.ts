/** The chat spine without a framework: the open conversation, the conversation list, folding deltas into parts. */
export * from './ports.ts';
export * from './store.ts';
export * from './scheduler.ts';
export * from './fold.ts';
export * from './conversations.ts';
export * from './drafts.ts';
export * from './endings.ts';
export * from './session.ts';
export * from './actions.ts';
export * from './tab-sync.ts';
