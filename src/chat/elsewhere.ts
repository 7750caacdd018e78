/** Pure helpers for what another tab did to the conversation open here (see `tab-sync.ts`). */
import type { ChatMessage } from '../storage/chats/types.ts';
import type { KeyValue } from './ports.ts';

/** The notice when the open conversation was deleted in another tab. */
export function deletedElsewhereText(stoppedAnswer: boolean, keptText: boolean): { text: string; key: string } {
  const text =
    (stoppedAnswer ? 'This conversation was deleted in another tab, so its answer was stopped.' : 'This conversation was deleted in another tab.') +
    (keptText ? ' Your unsent text is kept here for a new chat.' : ' A new chat is open.');
  const key = `sessionNotices.deleted${stoppedAnswer ? 'Stopped' : ''}${keptText ? 'Kept' : 'New'}`;
  return { text, key };
}

/**
 * Moves the unsent text kept under `from` to `to`, after any text already kept there (nothing the user typed is
 * dropped). Returns the composer's new text, and whether there was text to move.
 */
export function moveDraft(keys: KeyValue, from: string, to: string): { text: string; moved: boolean } {
  const unsent = keys.get(from) ?? '';
  const text = [keys.get(to) ?? '', unsent].filter((t) => t.trim() !== '').join('\n\n');
  keys.set(from, null);
  keys.set(to, text === '' ? null : text);
  return { text, moved: unsent.trim() !== '' };
}

/** Same messages, as stored (a message changes its `updatedAt` whenever it is saved). */
export function sameMessages(a: readonly ChatMessage[], b: readonly ChatMessage[]): boolean {
  return a.length === b.length && a.every((m, i) => m.id === b[i]!.id && m.updatedAt === b[i]!.updatedAt && m.status === b[i]!.status);
}
