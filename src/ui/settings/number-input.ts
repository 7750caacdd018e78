/** What a settings number box holds: a value to store, or why it cannot be stored. Pure. */
import type { NumberSetting } from '../../storage/chats/settings.ts';

export type NumberInput = { ok: true; value: number } | { ok: false; message: string };

/** Typed text → the value to store (whole numbers rounded for integer fields), or the message to show. */
export function readNumberInput(text: string, field: Pick<NumberSetting, 'min' | 'max' | 'integer'>): NumberInput {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < field.min || n > field.max) {
    return { ok: false, message: `Enter a number from ${field.min} to ${field.max}.` };
  }
  return { ok: true, value: field.integer ? Math.round(n) : n };
}
