/**
 * The last model that loaded, kept beside the settings (row `last-model` of the settings table), so that
 * the next visit can load it again by itself. Whatever is stored is checked before use.
 */
import type { ChatDB } from './db.ts';
import { SETTING_FIELDS, sanitizeValue } from './settings.ts';
import type { LastModel } from './types.ts';

const KINDS: readonly LastModel['kind'][] = ['default', 'demo', 'custom'];

/** A stored value → a usable `LastModel`, or null (nothing stored, a picked folder, a damaged row). */
export function sanitizeLastModel(raw: unknown): LastModel | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const kind = KINDS.find((k) => k === r.kind);
  if (!kind) return null;
  if (typeof r.customRepo !== 'string' || typeof r.hubHost !== 'string') return null;
  if (kind === 'custom' && r.customRepo.trim() === '') return null;
  return {
    kind,
    customRepo: sanitizeValue(SETTING_FIELDS.customRepo, r.customRepo) as string,
    hubHost: sanitizeValue(SETTING_FIELDS.hubHost, r.hubHost) as string,
    device: sanitizeValue(SETTING_FIELDS.device, r.device) as LastModel['device'],
    dtype: sanitizeValue(SETTING_FIELDS.dtype, r.dtype) as LastModel['dtype'],
  };
}

export async function loadLastModel(db: ChatDB): Promise<LastModel | null> {
  const row = await db.settings.get('last-model');
  return sanitizeLastModel(row?.value);
}

export async function saveLastModel(db: ChatDB, last: LastModel): Promise<void> {
  await db.settings.put({ key: 'last-model', value: last });
}
