/**
 * The OPFS sync-handle writer against a stand-in for Chromium's `FileSystemSyncAccessHandle`, including the
 * way a private (incognito) profile reports a full store: part of the buffer written and `4294967288`
 * (FILE_ERROR_NO_SPACE, -8, read as unsigned) returned as the byte count. And the storage-full sentence.
 */
import { describe, expect, it } from 'vitest';
import { isQuotaError } from '../../src/storage/models/errors.ts';
import { storageFullMessage } from '../../src/storage/models/quota.ts';
import { settleWithin } from '../../src/storage/models/opfs-backend.ts';
import {
  plausibleWriteCount,
  StorageFullError,
  syncHandleReplace,
  syncHandleWriter,
  type SyncAccessHandle,
} from '../../src/storage/models/sync-writer.ts';

/** A file of at most `capacity` bytes. `mode` says how a write past it fails. */
function fakeHandle(capacity: number, mode: 'incognito' | 'throws', opts: { maxPerWrite?: number } = {}) {
  let data = new Uint8Array(0);
  const resize = (n: number) => {
    const next = new Uint8Array(n);
    next.set(data.subarray(0, Math.min(n, data.byteLength)));
    data = next;
  };
  const h: SyncAccessHandle & { data: () => Uint8Array } = {
    data: () => data,
    getSize: () => data.byteLength,
    read(buf, o) {
      const at = o?.at ?? 0;
      const part = data.subarray(at, at + buf.byteLength);
      buf.set(part);
      return part.byteLength;
    },
    write(buf, o) {
      const at = o?.at ?? 0;
      const want = Math.min(buf.byteLength, opts.maxPerWrite ?? Infinity);
      const room = capacity - at;
      if (want > room) {
        if (mode === 'throws') throw new DOMException('No space available for this operation', 'QuotaExceededError');
        // Chromium's incognito handle: writes what fits, then returns -8 as an unsigned 32-bit count.
        if (room > 0) {
          if (at + room > data.byteLength) resize(at + room);
          data.set(buf.subarray(0, room), at);
        }
        return 4294967288;
      }
      if (at + want > data.byteLength) resize(at + want);
      data.set(buf.subarray(0, want), at);
      return want;
    },
    truncate: (n) => resize(n),
    flush: () => {},
    close: () => {},
  };
  return h;
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('syncHandleWriter', () => {
  it('appends, and handles legitimate short writes', async () => {
    const h = fakeHandle(1000, 'throws', { maxPerWrite: 7 });
    const w = syncHandleWriter(h);
    await w.write(bytes(50));
    await w.write(bytes(30, 2));
    await w.flush();
    expect(w.size).toBe(80);
    expect(h.data()).toEqual(Uint8Array.from([...bytes(50), ...bytes(30, 2)]));
  });

  it('a private-window "no space" (bogus count, half a chunk written) is a QuotaExceededError and the file is cut back', async () => {
    const h = fakeHandle(100, 'incognito');
    const w = syncHandleWriter(h);
    await w.write(bytes(64));
    const err = await w.write(bytes(64, 9)).catch((e: unknown) => e);
    expect(isQuotaError(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/4294967288.*-8/);
    expect((err as { storedBytes: number }).storedBytes).toBe(64);
    // Before the fix the writer added 4294967288 to its position and every later write "succeeded".
    expect(w.size).toBe(64);
    expect(h.getSize()).toBe(64);
    expect(h.data()).toEqual(bytes(64));
  });

  it('passes a real QuotaExceededError through with the size unchanged', async () => {
    const h = fakeHandle(100, 'throws');
    const w = syncHandleWriter(h);
    await w.write(bytes(64));
    const err = await w.write(bytes(64)).catch((e: unknown) => e);
    expect(isQuotaError(err)).toBe(true);
    expect(w.size).toBe(64);
  });

  it('flush notices bytes the handle lost', async () => {
    const h = fakeHandle(1000, 'throws');
    const w = syncHandleWriter(h);
    await w.write(bytes(100));
    h.truncate(40); // something else cut the file
    const err = await w.flush().catch((e: unknown) => e);
    expect(isQuotaError(err)).toBe(true);
    expect(w.size).toBe(40);
  });

  it('accepts only counts a write could have produced', () => {
    expect(plausibleWriteCount(5, 5)).toBe(true);
    expect(plausibleWriteCount(1, 5)).toBe(true);
    expect(plausibleWriteCount(0, 5)).toBe(false);
    expect(plausibleWriteCount(6, 5)).toBe(false);
    expect(plausibleWriteCount(4294967288, 1 << 20)).toBe(false);
    expect(plausibleWriteCount(2.5, 5)).toBe(false);
  });
});

describe('syncHandleReplace (manifests)', () => {
  it('replaces the contents, shorter or longer', () => {
    const h = fakeHandle(1000, 'incognito');
    syncHandleReplace(h, bytes(100));
    syncHandleReplace(h, bytes(10, 3));
    expect(h.data()).toEqual(bytes(10, 3));
  });

  it('keeps the old contents when the new ones do not fit', () => {
    for (const mode of ['incognito', 'throws'] as const) {
      const h = fakeHandle(120, mode);
      syncHandleReplace(h, bytes(100));
      expect(() => syncHandleReplace(h, bytes(150, 4))).toThrow(/QuotaExceeded|No space|4294967288/);
      expect(h.data()).toEqual(bytes(100));
    }
  });
});

describe('storageFullMessage', () => {
  const base = { file: 'onnx/model_q4.onnx', storedBytes: 1_392_000_000, totalBytes: 1_971_561_427 };

  it('gives what is stored, what is still needed and what the browser allows', () => {
    const msg = storageFullMessage({ ...base, estimate: { quota: 1_400_000_000, usage: 1_395_000_000 } });
    expect(msg).toContain('1.39 GB of 1.97 GB stored');
    expect(msg).toContain('580 MB more needed');
    expect(msg).toContain('allows this site 1.40 GB, of which 1.40 GB is used (5.00 MB free)');
    expect(msg).toContain('What was stored is kept');
    expect(msg).not.toMatch(/damaged/i);
  });

  it('says when the browser claims room it then refuses (a private window)', () => {
    const msg = storageFullMessage({ ...base, estimate: { quota: 12_130_956_647, usage: 1_393_538_407 } });
    expect(msg).toContain('reports 10.7 GB free for this site');
    expect(msg).toMatch(/a private or guest window keeps site data in memory/);
  });

  it('says so when the store was full before the download could start', () => {
    const msg = storageFullMessage({ file: null, storedBytes: 0, totalBytes: null, estimate: { quota: 2_000_000, usage: 2_000_000 } });
    expect(msg).toContain('before its download could start');
    expect(msg).toContain('allows this site 2.00 MB');
  });

  it('works without an estimate', () => {
    const msg = storageFullMessage({ ...base, estimate: null });
    expect(msg).toContain('580 MB more needed');
    expect(msg).not.toContain('allows');
  });
});

describe('settleWithin (OPFS entry creation that never settles)', () => {
  it('gives the answer when it comes in time', async () => {
    await expect(settleWithin(Promise.resolve(7), 50, () => new Error('late'))).resolves.toBe(7);
  });

  it('fails as storage full when the promise never settles', async () => {
    const never = new Promise<never>(() => {});
    const err = await settleWithin(never, 20, () => new StorageFullError('OPFS did not create the file', 0)).catch((e: unknown) => e);
    expect(isQuotaError(err)).toBe(true);
  });
});
