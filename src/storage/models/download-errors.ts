/**
 * What can stop one request of a download, and how the downloader tells them apart: a pause (not an
 * error), a network failure worth retrying (with the bytes it still gained), and a storage failure
 * (never retried as a network error).
 */
import { isQuotaError, ModelStoreError } from './errors.ts';
import type { RequestFailure } from './retry-policy.ts';

/** The request was aborted because the download was paused or cancelled. */
export class PausedSignal extends Error {}

/** A failure worth retrying: a dropped connection, a network error, a 429/5xx, a body cut short. */
export class RetryableError extends Error {
  constructor(
    readonly cause: unknown,
    readonly gained = 0,
    /** What the retry policy is asked about: the host's answer, or a failed or cut connection. */
    readonly failure: RequestFailure = { kind: 'connection' },
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** The store's storage (not the network) failed: a write, flush, truncate or manifest update threw. */
export class StorageWriteError extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
  }
}

/** Run a storage operation; its failure is a storage failure (never retried as a network error). */
export async function storageOp<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw isQuotaError(e) || e instanceof ModelStoreError || e instanceof StorageWriteError ? e : new StorageWriteError(e);
  }
}

export const isStorageFailure = (e: unknown): boolean => isQuotaError(e) || e instanceof StorageWriteError;

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export const abortedError = (): ModelStoreError => new ModelStoreError('aborted', 'The download was cancelled. What was downloaded is kept.', undefined, { key: 'errors.cancelledKept' });
