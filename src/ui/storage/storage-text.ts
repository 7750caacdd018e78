/** What the storage panel says about stored models, totals, checks and deletions, in the user's language. Pure. */
import type { StoredModelSummary } from '../../storage/models/types.ts';
import type { VerifyResult } from '../../storage/models/verify.ts';
import { bytes } from '../format.ts';
import type { Fmt } from '../i18n/types.ts';

export interface Totals {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export type Variant = StoredModelSummary['variants'][number];

export function sourceText(f: Fmt, m: StoredModelSummary): string {
  if (m.source.kind === 'same-origin') return f.t('storage.servedHere');
  return m.source.host ? f.t('storage.fromHost', { host: m.source.host }) : f.t('storage.fromHub');
}

/** Room left for this site, when the browser says both figures. */
export function availableBytes(t: Totals): number | null {
  return t.quota !== null && t.usage !== null ? Math.max(0, t.quota - t.usage) : null;
}

export const bytesOrUnknown = (f: Fmt, b: number | null): string => (b !== null ? bytes(f, b) : f.t('common.unknown'));

export function persistedText(f: Fmt, persisted: boolean | null): string {
  if (persisted === null) return f.t('common.unknown');
  return f.t(persisted ? 'storage.persistedYes' : 'storage.persistedNo');
}

/** `1.2 MB of 3.4 MB`. */
export function ofTotal(f: Fmt, stored: number, total: number): string {
  return f.t('storage.ofTotal', { stored: bytes(f, stored), total: bytes(f, total) });
}

export function variantText(f: Fmt, v: Variant): string {
  return v.complete
    ? f.t('storage.fullyStored', { dtype: v.dtype })
    : f.t('storage.partial', { dtype: v.dtype, stored: bytes(f, v.storedBytes), total: bytes(f, v.totalBytes) });
}

export function deleteQuestion(f: Fmt, m: StoredModelSummary): string {
  return f.t('storage.deleteQuestion', { label: m.label, size: bytes(f, m.bytesOnDisk) });
}

/** After Delete: done, or refused because a download holds the model. */
export function deleteMessage(f: Fmt, label: string, done: boolean): string {
  return f.t(done ? 'storage.deletedModel' : 'storage.deleteBusy', { label });
}

/** After Verify: busy (a download holds the model), all intact, or which files were removed. */
export function verifyMessage(f: Fmt, label: string, result: VerifyResult | null): string {
  if (!result) return f.t('storage.verifyBusy', { label });
  if (result.damaged.length === 0) return f.t('storage.intact', { label, count: result.checked.length });
  const files = new Intl.ListFormat(f.locale, { type: 'unit' }).format(result.damaged.map((d) => d.file));
  return f.t('storage.damaged', { label, files, count: result.damaged.length });
}

export function persistMessage(f: Fmt, ok: boolean): string {
  return f.t(ok ? 'storage.persistOk' : 'storage.persistNo');
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
