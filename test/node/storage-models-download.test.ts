/**
 * The resumable downloader against the loopback hub: real HTTP (Node fetch), the hub's redirects, ETags and
 * ranges, injected faults. Files are random bytes (the downloader does not care what they hold).
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { useFakeHubRepo } from '../support/fake-hub-repo.ts';
import {
  DownloadControl,
  downloadPlan,
  MemoryBackend,
  ModelStore,
  ModelStoreError,
  planModel,
  prepareModelFiles,
  type DownloadProgress,
} from '../../src/storage/models/index.ts';

const REPO = 'test-org/tiny-r1';
const ONNX = 'onnx/model_q4.onnx';
const ONNX_SIZE = 3 * 1024 * 1024 + 12345;
const repo = useFakeHubRepo(REPO, ONNX, ONNX_SIZE);
const source = () => repo.source();
const opts = { appBaseUrl: 'http://127.0.0.1/' };
const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, checkpointBytes: 256 * 1024, progressIntervalMs: 0 };

async function storedBytes(store: ModelStore, file: string): Promise<Buffer> {
  const key = (await store.list())[0].key;
  const blob = await store.blob(key, file);
  return Buffer.from(await blob!.arrayBuffer());
}

describe('planning', () => {
  it('learns sizes with 1-byte range probes and downloads no model bytes', async () => {
    const store = new ModelStore(new MemoryBackend());
    const plan = await planModel(store, source(), 'q4', opts);
    expect(plan.files.map((f) => f.file)).toContain(ONNX);
    expect(plan.files.find((f) => f.file === ONNX)!.size).toBe(ONNX_SIZE);
    expect(plan.storedBytes).toBe(0);
    expect(plan.bytesNeeded).toBe(plan.totalBytes);
    expect(repo.hub.bytesSent(ONNX)).toBe(1); // the probe's single byte
    const m = (await store.readManifest(plan.key))!;
    // The hub vouches for the LFS file's sha256 (CDN ETag), not for the small git files.
    expect(m.files[ONNX].expectedSha256).toBe(repo.hub.sha256(REPO, ONNX));
    expect(m.files['tokenizer.json'].expectedSha256).toBeNull();
  });

  it('leaves out an optional file the host lacks, and names a required one that is missing', async () => {
    fs.renameSync(path.join(repo.dir, 'generation_config.json'), path.join(repo.dir, 'gc.bak'));
    try {
      const plan = await planModel(new ModelStore(new MemoryBackend()), source(), 'q4', opts);
      expect(plan.files.map((f) => f.file)).not.toContain('generation_config.json');
      const err = await planModel(new ModelStore(new MemoryBackend()), source(), 'q4f16', opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelStoreError);
      expect((err as ModelStoreError).code).toBe('missing-file');
      expect((err as ModelStoreError).message).toContain('onnx/model_q4f16.onnx');
    } finally {
      fs.renameSync(path.join(repo.dir, 'gc.bak'), path.join(repo.dir, 'generation_config.json'));
    }
  });
});

describe('downloading', () => {
  it('downloads, verifies the sha256 against the hub ETag, then plans and serves with zero requests', async () => {
    const store = new ModelStore(new MemoryBackend());
    const progress: DownloadProgress[] = [];
    const prepared = await prepareModelFiles(source(), 'q4', { ...opts, store, onProgress: (p) => progress.push(p) });
    expect(prepared.plan.complete).toBe(true);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
    const m = (await store.readManifest(prepared.plan.key))!;
    expect(m.files[ONNX].verified).toBe('sha256');
    expect(m.files['config.json'].verified).toBe('size');
    expect(progress.at(-1)!.loaded).toBe(progress.at(-1)!.total);
    expect(progress.some((p) => p.files.some((f) => f.state === 'downloading'))).toBe(true);

    repo.hub.clearLog();
    const again = await prepareModelFiles(source(), 'q4', { ...opts, store });
    expect(again.report.bytesDownloaded).toBe(0);
    const res = await again.cache.match(`${repo.hub.url}${REPO}/resolve/main/${ONNX}`);
    expect(res!.headers.get('content-length')).toBe(String(ONNX_SIZE));
    expect(Buffer.from(await res!.arrayBuffer()).equals(repo.onnxBytes)).toBe(true);
    expect(await again.cache.match(`/models/${REPO}/tokenizer.json`)).toBeDefined();
    expect(repo.hub.log).toEqual([]);
  });

  it('resumes with Range after the connection drops halfway through the ONNX file', async () => {
    repo.hub.setFaults([{ kind: 'drop', file: ONNX, afterBytes: Math.floor(ONNX_SIZE / 2) }]);
    const store = new ModelStore(new MemoryBackend());
    const { report } = await prepareModelFiles(source(), 'q4', { ...opts, store, ...fast });
    expect(report.retries).toBe(1);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
    const gets = repo.hub.log.filter((e) => e.file === ONNX && e.via === 'cdn' && e.range !== 'bytes=0-0');
    expect(gets).toHaveLength(2);
    expect(gets[0].dropped).toBe(true);
    expect(gets[1].range).toBe(`bytes=${gets[0].bytesSent}-`);
    expect(gets[1].status).toBe(206);
    expect(repo.hub.bytesSent(ONNX)).toBeLessThan(1.1 * ONNX_SIZE);
  });

  it('gets there through a link that drops every 700 kB', async () => {
    repo.hub.setFaults([{ kind: 'drop', file: ONNX, afterBytes: 700_000, times: 'always' }]);
    const store = new ModelStore(new MemoryBackend());
    const { report } = await prepareModelFiles(source(), 'q4', { ...opts, store, ...fast });
    expect(report.retries).toBeGreaterThanOrEqual(4);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
    expect(repo.hub.bytesSent(ONNX)).toBeLessThan(1.1 * ONNX_SIZE);
  });

  it('gives up with a network error after repeated failures that gain nothing, keeping the bytes', async () => {
    const store = new ModelStore(new MemoryBackend());
    const plan = await planModel(store, source(), 'q4', opts);
    repo.hub.setFaults([{ kind: 'status', file: ONNX, status: 503, times: 'always' }]);
    const err = await downloadPlan(store, plan, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).catch(
      (e: unknown) => e,
    );
    expect((err as ModelStoreError).code).toBe('network');
    expect((err as ModelStoreError).message).toMatch(/keeps failing \(3 attempts\)/);
    const status503 = repo.hub.log.filter((e) => e.status === 503);
    expect(status503).toHaveLength(3); // 3 attempts: the first and 2 retries
  });

  it('discards a file damaged in transit (sha256 ≠ ETag) and fetches it again', async () => {
    repo.hub.setFaults([{ kind: 'corrupt', file: ONNX, offset: 1_000_000 }]);
    const store = new ModelStore(new MemoryBackend());
    const { report } = await prepareModelFiles(source(), 'q4', { ...opts, store, ...fast });
    expect(report.refetched).toEqual([ONNX]);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
  });

  it('fails clearly when the host keeps sending a bad copy', async () => {
    repo.hub.setFaults([{ kind: 'corrupt', file: ONNX, offset: 10, times: 'always' }]);
    const err = await prepareModelFiles(source(), 'q4', { ...opts, store: new ModelStore(new MemoryBackend()), ...fast }).catch(
      (e: unknown) => e,
    );
    expect((err as ModelStoreError).code).toBe('corrupt-file');
  });

  it('pauses (keeping the bytes) and resumes from them', async () => {
    repo.hub.setFaults([{ kind: 'stall', file: ONNX, afterBytes: 1_000_000, ms: 2_000 }]);
    const store = new ModelStore(new MemoryBackend());
    const control = new DownloadControl();
    let pausedSeen = false;
    const done = prepareModelFiles(source(), 'q4', {
      ...opts,
      store,
      control,
      ...fast,
      onProgress: (p) => {
        const f = p.files.find((x) => x.file === ONNX)!;
        if (!control.paused && !pausedSeen && f.loaded >= 1_000_000) {
          control.pause();
          setTimeout(() => control.resume(), 300);
        }
        if (p.paused) pausedSeen = true;
      },
    });
    await done;
    expect(pausedSeen).toBe(true);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
    const gets = repo.hub.log.filter((e) => e.file === ONNX && e.via === 'cdn' && e.range !== 'bytes=0-0');
    expect(gets.length).toBe(2);
    expect(gets[1].range).toMatch(/^bytes=\d+-$/);
    expect(repo.hub.bytesSent(ONNX)).toBeLessThan(1.1 * ONNX_SIZE);
  });

  it('cancel stops with "aborted"; a later download resumes from the kept bytes (as after a reload)', async () => {
    repo.hub.setFaults([{ kind: 'stall', file: ONNX, afterBytes: 2_000_000, ms: 5_000 }]);
    const backend = new MemoryBackend();
    const control = new DownloadControl();
    const err = await prepareModelFiles(source(), 'q4', {
      ...opts,
      store: new ModelStore(backend),
      control,
      ...fast,
      onProgress: (p) => {
        if (p.files.find((x) => x.file === ONNX)!.loaded >= 2_000_000) control.cancel();
      },
    }).catch((e: unknown) => e);
    expect((err as ModelStoreError).code).toBe('aborted');
    repo.hub.setFaults([]);
    // A fresh store over the same backend: like the page reloading.
    const store2 = new ModelStore(backend);
    const plan = await planModel(store2, source(), 'q4', opts);
    expect(plan.storedBytes).toBeGreaterThanOrEqual(2_000_000);
    await downloadPlan(store2, plan, fast);
    expect((await storedBytes(store2, ONNX)).equals(repo.onnxBytes)).toBe(true);
    expect(repo.hub.bytesSent(ONNX)).toBeLessThan(1.1 * ONNX_SIZE);
  });

  it('detects a stored file damaged on disk and fetches it again', async () => {
    const backend = new MemoryBackend();
    const store = new ModelStore(backend);
    const first = await prepareModelFiles(source(), 'q4', { ...opts, store });
    backend.corrupt(store.filePath(first.plan.key, ONNX), 2_000_000, new Uint8Array([1, 2, 3, 4]));
    repo.hub.clearLog();
    const again = await prepareModelFiles(source(), 'q4', { ...opts, store });
    expect(again.repaired.map((r) => r.file)).toEqual([ONNX]);
    expect(again.repaired[0].reason).toMatch(/sha256/);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
    expect(repo.hub.bytesSent(ONNX)).toBeGreaterThanOrEqual(ONNX_SIZE);
  });

  it('a truncated stored file is caught by the size check alone', async () => {
    const backend = new MemoryBackend();
    const store = new ModelStore(backend);
    const first = await prepareModelFiles(source(), 'q4', { ...opts, store });
    const p = store.filePath(first.plan.key, ONNX);
    backend.files.set(p, backend.files.get(p)!.slice(0, 1000));
    const again = await prepareModelFiles(source(), 'q4', { ...opts, store, verify: 'size' });
    expect(again.repaired[0].reason).toMatch(/size/);
    expect((await storedBytes(store, ONNX)).equals(repo.onnxBytes)).toBe(true);
  });

  it('storage summary: per-variant completeness, sizes, delete', async () => {
    const store = new ModelStore(new MemoryBackend());
    await prepareModelFiles(source(), 'q4', { ...opts, store });
    const [s] = await store.list();
    expect(s.variants).toEqual([{ dtype: 'q4', totalBytes: expect.any(Number), storedBytes: expect.any(Number), complete: true }]);
    expect(s.bytesOnDisk).toBeGreaterThan(ONNX_SIZE);
    await store.deleteModel(s.key);
    expect(await store.list()).toEqual([]);
  });
});
