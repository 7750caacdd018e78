/** Where the open conversation and the unsent text of each conversation are kept across reloads (localStorage in the app). */
export const ACTIVE_KEY = 'local-r1.activeConversation';
/** The unsent text of a conversation (`…new` for a chat not yet created), kept across reloads. */
export const DRAFT_KEY = 'local-r1.draft.';

export function draftKey(conversationId: string | null): string {
  return DRAFT_KEY + (conversationId ?? 'new');
}
