/**
 * Public API of the model file store.
 *
 * In the engine worker, before `from_pretrained`:
 * ```ts
 * const prepared = await prepareModelFiles(source, dtype, { appBaseUrl, control, onProgress });
 * env.useCustomCache = true;
 * env.customCache = prepared.cache;   // every file is served from OPFS: no network
 * ```
 * On the page, before asking the engine to load:
 * ```ts
 * const plan = await engine.plan(source, device, dtype);          // worker: planModel → DownloadPlan
 * const { verdict } = await checkStorageForDownload(plan.totalBytes - plan.storedBytes);
 * if (!verdict.ok) showError(verdict.message);                    // nothing was downloaded
 * ```
 */
import type { Dtype, DownloadPlan, DownloadRetry, FileProgress } from '../../core/index.ts';
import type { StorageBackend } from './backend.ts';
import { createStoreCache, type TransformersCache } from './custom-cache.ts';
import { DownloadControl, downloadHoldingLock, type DownloadOptions, type DownloadReport } from './downloader.ts';
import { abortedError } from './download-errors.ts';
import { isQuotaError, ModelStoreError } from './errors.ts';
import { MemoryBackend } from './memory-backend.ts';
import { OpfsBackend } from './opfs-backend.ts';
import { planModel, type PlanOptions } from './planner.ts';
import { checkQuota } from './quota.ts';
import { ModelStore, withModelLock, type ModelLocks } from './store.ts';
import { sourceKey } from './files.ts';
import type { DownloadProgress, ModelPlan, StorableSource } from './types.ts';
import { verifyStoredFiles, type VerifyLevel } from './verify.ts';

export type { StorageBackend, FileWriter } from './backend.ts';
export type { TransformersCache } from './custom-cache.ts';
export type { DownloadOptions, DownloadReport } from './downloader.ts';
export type { QuotaVerdict, StorageCheck, StorageEstimateLike } from './quota.ts';
export type * from './types.ts';
export type { VerifyLevel, VerifyResult } from './verify.ts';
export { DownloadControl } from './downloader.ts';
export { ModelStoreError, isModelStoreError } from './errors.ts';
export { checkQuota, checkStorageForDownload, QUOTA_MARGIN_BYTES } from './quota.ts';
export { ModelStore } from './store.ts';
export { MemoryBackend } from './memory-backend.ts';
export { OpfsBackend } from './opfs-backend.ts';
export { planModel } from './planner.ts';
export { downloadPlan } from './downloader.ts';
export { createStoreCache, fileForKey } from './custom-cache.ts';
export { verifyStoredFiles } from './verify.ts';
export { modelFileList, sourceKey, sourceBaseUrl, sourceLabel, sha256FromEtag } from './files.ts';

let defaultStore: ModelStore | null = null;

/** The app's store: OPFS where available, else memory (a browser without OPFS keeps models for the session). */
export function openModelStore(backend?: StorageBackend): ModelStore {
  if (backend) return new ModelStore(backend);
  defaultStore ??= new ModelStore(OpfsBackend.isAvailable() ? new OpfsBackend() : new MemoryBackend());
  return defaultStore;
}

/** The protocol's `DownloadPlan` view of a plan. */
export function toDownloadPlan(plan: ModelPlan): DownloadPlan {
  return {
    files: plan.files.map((f) => ({ file: f.file, size: f.size, storedBytes: f.storedBytes })),
    totalBytes: plan.totalBytes,
    storedBytes: plan.storedBytes,
  };
}

export interface PrepareOptions extends Omit<DownloadOptions, 'onProgress'> {
  /** Absolute URL of the app's base, for same-origin sources. */
  appBaseUrl: string;
  store?: ModelStore;
  /** How to re-check files already stored: `full` re-hashes them (default), `size` only compares sizes. */
  verify?: VerifyLevel;
  /** Extra URL prefixes transformers.js may use as keys for this model (e.g. `env.localModelPath + id + '/'`). */
  aliases?: string[];
  onProgress?: (p: DownloadProgress) => void;
  onPhase?: (phase: 'planning' | 'verifying' | 'downloading') => void;
  /** The Web Locks that keep two tabs from downloading one model at once (default `navigator.locks`; tests). */
  locks?: ModelLocks;
}

export interface PreparedModel {
  plan: ModelPlan;
  /** Give this to transformers.js as `env.customCache` (with `env.useCustomCache = true`). */
  cache: TransformersCache;
  /** What this call downloaded (zero bytes when everything was stored and intact). */
  report: DownloadReport;
  /** Stored files found damaged and fetched again. */
  repaired: { file: string; reason: string }[];
}

/**
 * Make sure every file of (source, dtype) is stored and intact, downloading what is missing, and return the
 * cache that serves them. Throws `ModelStoreError` (code + user sentence) on failure.
 */
export async function prepareModelFiles(source: StorableSource, dtype: Dtype, opts: PrepareOptions): Promise<PreparedModel> {
  const control = opts.control ?? new DownloadControl();
  const cancel = new AbortController();
  const off = control.onChange(() => {
    if (control.cancelled) cancel.abort(abortedError());
  });
  try {
    return await prepare(source, dtype, { ...opts, control }, planOptions(opts, cancel.signal));
  } finally {
    off();
  }
}

/** How `prepareModelFiles` plans: Cancel aborts it, and a wait before a retry shows in the progress. */
function planOptions(opts: PrepareOptions, signal: AbortSignal): PlanOptions {
  const { appBaseUrl, fetch, estimate, retry, sleep, now } = opts;
  const onRetry = (retry: DownloadRetry | null) =>
    opts.onProgress?.({ files: [], loaded: 0, total: 0, bytesPerSec: 0, etaSec: null, paused: false, retry });
  return { appBaseUrl, fetch, estimate, retry, sleep, now, signal, onRetry };
}

/**
 * One tab at a time plans, verifies and downloads a model (its Web Lock): OPFS lets one writer at a time hold a
 * file, and two downloads of the same file would fight over it. A tab that finds another tab at work says so in
 * its progress and waits (Cancel stops the wait); then it plans again, finds the files stored, verifies them and
 * downloads nothing, or resumes from what is stored if the other tab was closed mid-download.
 */
async function prepare(source: StorableSource, dtype: Dtype, opts: PrepareOptions, planOpts: PlanOptions): Promise<PreparedModel> {
  const store = opts.store ?? openModelStore();
  const onWait = () => opts.onProgress?.({ files: [], loaded: 0, total: 0, bytesPerSec: 0, etaSec: null, paused: false, otherTab: true });
  const run = () => prepareHoldingLock(store, source, dtype, opts, planOpts);
  return (await withModelLock(sourceKey(source), run, { signal: planOpts.signal, onWait, locks: opts.locks }))!;
}

async function prepareHoldingLock(store: ModelStore, source: StorableSource, dtype: Dtype, opts: PrepareOptions, planOpts: PlanOptions): Promise<PreparedModel> {
  opts.onPhase?.('planning');
  let plan = await planModel(store, source, dtype, planOpts);
  let m = (await store.readManifest(plan.key))!;

  // Re-check what is stored; damaged files are discarded and fetched again below.
  const stored = plan.files.filter((f) => f.complete).map((f) => f.file);
  let repaired: PreparedModel['repaired'] = [];
  if (stored.length > 0) {
    opts.onPhase?.('verifying');
    const progress: FileProgress[] = plan.files.map((f) => ({
      file: f.file,
      loaded: f.storedBytes,
      total: f.size,
      state: f.complete ? 'verifying' : 'queued',
    }));
    const emit = () =>
      opts.onProgress?.({
        files: progress.map((p) => ({ ...p })),
        loaded: progress.reduce((s, p) => s + p.loaded, 0),
        total: progress.reduce((s, p) => s + p.total, 0),
        bytesPerSec: 0,
        etaSec: null,
        paused: false,
      });
    emit();
    let last = 0;
    const res = await verifyStoredFiles(store, m, stored, opts.verify ?? 'full', (file, done) => {
      const t = Date.now();
      if (t - last < 250) return;
      last = t;
      const p = progress.find((x) => x.file === file);
      if (p) p.loaded = done;
      emit();
    });
    repaired = res.damaged;
    if (repaired.length > 0) plan = await planModel(store, source, dtype, planOpts);
  }

  let report: DownloadReport = { bytesDownloaded: 0, retries: 0, refetched: [] };
  if (!plan.complete) {
    // Safety net: the page checks the quota before asking for a load; check again where the bytes land.
    const est = typeof navigator !== 'undefined' && navigator.storage?.estimate ? await navigator.storage.estimate().catch(() => null) : null;
    const verdict = checkQuota(plan.bytesNeeded, est);
    if (!verdict.ok) {
      const { needed, available, usage, quota } = verdict;
      throw new ModelStoreError('quota', verdict.message, undefined, { key: 'errors.quotaNumbers', values: { needed, available, usage, quota } });
    }
    opts.onPhase?.('downloading');
    report = await downloadHoldingLock(store, plan, opts);
    plan = await planModel(store, source, dtype, planOpts);
  }
  m = (await store.readManifest(plan.key))!;
  // "Last used" only (the storage panel's order): a full store must not stop a model that is all there.
  await store.touch(m).catch((e: unknown) => {
    if (!isQuotaError(e)) throw e;
  });
  return { plan, cache: createStoreCache(store, m, opts.aliases), report, repaired };
}

