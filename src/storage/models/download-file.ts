/**
 * One file of a download, from what is stored to a verified complete file: resume with `Range` (and
 * `If-Range` with a strong ETag), start over when the host's file changed or the stored bytes are wrong,
 * retry network failures with backoff, wait while paused, stop when cancelled, and fetch a damaged file
 * once more before giving up.
 */
import type { FileProgress } from '../../core/index.ts';
import { formatBytes } from '../../core/units.ts';
import type { DownloadControl } from './download-control.ts';
import { abortedError, isStorageFailure, PausedSignal, RetryableError } from './download-errors.ts';
import type { ProgressBoard } from './download-progress.ts';
import { ModelStoreError } from './errors.ts';
import { sha256FromEtag, strongEtag } from './files.ts';
import { newSha256, type Sha256 } from './hasher.ts';
import { parseContentRange } from './http.ts';
import { responseFailure, waitOrAbort } from './retry-fetch.ts';
import { classifyStatus, decideRetry, type RetryPolicy } from './retry-policy.ts';
import { etagOf, statusError } from './planner.ts';
import { emptyRecord } from './store.ts';
import type { StoredFile } from './stored-file.ts';
import { StorageFullError } from './sync-writer.ts';

export interface DownloadRun {
  control: DownloadControl;
  board: ProgressBoard;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  policy: RetryPolicy;
  checkpointBytes: number;
  report: { bytesDownloaded: number; retries: number; refetched: string[] };
}

export class FileDownload {
  private readonly fp: FileProgress;
  private mismatches = 0;
  private failures = 0;

  constructor(
    private readonly run: DownloadRun,
    private readonly stored: StoredFile,
  ) {
    this.fp = run.board.row(stored.file);
  }

  async download(): Promise<void> {
    await this.stored.storePlannedConfig();
    for (;;) {
      await this.whenRunnable();
      // 1. Bring the hash up to the bytes on disk (before opening the writer: OPFS locks the file then).
      const hasher = await this.stored.hasher();
      this.fp.loaded = hasher.bytes;
      const complete = this.stored.rec.size !== null && hasher.bytes === this.stored.rec.size;
      const done = complete ? await this.finish(hasher) : await this.request(hasher);
      if (done) return;
    }
  }

  /** Wait while paused; throw when cancelled; mark the row as downloading. */
  private async whenRunnable(): Promise<void> {
    const { control, board } = this.run;
    if (control.cancelled) throw abortedError();
    if (control.paused) {
      this.fp.state = 'paused';
      board.emit(true);
      await control.whenRunnable();
      board.resetSpeed();
      if (control.cancelled) throw abortedError();
    }
    if (this.fp.state !== 'downloading') {
      this.fp.state = 'downloading';
      board.emit(true);
    }
  }

  /** 2. One request for the rest of the file. True when the file is complete. */
  private async request(hasher: Sha256): Promise<boolean> {
    const { control } = this.run;
    const attempt = new AbortController();
    const unsubscribe = control.onChange(() => {
      if (control.paused || control.cancelled) attempt.abort(new PausedSignal('paused'));
    });
    const tally = { gained: 0 };
    try {
      return await this.fetchRest(hasher, attempt.signal, tally);
    } catch (e) {
      if (e instanceof ModelStoreError || isStorageFailure(e)) throw e;
      if (e instanceof PausedSignal || attempt.signal.aborted) return false;
      // A pause or Cancel during the wait ends it; the loop head handles them.
      await this.retryLater(e, tally.gained, attempt.signal).catch((w: unknown) => {
        if (!attempt.signal.aborted) throw w;
      });
      return false;
    } finally {
      unsubscribe();
    }
  }

  private async fetchRest(hasher: Sha256, signal: AbortSignal, tally: { gained: number }): Promise<boolean> {
    const { rec } = this.stored;
    const stored = hasher.bytes;
    const headers: Record<string, string> = {};
    const validator = strongEtag(rec.etag);
    if (stored > 0) {
      headers['Range'] = `bytes=${stored}-`;
      if (validator) headers['If-Range'] = validator;
    }
    // Called unbound: the browser's fetch throws "Illegal invocation" when called as a method of another object.
    const f = this.run.fetch;
    let res: Response;
    try {
      res = await f(this.stored.url, { headers, signal, cache: 'no-store' });
    } catch (e) {
      if (signal.aborted) return false; // paused or cancelled: the loop head handles it
      throw new RetryableError(e);
    }
    if (res.status === 416) {
      await res.body?.cancel().catch(() => {});
      // We asked for more than the host has: what we hold is wrong. Start over.
      await this.stored.restart(hasher);
      return false;
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel().catch(() => {});
      if (classifyStatus(res.status) === 'retry') throw new RetryableError(new Error(`HTTP ${res.status}`), 0, responseFailure(res));
      throw statusError(res.status, this.stored.url, this.stored.file);
    }
    const from = await this.startAt(res, hasher);
    return from ? this.take(res, from, tally) : false;
  }

  /** Where `res`'s body goes: at the stored bytes (206), or from zero; null when the file starts over. */
  private async startAt(res: Response, hasher: Sha256): Promise<{ offset: number; hasher: Sha256; etag: string | null } | null> {
    const { stored, fp } = this;
    const rec = stored.rec;
    const etag = etagOf(res);
    const at = hasher.bytes;
    if (res.status !== 206) {
      if (at === 0) return { offset: 0, hasher, etag };
      // 200 to a Range request: the host ignored it, or If-Range said the file changed. Take it from zero.
      await stored.restart(hasher);
      fp.loaded = 0;
      return { offset: 0, hasher: await newSha256(), etag };
    }
    const cr = parseContentRange(res.headers.get('content-range'));
    if (!cr || cr.start !== at) {
      await res.body?.cancel().catch(() => {});
    } else if (cr.total !== null && rec.size !== null && cr.total !== rec.size) {
      // The file changed on the host since we planned: start over with the new size.
      await res.body?.cancel().catch(() => {});
      stored.replaceRecord({ ...emptyRecord(stored.file), size: cr.total, etag, expectedSha256: sha256FromEtag(etag) });
      fp.total = cr.total;
    } else if (etag && rec.etag && etag !== rec.etag) {
      // Resumed against a different version of the file (host sent no usable If-Range validator).
      await res.body?.cancel().catch(() => {});
      rec.etag = etag;
      rec.expectedSha256 = sha256FromEtag(etag);
    } else {
      return { offset: at, hasher, etag };
    }
    await stored.restart(hasher);
    return null;
  }

  /** 3. Write the body; verify the file when it is all there. True when the file is complete. */
  private async take(res: Response, from: { offset: number; hasher: Sha256; etag: string | null }, tally: { gained: number }): Promise<boolean> {
    const { stored, run, fp } = this;
    const { hasher: h, offset, etag } = from;
    const rec = stored.rec;
    if (res.status === 200) {
      const len = res.headers.get('content-length');
      if (len !== null && rec.size === null && !res.headers.get('content-encoding')) rec.size = Number(len);
    }
    if (offset === 0 && etag) {
      // A fresh start: the response's validator is the one that counts, and what it vouches for.
      stored.rec.etag = etag;
      stored.rec.expectedSha256 = sha256FromEtag(etag) ?? stored.rec.expectedSha256;
    }
    tally.gained = await stored.write(res, h, offset, run.checkpointBytes, (n) => {
      run.report.bytesDownloaded += n;
      fp.loaded = h.bytes;
      run.board.emit();
    });
    const size = stored.rec.size;
    if (size === null || h.bytes >= size) {
      if (size === null) stored.rec.size = h.bytes;
      return this.finish(h);
    }
    // The body ended early without an error (a proxy cut it): treat like a dropped connection.
    throw new RetryableError(new Error(`connection closed after ${formatBytes(h.bytes)} of ${formatBytes(size)}`));
  }

  /**
   * A failed request: wait as the retry policy says (the wait shown in the progress line) and try again,
   * unless `maxAttempts` requests in a row gained no byte or the failure is not one that passes.
   */
  private async retryLater(e: unknown, gained: number, signal: AbortSignal): Promise<void> {
    const { run, fp } = this;
    const cause = e instanceof RetryableError ? e.cause : e;
    gained += e instanceof RetryableError ? e.gained : 0;
    this.failures = gained > 0 ? 1 : this.failures + 1;
    const failure = e instanceof RetryableError ? e.failure : { kind: 'connection' as const };
    const decision = decideRetry(failure, this.failures, run.policy, { now: run.now() });
    if (decision.kind === 'fail') {
      fp.state = 'error';
      run.board.emit(true);
      throw new ModelStoreError(
        'network',
        `The download of "${this.stored.file}" keeps failing (${this.failures} attempts). What was downloaded is kept; try again later.`,
        cause instanceof Error ? cause.message : String(cause),
        { key: 'errors.keepsFailing', values: { file: this.stored.file, attempts: this.failures } },
      );
    }
    run.report.retries++;
    run.board.retry = { status: decision.status, attempt: decision.attempt, maxAttempts: run.policy.maxAttempts, delayMs: decision.delayMs };
    run.board.emit(true);
    try {
      await waitOrAbort(run.sleep, decision.delayMs, signal);
    } finally {
      run.board.retry = null;
      run.board.resetSpeed();
    }
  }

  /** Verify a fully stored file. Returns true when done, false to fetch it again. */
  private async finish(hasher: Sha256): Promise<boolean> {
    const { stored, run, fp } = this;
    fp.state = 'verifying';
    run.board.emit(true);
    const v = await stored.verify(hasher);
    if (v.kind === 'ok') return true;
    fp.loaded = 0;
    if (v.kind === 'storage') {
      // The storage holds other than what was written to it: its fault, not the host's. What it holds cannot
      // be trusted, so the file was set aside; the error says storage, with the numbers.
      throw new StorageFullError(`the stored file holds ${v.onDisk} bytes after ${v.written} were written to it`, 0);
    }
    this.mismatches++;
    run.report.refetched.push(stored.file);
    if (this.mismatches > 1) {
      fp.state = 'error';
      run.board.emit(true);
      throw new ModelStoreError(
        'corrupt-file',
        `"${stored.file}" arrived damaged twice (${v.sizeOk ? 'sha256 differs from the host’s' : 'wrong size'}). The host may be serving a bad copy.`,
        `expected ${stored.rec.expectedSha256 ?? stored.rec.size}, got ${v.digest} / ${v.onDisk} bytes`,
        { key: v.sizeOk ? 'errors.damagedTwiceHash' : 'errors.damagedTwiceSize', values: { file: stored.file } },
      );
    }
    return false;
  }
}
