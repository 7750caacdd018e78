/**
 * The storage check before a download: does what is still needed fit in what the browser will give us?
 *
 * `checkQuota` is pure. `checkStorageForDownload` runs it on the page (UI thread) with
 * `navigator.storage.estimate()` — on the page because that is where a test can override the estimate — and
 * asks for persistent storage (`navigator.storage.persist()`) so the browser does not evict a 1.4 GB model
 * under storage pressure.
 */
import { formatBytes } from './errors.ts';

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
