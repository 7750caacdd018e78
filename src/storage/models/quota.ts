/**
 * The storage check before a download: does what is still needed fit in what the browser will give us?
 *
 * `checkQuota` is pure. `checkStorageForDownload` runs it on the page (UI thread) with
 * `navigator.storage.estimate()` — on the page because that is where a test can override the estimate — and
 * asks for persistent storage (`navigator.storage.persist()`) so the browser does not evict a 1.4 GB model
 * under storage pressure.
 */
import { formatBytes } from '../../core/units.ts';

/** Free space we keep aside: the browser needs headroom, and OPFS counts a little overhead per file. */
export const QUOTA_MARGIN_BYTES = 50 * 1000 * 1000;

export interface StorageEstimateLike {
  quota?: number;
  usage?: number;
}

export type QuotaVerdict =
  | { ok: true; needed: number; available: number | null }
  | { ok: false; needed: number; available: number; quota: number; usage: number; message: string };

/**
 * @param bytesNeeded bytes still to download (the plan's `bytesNeeded`)
 * @param estimate `navigator.storage.estimate()` result; without a quota figure the check passes (unknown).
 */
export function checkQuota(bytesNeeded: number, estimate: StorageEstimateLike | null): QuotaVerdict {
  if (bytesNeeded <= 0) return { ok: true, needed: 0, available: null };
  if (!estimate || typeof estimate.quota !== 'number') return { ok: true, needed: bytesNeeded, available: null };
  const quota = estimate.quota;
  const usage = estimate.usage ?? 0;
  const available = Math.max(0, quota - usage);
  if (bytesNeeded + QUOTA_MARGIN_BYTES <= available) return { ok: true, needed: bytesNeeded, available };
  return {
    ok: false,
    needed: bytesNeeded,
    available,
    quota,
    usage,
    message:
      `Not enough storage for this model: it needs ${formatBytes(bytesNeeded)} more, ` +
      `but the browser allows this site only ${formatBytes(available)} ` +
      `(${formatBytes(usage)} used of ${formatBytes(quota)}). ` +
      `Free space on the disk, delete other models in the Storage panel, or pick a smaller model. Nothing was downloaded.`,
  };
}

export interface StorageCheck {
  verdict: QuotaVerdict;
  /** `navigator.storage.persist()` result: true = the browser will not evict the model on its own. */
  persisted: boolean | null;
}

/**
 * Page-side check before a download: estimate, then (when it fits) ask for persistence.
 * Never throws: a browser without the Storage API passes with `available: null`.
 */
export async function checkStorageForDownload(bytesNeeded: number): Promise<StorageCheck> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  let estimate: StorageEstimateLike | null = null;
  try {
    estimate = storage?.estimate ? await storage.estimate() : null;
  } catch {
    estimate = null;
  }
  const verdict = checkQuota(bytesNeeded, estimate);
  let persisted: boolean | null = null;
  if (verdict.ok && bytesNeeded > 0 && storage?.persist) {
    try {
      persisted = (await storage.persisted?.()) || (await storage.persist());
    } catch {
      persisted = null;
    }
  }
  return { verdict, persisted };
}

/** `navigator.storage.estimate()` where there is one (page or worker), else null; never throws. */
export async function estimateStorage(): Promise<StorageEstimateLike | null> {
  try {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    return storage?.estimate ? await storage.estimate() : null;
  } catch {
    return null;
  }
}

export interface StorageFullFacts {
  /** The file being written when storage refused more; null when it refused the model's manifest. */
  file: string | null;
  /** Bytes of this model variant stored now (complete files and the kept part of the current one). */
  storedBytes: number;
  /** Bytes the whole variant takes; null when not known yet (refused while planning). */
  totalBytes: number | null;
  /** What the browser said, asked after the failure (null when it says nothing). */
  estimate: StorageEstimateLike | null;
}

/**
 * The sentence for storage that filled up in the middle of a download, with the numbers: what is stored,
 * what is still needed, and what the browser allows. When the browser claims there is room, say so — a
 * private window's in-memory storage refuses far earlier than `estimate()` reports.
 */
export function storageFullMessage(f: StorageFullFacts): string {
  return storageFull(f).message;
}

/** `storageFullMessage` with the UI catalogue's key (`errors.storageFull.*`) and values for it. */
export function storageFull(f: StorageFullFacts): { message: string; key: string; values: Record<string, string | number> } {
  const saving = f.file !== null && f.totalBytes !== null;
  const values: Record<string, string | number> = saving ? { file: f.file!, stored: f.storedBytes, total: f.totalBytes! } : {};
  const needed = f.totalBytes === null ? 0 : Math.max(0, f.totalBytes - f.storedBytes);
  if (saving) values.needed = needed;
  let which = '';
  let s =
    saving
      ? `The browser ran out of storage space for this model while saving "${f.file}": ` +
        `${formatBytes(f.storedBytes)} of ${formatBytes(f.totalBytes ?? 0)} stored, ${formatBytes(needed)} more needed. `
      : 'The browser ran out of storage space for this model before its download could start. ';
  const q = f.estimate?.quota;
  if (typeof q === 'number' && Number.isFinite(q)) {
    const usage = f.estimate?.usage ?? 0;
    const free = Math.max(0, q - usage);
    Object.assign(values, { free, usage, quota: q });
    which = free >= needed + QUOTA_MARGIN_BYTES ? 'Private' : 'Allows';
    s +=
      free >= needed + QUOTA_MARGIN_BYTES
        ? `The browser reports ${formatBytes(free)} free for this site (${formatBytes(usage)} used of ${formatBytes(q)}), ` +
          'yet refused to store more: a private or guest window keeps site data in memory, with a smaller limit than it reports ' +
          '(or the disk itself is full). '
        : `The browser allows this site ${formatBytes(q)}, of which ${formatBytes(usage)} is used (${formatBytes(free)} free). `;
  }
  const message =
    s +
    'What was stored is kept: free some space (other models in the Storage panel, or space on the disk) and load again to continue from it, ' +
    'or delete it in the Storage panel.';
  return { message, key: `errors.storageFull.${saving ? 'saving' : 'start'}${which}`, values };
}
