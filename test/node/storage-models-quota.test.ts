/**
 * Storage that fills up in the middle of a download, against the loopback hub: the download stops with the
 * `quota` error and the numbers, keeps the stored bytes, is never reported as a damaged file, and resumes
 * from the kept bytes once there is room. Three kinds of storage: one that throws QuotaExceededError (a
 * normal Chromium profile), one that answers like Chromium's private-window OPFS (half a chunk written and a
 * bogus count returned, through the real sync-handle writer), and one that silently loses bytes.
 */
import { describe, expect, it } from 'vitest';
import { useFakeHubRepo } from '../support/fake-hub-repo.ts';
import { joinPath, type FileWriter } from '../../src/storage/models/backend.ts';
import {
  downloadPlan,
  MemoryBackend,
  ModelStore,
  ModelStoreError,
  planModel,
  type DownloadProgress,
} from '../../src/storage/models/index.ts';
import { syncHandleWriter, type SyncAccessHandle } from '../../src/storage/models/sync-writer.ts';

const REPO = 'test-org/quota-r1';
const ONNX = 'onnx/model_q4.onnx';
const ONNX_SIZE = 4 * 1024 * 1024 + 4321;
const repo = useFakeHubRepo(REPO, ONNX, ONNX_SIZE);
const source = () => repo.source();
const opts = { appBaseUrl: 'http://127.0.0.1/' };
const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, checkpointBytes: 256 * 1024, progressIntervalMs: 0 };

/**
 * Chromium's private-window OPFS: file writes go through a `FileSystemSyncAccessHandle` that, past the limit,
 * writes what fits and returns 4294967288 (-8, FILE_ERROR_NO_SPACE, as unsigned). Manifests throw like a
 * normal profile (the page writes them through the same storage; the point here is the model file).
 */
class PrivateWindowBackend extends MemoryBackend {
  override async openWriter(p: string): Promise<FileWriter> {
    const key = joinPath(p);
    const files = this.files;
    if (!files.has(key)) files.set(key, new Uint8Array(0));
    const room = () => (this.capacityBytes ?? Infinity) - this.usedBytes();
    const set = (data: Uint8Array) => files.set(key, data);
    const get = () => files.get(key)!;
    const handle: SyncAccessHandle = {
      getSize: () => get().byteLength,
      read: () => 0,
      write(buf, o) {
        const at = o?.at ?? 0;
        const cur = get();
        const fits = Math.max(0, Math.min(buf.byteLength, room() + cur.byteLength - at));
        const next = new Uint8Array(Math.max(cur.byteLength, at + fits));
        next.set(cur);
        next.set(buf.subarray(0, fits), at);
        set(next);
        return fits === buf.byteLength ? fits : 4294967288;
      },
      truncate: (n) => set(get().slice(0, n)),
      flush: () => {},
      close: () => {},
    };
    return syncHandleWriter(handle);
  }
}

/** A writer that reports success but stops keeping bytes after `keep` of them (storage that lies). */
class LosingBackend extends MemoryBackend {
  keep = Infinity;
  override async openWriter(p: string): Promise<FileWriter> {
    const inner = await super.openWriter(p);
    const self = this;
    let size = inner.size;
    return {
      get size() {
        return size;
      },
      async write(chunk) {
        const kept = Math.max(0, Math.min(chunk.byteLength, self.keep - inner.size));
        if (kept > 0) await inner.write(chunk.subarray(0, kept));
        size += chunk.byteLength;
      },
      flush: () => inner.flush(),
      truncate: async (n) => {
        await inner.truncate(n);
        size = n;
      },
      close: () => inner.close(),
    };
  }
}

async function stored(store: ModelStore, key: string, file: string): Promise<Buffer> {
  const blob = await store.blob(key, file);
  return Buffer.from((await blob?.arrayBuffer()) ?? new ArrayBuffer(0));
}

/** Plan, then set the capacity to what the plan's small files need plus `onnxRoom` bytes of the ONNX file. */
async function planWithRoom(backend: MemoryBackend, onnxRoom: number) {
  const store = new ModelStore(backend);
  const plan = await planModel(store, source(), 'q4', opts);
  const small = plan.files.filter((f) => f.file !== ONNX).reduce((s, f) => s + f.size, 0);
  backend.capacityBytes = backend.usedBytes() + small + 4096 /* manifest growth */ + onnxRoom;
  return { store, plan };
}

for (const kind of ['quota-exceeded', 'private-window'] as const) {
  describe(`storage full mid-download (${kind})`, () => {
    it('stops with the quota error and the numbers, keeps the bytes, and resumes from them once there is room', async () => {
      const backend = kind === 'private-window' ? new PrivateWindowBackend() : new MemoryBackend();
      const { store, plan } = await planWithRoom(backend, Math.floor(ONNX_SIZE / 2));
      const progress: DownloadProgress[] = [];
      // What the browser says afterwards: a private window claims plenty of room; a normal profile is full.
      const estimate = async () =>
        kind === 'private-window' ? { quota: 10_737_418_240, usage: backend.usedBytes() } : { quota: backend.capacityBytes!, usage: backend.usedBytes() };
      const err = await downloadPlan(store, plan, { ...fast, estimate, onProgress: (p) => progress.push(p) }).catch((e: unknown) => e);

      expect(err).toBeInstanceOf(ModelStoreError);
      const e = err as ModelStoreError;
      expect(e.code).toBe('quota');
      expect(e.message).not.toMatch(/damaged/i);
      expect(e.message).toContain(`"${ONNX}"`);
      expect(e.message).toMatch(/\d(\.\d+)? MB of \d(\.\d+)? MB stored, \d(\.\d+)? MB more needed/);
      expect(e.message).toMatch(kind === 'private-window' ? /reports 10\.7 GB free.*private/ : /allows this site/);
      // One attempt at the file: a full store is not retried as a network error, nor refetched as damaged.
      expect(repo.hub.log.filter((x) => x.file === ONNX && x.via === 'cdn' && x.range !== 'bytes=0-0')).toHaveLength(1);
      expect(progress.at(-1)!.files.find((f) => f.file === ONNX)!.state).toBe('error');

      // The bytes stored are kept, and are exactly the start of the file.
      const kept = await stored(store, plan.key, ONNX);
      expect(kept.byteLength).toBeGreaterThan(ONNX_SIZE / 4);
      expect(kept.byteLength).toBeLessThan(ONNX_SIZE);
      expect(kept.equals(repo.onnxBytes.subarray(0, kept.byteLength))).toBe(true);

      // Room again (space freed): the next load continues from the kept bytes.
      backend.capacityBytes = null;
      repo.hub.clearLog();
      const again = await planModel(store, source(), 'q4', opts);
      expect(again.storedBytes).toBeGreaterThanOrEqual(kept.byteLength);
      await downloadPlan(store, again, fast);
      expect((await stored(store, plan.key, ONNX)).equals(repo.onnxBytes)).toBe(true);
      expect((await store.readManifest(plan.key))!.files[ONNX].verified).toBe('sha256');
      const gets = repo.hub.log.filter((x) => x.file === ONNX && x.via === 'cdn');
      expect(gets).toHaveLength(1);
      expect(gets[0].range).toBe(`bytes=${kept.byteLength}-`);
    });
  });
}

describe('storage that loses bytes without saying so', () => {
  it('is reported as a storage failure, not as a file that arrived damaged', async () => {
    const backend = new LosingBackend();
    const store = new ModelStore(backend);
    const plan = await planModel(store, source(), 'q4', opts);
    backend.keep = 1_000_000;
    const err = await downloadPlan(store, plan, { ...fast, estimate: async () => null }).catch((e: unknown) => e);
    expect((err as ModelStoreError).code).toBe('quota');
    expect((err as ModelStoreError).message).toMatch(/ran out of storage/);
    expect((err as ModelStoreError).detail).toMatch(/holds 1000000 bytes after 4198625 were written/);
    // Once, not twice: the host is not blamed and the file is not fetched again.
    expect(repo.hub.log.filter((x) => x.file === ONNX && x.via === 'cdn' && x.range !== 'bytes=0-0')).toHaveLength(1);
  });
});
