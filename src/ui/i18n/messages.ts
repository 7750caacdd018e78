/** Sentences made outside the UI (errors, notices) in the user's language: their key when a catalogue has it, else the English text. Pure. */
import { NEW_CHAT_TITLE } from '../../storage/chats/repo.ts';
import type { Fmt } from './types.ts';

interface Keyed {
  key?: string;
  values?: Readonly<Record<string, string | number>>;
}

/** `EngineError`, `Notice`: the sentence is `message`. */
export function errorSentence(f: Fmt, e: Keyed & { message: string }): string {
  return (e.key && f.tr(e.key, e.values)) || e.message;
}

/** `ChatNotice`: the sentence is `text`. */
export function noticeSentence(f: Fmt, n: Keyed & { text: string }): string {
  return (n.key && f.tr(n.key, n.values)) || n.text;
}

/** A conversation's title: the stored default ("New chat") in the user's language, any other as written. */
export function titleText(f: Fmt, title: string): string {
  return title === NEW_CHAT_TITLE ? f.t('chat.newChat') : title;
}
