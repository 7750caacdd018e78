/** What a settings number box holds: a value to store, or why it cannot be stored. Pure. */
import type { NumberSetting } from '../../storage/chats/settings.ts';
import type { Fmt } from '../i18n/types.ts';

export type NumberInput = { ok: true; value: number } | { ok: false; message: string };

/** Typed text → the value to store (whole numbers rounded for integer fields), or the message to show. */
export function readNumberInput(f: Fmt, text: string, field: Pick<NumberSetting, 'min' | 'max' | 'integer'>): NumberInput {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < field.min || n > field.max) {
    return { ok: false, message: f.t('settings.numberRange', { min: plain(f, field.min), max: plain(f, field.max) }) };
  }
  return { ok: true, value: field.integer ? Math.round(n) : n };
}

/** A bound as the language writes it, without grouping (it is what one types in the box). */
function plain(f: Fmt, v: number): string {
  return v.toLocaleString(f.locale, { useGrouping: false, maximumFractionDigits: 10 });
}
