/**
 * The resumable downloader: brings every file of a plan into the store, then verifies it.
 *
 * - Resume: a file with bytes on disk continues with `Range: bytes=<stored>-` (plus `If-Range` with a strong
 *   ETag, so a file that changed on the host restarts from zero instead of being spliced).
 * - Retries: a dropped connection, a network error or a 429/5xx retries with exponential backoff and jitter;
 *   `maxAttempts` consecutive attempts that gain no byte give up with a `network` error. Bytes gained reset the
 *   count, so a flaky link that still moves data never gives up.
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
import { isQuotaError, ModelStoreError } from './errors.ts';
import { formatBytes } from '../../core/units.ts';
import { fileUrl, sha256FromEtag, strongEtag } from './files.ts';
import { feedBlob, newSha256, resumeSha256, type Sha256 } from './hasher.ts';
import { backoffDelay, classifyStatus, DEFAULT_RETRY, parseContentRange, SpeedMeter, type RetryPolicy } from './http.ts';
import { configCache, etagOf, statusError } from './planner.ts';
import { estimateStorage, storageFullMessage, type StorageEstimateLike } from './quota.ts';
import { emptyRecord, withModelLock, type ModelStore } from './store.ts';
import { StorageFullError } from './sync-writer.ts';
import type { DownloadProgress, ModelManifest, ModelPlan, StoredFileRecord } from './types.ts';

/** Pause / resume / cancel, shared between the UI's buttons (via the worker) and a running download. */
export class DownloadControl {
  private _paused = false;
  private _cancelled = false;
  private waiters = new Set<() => void>();
  private listeners = new Set<() => void>();

  get paused(): boolean {
    return this._paused;
  }
  get cancelled(): boolean {
    return this._cancelled;
  }
  pause(): void {
    if (this._cancelled) return;
    this._paused = true;
    this.notify();
  }
  resume(): void {
    this._paused = false;
    this.notify();
  }
  cancel(): void {
    this._cancelled = true;
    this._paused = false;
    this.notify();
  }
  /** Called on every state change (the downloader aborts its request on pause/cancel). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  /** Resolves when not paused (or cancelled). */
  whenRunnable(): Promise<void> {
    if (!this._paused) return Promise.resolve();
    return new Promise((r) => this.waiters.add(r));
  }
  private notify() {
    for (const fn of this.listeners) fn();
    if (!this._paused) {
      for (const w of this.waiters) w();
      this.waiters.clear();
    }
  }
}

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
  /** Attempts that were retried after an error. */
  retries: number;
  /** Files discarded and refetched because their hash or size did not match. */
  refetched: string[];
}

class PausedSignal extends Error {}

/** The store's storage (not the network) failed: a write, flush, truncate or manifest update threw. */
class StorageWriteError extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
  }
}

/** Run a storage operation; its failure is a storage failure (never retried as a network error). */
async function storageOp<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw isQuotaError(e) || e instanceof ModelStoreError || e instanceof StorageWriteError ? e : new StorageWriteError(e);
  }
}

const isStorageFailure = (e: unknown) => isQuotaError(e) || e instanceof StorageWriteError;

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

const abortedError = () => new ModelStoreError('aborted', 'The download was cancelled. What was downloaded is kept.');

export async function downloadPlan(store: ModelStore, plan: ModelPlan, opts: DownloadOptions = {}): Promise<DownloadReport> {
  const result = await withModelLock(plan.key, () => runDownload(store, plan, opts), { ifAvailable: true });
  if (result === null) {
    throw new ModelStoreError('busy', 'This model is already being downloaded in another tab or window.');
  }
  return result;
}

async function runDownload(store: ModelStore, plan: ModelPlan, opts: DownloadOptions): Promise<DownloadReport> {
  const m = await store.readManifest(plan.key);
  if (!m) throw new ModelStoreError('unknown', 'The download plan is stale (no manifest). Plan again.');
  const control = opts.control ?? new DownloadControl();
  const now = opts.now ?? (() => Date.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const checkpointBytes = opts.checkpointBytes ?? 16 << 20;
  const f = opts.fetch ?? fetch;
  const estimate = opts.estimate ?? estimateStorage;
  const report: DownloadReport = { bytesDownloaded: 0, retries: 0, refetched: [] };

  const progress: FileProgress[] = plan.files.map((p) => ({
    file: p.file,
    loaded: p.storedBytes,
    total: p.size,
    state: p.complete ? 'cached' : 'queued',
  }));
  const meter = new SpeedMeter();
  let lastEmit = 0;
  const emit = (force = false) => {
    const t = now();
    if (!force && t - lastEmit < (opts.progressIntervalMs ?? 100)) return;
    lastEmit = t;
    const loaded = progress.reduce((s, p) => s + p.loaded, 0);
    const total = progress.reduce((s, p) => s + p.total, 0);
    meter.add(t, report.bytesDownloaded);
    opts.onProgress?.({
      files: progress.map((p) => ({ ...p })),
      loaded,
      total,
      bytesPerSec: meter.bytesPerSec(),
      etaSec: control.paused ? null : meter.etaSec(total - loaded),
      paused: control.paused,
    });
  };
  emit(true);

  for (let i = 0; i < plan.files.length; i++) {
    const p = plan.files[i];
    if (m.files[p.file]?.complete) continue;
    const fp = progress[i];
    try {
      await downloadOne(p.file);
    } catch (e) {
      if (!isStorageFailure(e)) throw e;
      fp.state = 'error';
      throw await storageFailure(e, p.file, fp);
    }
    fp.state = 'done';
    fp.loaded = fp.total;
    emit(true);
  }
  // Only "last used" changes here: every file is already recorded complete, so a full store does not matter.
  await store.touch(m).catch((e: unknown) => {
    if (!isQuotaError(e)) throw e;
  });
  return report;

  /** The `quota` error for a write the storage refused: the numbers, and the stored bytes kept. */
  async function storageFailure(e: unknown, file: string, fp: FileProgress): Promise<ModelStoreError> {
    fp.loaded = await store.storedSize(m!.key, file).catch(() => fp.loaded);
    emit(true);
    const storedBytes = progress.reduce((s, p) => s + Math.min(p.loaded, p.total || p.loaded), 0);
    const totalBytes = progress.reduce((s, p) => s + p.total, 0);
    const est = await estimate().catch(() => null);
    const cause = e instanceof StorageWriteError ? e.cause : e;
    const detail =
      `${errorText(cause)} — stored ${storedBytes} B of ${totalBytes} B` +
      (est ? `; estimate: quota ${est.quota ?? '?'} B, usage ${est.usage ?? '?'} B` : '');
    if (isQuotaError(cause)) {
      return new ModelStoreError('quota', storageFullMessage({ file, storedBytes, totalBytes, estimate: est }), detail);
    }
    return new ModelStoreError(
      'unknown',
      `The browser could not save "${file}" to its storage (${errorText(cause)}). ` +
        `${formatBytes(storedBytes)} of ${formatBytes(totalBytes)} is stored and kept; load again to continue from it.`,
      detail,
    );
  }

  async function downloadOne(file: string): Promise<void> {
    const url = fileUrl(m!.baseUrl, file);
    const path = store.filePath(m!.key, file);
    const fp = progress[plan.files.findIndex((x) => x.file === file)];
    let rec: StoredFileRecord = m!.files[file] ?? emptyRecord(file);
    m!.files[file] = rec;
    let mismatches = 0;
    let failures = 0;

    // config.json fetched while planning: store it without a second request.
    const planned = configCache.get(m!.key);
    if (file === 'config.json' && planned && (await store.storedSize(m!.key, file)) === 0) {
      await storageOp(async () => {
        const w = await store.backend.openWriter(path);
        try {
          await w.write(planned);
        } finally {
          await w.close();
        }
      });
      configCache.delete(m!.key);
    }

    for (;;) {
      if (control.cancelled) throw abortedError();
      if (control.paused) {
        fp.state = 'paused';
        emit(true);
        await control.whenRunnable();
        meter.reset();
        if (control.cancelled) throw abortedError();
      }
      if (fp.state !== 'downloading') {
        fp.state = 'downloading';
        emit(true);
      }

      // 1. Bring the hash up to the bytes on disk (before opening the writer: OPFS locks the file then).
      const hasher = await hasherFor(rec, path);
      const stored = hasher.bytes;
      fp.loaded = stored;
      if (rec.size !== null && stored === rec.size) {
        if (await finish(hasher)) return;
        continue;
      }

      // 2. Request the rest.
      const headers: Record<string, string> = {};
      const validator = strongEtag(rec.etag);
      if (stored > 0) {
        headers['Range'] = `bytes=${stored}-`;
        if (validator) headers['If-Range'] = validator;
      }
      const attempt = new AbortController();
      const unsubscribe = control.onChange(() => {
        if (control.paused || control.cancelled) attempt.abort(new PausedSignal('paused'));
      });
      let gained = 0;
      try {
        let res: Response;
        try {
          res = await f(url, { headers, signal: attempt.signal, cache: 'no-store' });
        } catch (e) {
          if (attempt.signal.aborted) continue; // paused or cancelled: the loop head handles it
          throw new RetryableError(e);
        }

        if (res.status === 416) {
          await res.body?.cancel().catch(() => {});
          // We asked for more than the host has: what we hold is wrong. Start over.
          await restart(hasher);
          continue;
        }
        if (res.status !== 200 && res.status !== 206) {
          await res.body?.cancel().catch(() => {});
          const kind = classifyStatus(res.status);
          if (kind === 'retry') throw new RetryableError(new Error(`HTTP ${res.status}`));
          throw statusError(res.status, url, file);
        }

        const etag = etagOf(res);
        let offset = 0;
        let h = hasher;
        if (res.status === 206) {
          const cr = parseContentRange(res.headers.get('content-range'));
          if (!cr || cr.start !== stored) {
            await res.body?.cancel().catch(() => {});
            await restart(hasher);
            continue;
          }
          if (cr.total !== null && rec.size !== null && cr.total !== rec.size) {
            // The file changed on the host since we planned: start over with the new size.
            await res.body?.cancel().catch(() => {});
            rec = m!.files[file] = { ...emptyRecord(file), size: cr.total, etag, expectedSha256: sha256FromEtag(etag) };
            fp.total = cr.total;
            await restart(hasher);
            continue;
          }
          if (etag && rec.etag && etag !== rec.etag) {
            // Resumed against a different version of the file (host sent no usable If-Range validator).
            await res.body?.cancel().catch(() => {});
            rec.etag = etag;
            rec.expectedSha256 = sha256FromEtag(etag);
            await restart(hasher);
            continue;
          }
          offset = stored;
        } else if (stored > 0) {
          // 200 to a Range request: the host ignored it, or If-Range said the file changed. Take it from zero.
          await restart(hasher);
          fp.loaded = 0;
          h = await newSha256();
        }
        if (res.status === 200) {
          const len = res.headers.get('content-length');
          if (len !== null && rec.size === null && !res.headers.get('content-encoding')) rec.size = Number(len);
        }
        gained = await stream(res, h, offset, etag);
        if (rec.size === null || h.bytes >= rec.size) {
          if (rec.size === null) rec.size = h.bytes;
          if (await finish(h)) return;
          continue;
        }
        // The body ended early without an error (a proxy cut it): treat like a dropped connection.
        throw new RetryableError(new Error(`connection closed after ${formatBytes(h.bytes)} of ${formatBytes(rec.size)}`));
      } catch (e) {
        if (e instanceof ModelStoreError || isStorageFailure(e)) throw e;
        if (e instanceof PausedSignal || attempt.signal.aborted) continue;
        const cause = e instanceof RetryableError ? e.cause : e;
        gained += e instanceof RetryableError ? e.gained : 0;
        failures = gained > 0 ? 1 : failures + 1;
        if (failures > policy.maxAttempts) {
          fp.state = 'error';
          emit(true);
          throw new ModelStoreError(
            'network',
            `The download of "${file}" keeps failing (${failures} attempts). What was downloaded is kept; try again later.`,
            cause instanceof Error ? cause.message : String(cause),
          );
        }
        report.retries++;
        await sleep(backoffDelay(failures, policy));
      } finally {
        unsubscribe();
      }
    }

    /** Write the body to disk through the hasher. Returns bytes gained. */
    async function stream(res: Response, hasher: Sha256, at: number, etag: string | null): Promise<number> {
      if (at === 0 && etag) {
        // A fresh start: the response's validator is the one that counts, and what it vouches for.
        rec.etag = etag;
        rec.expectedSha256 = sha256FromEtag(etag) ?? rec.expectedSha256;
      }
      const w = await storageOp(() => store.backend.openWriter(path));
      let gained = 0;
      let sinceCheckpoint = 0;
      try {
        if (w.size !== at) await storageOp(() => w.truncate(at));
        const reader = res.body!.getReader();
        try {
          for (;;) {
            let chunk: ReadableStreamReadResult<Uint8Array>;
            try {
              chunk = await reader.read();
            } catch (e) {
              throw new RetryableError(e, gained);
            }
            if (chunk.done) break;
            const bytes = chunk.value;
            if (rec.size !== null && hasher.bytes + bytes.byteLength > rec.size) {
              throw new ModelStoreError('corrupt-file', `The host sent more bytes than "${file}" has.`);
            }
            await storageOp(() => w.write(bytes));
            hasher.update(bytes);
            gained += bytes.byteLength;
            sinceCheckpoint += bytes.byteLength;
            report.bytesDownloaded += bytes.byteLength;
            fp.loaded = hasher.bytes;
            emit();
            if (sinceCheckpoint >= checkpointBytes) {
              await storageOp(() => w.flush());
              await storageOp(() => checkpoint(hasher));
              sinceCheckpoint = 0;
            }
          }
        } finally {
          reader.releaseLock();
          await res.body?.cancel().catch(() => {});
        }
      } finally {
        // Checkpoint only a hash that covers exactly the bytes in the file (a refused write cut it back).
        const consistent = w.size === hasher.bytes;
        await w.close().catch(() => {});
        if (sinceCheckpoint > 0 && consistent) await checkpoint(hasher).catch(() => {});
      }
      return gained;
    }

    async function checkpoint(hasher: Sha256): Promise<void> {
      rec.storedBytes = hasher.bytes;
      rec.hashState = { bytes: hasher.bytes, state: hasher.save() };
      await store.writeManifest(m!);
    }

    async function restart(hasher: Sha256): Promise<void> {
      try {
        hasher.digest();
      } catch {
        /* already finished */
      }
      rec.storedBytes = 0;
      rec.hashState = null;
      rec.complete = false;
      await storageOp(async () => {
        await store.backend.remove(path);
        await store.writeManifest(m!);
      });
    }

    /** Verify a fully stored file. Returns true when done, false to fetch it again. */
    async function finish(hasher: Sha256): Promise<boolean> {
      fp.state = 'verifying';
      emit(true);
      const onDisk = await storageOp(() => store.storedSize(m!.key, file));
      const digest = hasher.digest();
      if (onDisk !== hasher.bytes) {
        // The storage holds other than what was written to it: its fault, not the host's. What it holds cannot
        // be trusted, so the file is set aside; the error says storage, with the numbers.
        await storageOp(() => store.discardFile(m!, file)).catch(() => {});
        rec = m!.files[file];
        fp.loaded = 0;
        throw new StorageFullError(`the stored file holds ${onDisk} bytes after ${hasher.bytes} were written to it`, 0);
      }
      const sizeOk = rec.size === null || (onDisk === rec.size && hasher.bytes === rec.size);
      const shaOk = !rec.expectedSha256 || rec.expectedSha256 === digest;
      if (sizeOk && shaOk) {
        rec.complete = true;
        rec.sha256 = digest;
        rec.verified = rec.expectedSha256 ? 'sha256' : 'size';
        rec.storedBytes = onDisk;
        rec.hashState = null;
        if (rec.size === null) rec.size = onDisk;
        await storageOp(() => store.writeManifest(m!));
        return true;
      }
      mismatches++;
      report.refetched.push(file);
      await storageOp(() => store.discardFile(m!, file));
      rec = m!.files[file];
      fp.loaded = 0;
      if (mismatches > 1) {
        fp.state = 'error';
        emit(true);
        throw new ModelStoreError(
          'corrupt-file',
          `"${file}" arrived damaged twice (${sizeOk ? 'sha256 differs from the host’s' : 'wrong size'}). The host may be serving a bad copy.`,
          `expected ${rec.expectedSha256 ?? rec.size}, got ${digest} / ${onDisk} bytes`,
        );
      }
      return false;
    }
  }

  /** A hasher covering exactly the bytes on disk (resumed from the checkpoint, topped up by reading). */
  async function hasherFor(rec: StoredFileRecord, path: string): Promise<Sha256> {
    const blob = await store.backend.blob(path);
    const size = blob?.size ?? 0;
    if (!blob || size === 0) return newSha256();
    if (rec.size !== null && size > rec.size) {
      await store.backend.remove(path);
      return newSha256();
    }
    let h: Sha256 | null = null;
    if (rec.hashState && rec.hashState.bytes <= size) h = await resumeSha256(rec.hashState.state, rec.hashState.bytes);
    h ??= await newSha256();
    await feedBlob(h, blob, h.bytes);
    return h;
  }
}

class RetryableError extends Error {
  constructor(
    readonly cause: unknown,
    readonly gained = 0,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

export { emptyRecord };
export type { ModelManifest };
