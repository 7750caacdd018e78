/**
 * A `FileWriter` over OPFS's `FileSystemSyncAccessHandle` that does not trust what `write()` returns.
 *
 * Why: in a Chromium private (incognito) profile — and in Playwright's default browser contexts, which are
 * the same kind — site data lives in memory with a limit far below what `navigator.storage.estimate()`
 * reports (≈ 1.4–1.5 GB on a 24 GiB machine, against a reported 10 GiB). When a write hits that limit,
 * Chromium 156 neither throws `QuotaExceededError` (as it does in a normal profile) nor returns a short
 * count: it writes part of the buffer and returns `4294967288`, i.e. `base::File::FILE_ERROR_NO_SPACE` (-8)
 * read as an unsigned 32-bit number. A writer that adds the returned count to its position then "writes"
 * gigabytes that never land, and the download only notices at the end, as a file of the wrong size.
 *
 * So: a count that is not an integer in `1..requested` is a failed write. The file is cut back to where the
 * chunk started (what is stored stays exactly what was hashed) and a `QuotaExceededError` is thrown. `flush()`
 * also checks the handle's real size against the bytes written, so a write lost some other way surfaces at
 * the next checkpoint instead of at the end.
 */
import type { FileWriter } from './backend.ts';

/** The parts of `FileSystemSyncAccessHandle` used here (worker-only API, not in the DOM lib). */
export interface SyncAccessHandle {
  getSize(): number;
  read(buffer: Uint8Array, options?: { at?: number }): number;
  write(buffer: Uint8Array, options?: { at?: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

/** Thrown when OPFS refused or lost bytes: named like the DOM's, so `isQuotaError` recognises it. */
export class StorageFullError extends Error {
  override readonly name = 'QuotaExceededError';
  constructor(
    message: string,
    /** Bytes the file really holds after the failure (the writer cut it back to this). */
    readonly storedBytes: number,
  ) {
    super(message);
  }
}

/** A write count the handle could really have written for a `requested`-byte buffer. */
export function plausibleWriteCount(n: unknown, requested: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= requested;
}

function describeCount(n: unknown): string {
  if (typeof n === 'number' && Number.isInteger(n) && n > 0x7fffffff && n <= 0xffffffff) {
    return `${n} (= ${n - 0x1_0000_0000} as a signed 32-bit error code; -8 is "no space")`;
  }
  return String(n);
}

export function syncHandleWriter(a: SyncAccessHandle): FileWriter {
  let size = a.getSize();
  /** Give up: put the file back to `at` (best effort) and report how big it really is. */
  const fail = (at: number, what: string): never => {
    let real = at;
    try {
      a.truncate(at);
      real = a.getSize();
    } catch {
      try {
        real = a.getSize();
      } catch {
        /* keep `at` */
      }
    }
    size = real;
    throw new StorageFullError(`OPFS ${what} at byte ${at} (the file now holds ${real} bytes)`, real);
  };
  return {
    get size() {
      return size;
    },
    async write(chunk: Uint8Array) {
      const start = size;
      let off = 0;
      while (off < chunk.byteLength) {
        const want = chunk.byteLength - off;
        const n = a.write(chunk.subarray(off), { at: start + off });
        if (!plausibleWriteCount(n, want)) fail(start, `write of ${want} bytes returned ${describeCount(n)}`);
        off += n;
      }
      size = start + off;
    },
    async flush() {
      a.flush();
      const real = a.getSize();
      if (real !== size) fail(Math.min(real, size), `file holds ${real} bytes after ${size} were written`);
    },
    async truncate(n: number) {
      a.truncate(n);
      size = n;
    },
    async close() {
      try {
        a.flush();
      } finally {
        a.close();
      }
    },
  };
}

function writeAllAt(a: SyncAccessHandle, bytes: Uint8Array, at: number): void {
  let off = 0;
  while (off < bytes.byteLength) {
    const want = bytes.byteLength - off;
    const n = a.write(bytes.subarray(off), { at: at + off });
    if (!plausibleWriteCount(n, want)) {
      throw new StorageFullError(`OPFS write of ${want} bytes returned ${describeCount(n)}`, at + off);
    }
    off += n;
  }
}

/**
 * Replace a small file's contents (a manifest) through a sync handle. When storage is full the old contents
 * are put back, so a failed checkpoint never leaves a half-written manifest (a model without a readable
 * manifest would vanish from the Storage panel while its bytes still fill the disk).
 */
export function syncHandleReplace(a: SyncAccessHandle, bytes: Uint8Array): void {
  const oldSize = a.getSize();
  const old = new Uint8Array(oldSize);
  if (oldSize > 0) a.read(old, { at: 0 });
  try {
    writeAllAt(a, bytes, 0);
    a.truncate(bytes.byteLength);
    a.flush();
  } catch (e) {
    try {
      writeAllAt(a, old, 0); // within the space the file already had
      a.truncate(oldSize);
      a.flush();
    } catch {
      /* nothing more to do: the manifest parser treats a damaged manifest as absent */
    }
    throw e;
  }
}
