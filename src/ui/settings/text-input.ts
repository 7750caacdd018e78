/** What a settings text box holds: a value to store, or why it cannot be stored. Pure. */
import { normalizeHost } from '../../core/url-params.ts';
import type { TextSetting } from '../../storage/chats/settings.ts';
import type { Fmt } from '../i18n/types.ts';

export type TextInput = { ok: true; value: string } | { ok: false; message: string };

/** Typed text → the value to store, or the message to show. Address fields take an http(s) URL or nothing. */
export function readTextInput(f: Fmt, text: string, field: Pick<TextSetting, 'maxLength' | 'input'>): TextInput {
  const t = text.trim();
  if (t.length > field.maxLength) return { ok: false, message: f.t('settings.tooLong', { max: field.maxLength }) };
  if (field.input === 'url' && t !== '' && !normalizeHost(t)) {
    return { ok: false, message: f.t('settings.badUrl') };
  }
  return { ok: true, value: text };
}
