/**
 * The resumable downloader: brings every file of a plan into the store, then verifies it.
 *
 * - Resume: a file with bytes on disk continues with `Range: bytes=<stored>-` (plus `If-Range` with a strong
 *   ETag, so a file that changed on the host restarts from zero instead of being spliced).
 * - Retries: a dropped connection, a network error or a transient status (429, 5xx) retries as `decideRetry`
 *   (retry-policy.ts) says: exponential backoff with jitter, at least the host's `Retry-After`, shown in the
 *   progress as `retry`; `maxAttempts` requests in a row (the first included) that gain no byte give up with a
 *   `network` error. Bytes gained reset the count, so a flaky link that still moves data never gives up.
 * - Pause/resume/cancel through `DownloadControl`: pause aborts the request and keeps the bytes; resume picks
 *   up from them; cancel stops with an `aborted` error (bytes kept, resumable later, deletable in the panel).
 * - Integrity: every byte goes through an incremental sha256 as it is written (state checkpointed with the
 *   bytes, so a resume after a reload continues the hash). At the end: size must match the host's, and the
 *   sha256 must match the host's ETag when it gave one (the hub does for LFS files). A mismatch discards the
 *   file and fetches it again once; a second mismatch is a `corrupt-file` error.
 * - Storage: a write the browser refuses (quota, a full disk, a private window's in-memory limit) stops the
 *   download with a `quota` error that gives the numbers (stored, still needed, what the browser allows) and
 *   keeps the stored bytes for a later resume. It is never retried as a network error, and never reported as
 *   a damaged file: a stored size that differs from the bytes written is the storage's fault, not the host's.
 */
import type { FileProgress } from '../../core/index.ts';
import { formatBytes } from '../../core/units.ts';
import { DownloadControl } from './download-control.ts';
import { errorText, isStorageFailure, StorageWriteError } from './download-errors.ts';
import { FileDownload, type DownloadRun } from './download-file.ts';
import { ProgressBoard } from './download-progress.ts';
import { isQuotaError, ModelStoreError } from './errors.ts';
import { realSleep } from './retry-fetch.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.ts';
import { estimateStorage, storageFull, type StorageEstimateLike } from './quota.ts';
import { emptyRecord, withModelLock, type ModelStore } from './store.ts';
import { StoredFile } from './stored-file.ts';
import type { DownloadProgress, ModelManifest, ModelPlan } from './types.ts';

export { DownloadControl };

export interface DownloadOptions {
  fetch?: typeof fetch;
  control?: DownloadControl;
  onProgress?: (p: DownloadProgress) => void;
  retry?: Partial<RetryPolicy>;
  /** Flush to disk and checkpoint the hash every this many bytes. Default 16 MiB. */
  checkpointBytes?: number;
  /** Injectable clock and sleep (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Minimum ms between progress callbacks (the last one always fires). Default 100. */
  progressIntervalMs?: number;
  /** What the browser says about storage, asked when a write is refused (tests). Default `navigator.storage.estimate()`. */
  estimate?: () => Promise<StorageEstimateLike | null>;
}

export interface DownloadReport {
  /** Body bytes received over the network in this call. */
  bytesDownloaded: number;
  /** Requests tried again after a failure (the first attempt of each file not counted). */
  retries: number;
  /** Files discarded and refetched because their hash or size did not match. */
  refetched: string[];
}

export async function downloadPlan(store: ModelStore, plan: ModelPlan, opts: DownloadOptions = {}): Promise<DownloadReport> {
  const result = await withModelLock(plan.key, () => downloadHoldingLock(store, plan, opts), { ifAvailable: true });
  if (result === null) {
    throw new ModelStoreError('busy', 'This model is already being downloaded in another tab or window.', undefined, {
      key: 'errors.downloadElsewhere',
    });
  }
  return result;
}

/** `downloadPlan` for a caller that already holds the model's lock (`withModelLock`). */
export async function downloadHoldingLock(store: ModelStore, plan: ModelPlan, opts: DownloadOptions): Promise<DownloadReport> {
  const m = await store.readManifest(plan.key);
  if (!m) throw new ModelStoreError('unknown', 'The download plan is stale (no manifest). Plan again.', undefined, { key: 'errors.stalePlan' });
  const run = downloadRun(plan, opts);
  run.board.emit(true);
  for (const p of plan.files) {
    if (m.files[p.file]?.complete) continue;
    const fp = run.board.row(p.file);
    try {
      await new FileDownload(run, new StoredFile(store, m, p.file)).download();
    } catch (e) {
      if (!isStorageFailure(e)) throw e;
      fp.state = 'error';
      throw await storageFailure(e, store, m, fp, run.board, opts.estimate ?? estimateStorage);
    }
    fp.state = 'done';
    fp.loaded = fp.total;
    run.board.emit(true);
  }
  // Only "last used" changes here: every file is already recorded complete, so a full store does not matter.
  await store.touch(m).catch((e: unknown) => {
    if (!isQuotaError(e)) throw e;
  });
  return run.report;
}

/** The options with their defaults, and the report and progress the files of one download share. */
function downloadRun(plan: ModelPlan, opts: DownloadOptions): DownloadRun {
  const control = opts.control ?? new DownloadControl();
  const report: DownloadReport = { bytesDownloaded: 0, retries: 0, refetched: [] };
  const now = opts.now ?? (() => Date.now());
  return {
    control,
    report,
    board: new ProgressBoard(plan, control, () => report.bytesDownloaded, now, opts.progressIntervalMs ?? 100, opts.onProgress),
    fetch: opts.fetch ?? fetch,
    sleep: opts.sleep ?? realSleep,
    now,
    policy: { ...DEFAULT_RETRY, ...opts.retry },
    checkpointBytes: opts.checkpointBytes ?? 16 << 20,
  };
}

/** The `quota` error for a write the storage refused: the numbers, and the stored bytes kept. */
async function storageFailure(
  e: unknown,
  store: ModelStore,
  m: ModelManifest,
  fp: FileProgress,
  board: ProgressBoard,
  estimate: () => Promise<StorageEstimateLike | null>,
): Promise<ModelStoreError> {
  const file = fp.file;
  fp.loaded = await store.storedSize(m.key, file).catch(() => fp.loaded);
  board.emit(true);
  const storedBytes = board.stored;
  const totalBytes = board.total;
  const est = await estimate().catch(() => null);
  const cause = e instanceof StorageWriteError ? e.cause : e;
  const detail =
    `${errorText(cause)} — stored ${storedBytes} B of ${totalBytes} B` +
    (est ? `; estimate: quota ${est.quota ?? '?'} B, usage ${est.usage ?? '?'} B` : '');
  if (isQuotaError(cause)) {
    const full = storageFull({ file, storedBytes, totalBytes, estimate: est });
    return new ModelStoreError('quota', full.message, detail, full);
  }
  return new ModelStoreError(
    'unknown',
    `The browser could not save "${file}" to its storage (${errorText(cause)}). ` +
      `${formatBytes(storedBytes)} of ${formatBytes(totalBytes)} is stored and kept; load again to continue from it.`,
    detail,
    { key: 'errors.couldNotSave', values: { file, error: errorText(cause), stored: storedBytes, total: totalBytes } },
  );
}

export { emptyRecord };
export type { ModelManifest };
