/** What the storage panel says about stored models, totals, checks and deletions. Pure. */
import { formatBytes } from '../../core/units.ts';
import type { StoredModelSummary } from '../../storage/models/types.ts';
import type { VerifyResult } from '../../storage/models/verify.ts';

export interface Totals {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export type Variant = StoredModelSummary['variants'][number];

export function sourceText(m: StoredModelSummary): string {
  if (m.source.kind === 'same-origin') return 'served by this site';
  return m.source.host ? `from ${m.source.host}` : 'from huggingface.co';
}

/** Room left for this site, when the browser says both figures. */
export function availableBytes(t: Totals): number | null {
  return t.quota !== null && t.usage !== null ? Math.max(0, t.quota - t.usage) : null;
}

export const bytesOrUnknown = (b: number | null): string => (b !== null ? formatBytes(b) : 'unknown');

export function persistedText(persisted: boolean | null): string {
  if (persisted === null) return 'unknown';
  return persisted ? 'yes: the browser will not evict the models on its own' : 'no: the browser may evict the models when space runs low';
}

export function variantText(v: Variant): string {
  return `${v.dtype}: ${v.complete ? 'fully stored' : `partial, ${formatBytes(v.storedBytes)} of ${formatBytes(v.totalBytes)}`}`;
}

export function deleteQuestion(m: StoredModelSummary): string {
  return `Delete ${m.label} (${formatBytes(m.bytesOnDisk)}) from this browser? It will be downloaded again the next time you load it.`;
}

/** After Delete: done, or refused because a download holds the model. */
export function deleteMessage(label: string, done: boolean): string {
  return done ? `Deleted ${label}.` : `${label} is being downloaded right now: pause or cancel the download first.`;
}

/** After Verify: busy (a download holds the model), all intact, or which files were removed. */
export function verifyMessage(label: string, result: VerifyResult | null): string {
  if (!result) return `${label} is being downloaded right now; check it when the download has finished.`;
  if (result.damaged.length === 0) return `${label}: all ${result.checked.length} stored files are intact.`;
  return (
    `${label}: ${result.damaged.map((d) => d.file).join(', ')} ${result.damaged.length === 1 ? 'was' : 'were'} damaged and removed; ` +
    'they will be downloaded again the next time you load the model.'
  );
}

export function persistMessage(ok: boolean): string {
  return ok
    ? 'The browser will keep the stored models even when disk space runs low.'
    : 'The browser declined to make storage persistent (it decides this itself; installing the app or bookmarking it can help).';
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
