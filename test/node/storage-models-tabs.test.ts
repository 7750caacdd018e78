/**
 * Two tabs loading the same model at once (two `prepareModelFiles` calls on one store, sharing Web Locks, against
 * the loopback hub): one downloads, the other says it waits and then loads the stored files without fetching them;
 * a tab that goes away mid-download leaves the rest to the one waiting.
 */
import { describe, expect, it, vi } from 'vitest';
import { useFakeHubRepo } from '../support/fake-hub-repo.ts';
import { FakeLocks } from '../support/fake-locks.ts';
import { DownloadControl, MemoryBackend, ModelStore, ModelStoreError, prepareModelFiles, type DownloadProgress } from '../../src/storage/models/index.ts';

const REPO = 'test-org/tabs-r1';
const ONNX = 'onnx/model_q4.onnx';
const ONNX_SIZE = 3 * 1024 * 1024 + 777;
const repo = useFakeHubRepo(REPO, ONNX, ONNX_SIZE);
const fast = { appBaseUrl: 'http://127.0.0.1/', retry: { baseDelayMs: 5, maxDelayMs: 20 }, checkpointBytes: 256 * 1024, progressIntervalMs: 0 };

/** Requests that carried a file's body (not the 1-byte size probes). */
const bodyRequests = (file: string) => repo.hub.log.filter((e) => e.file === file && e.bytesSent > 1).length;

function tab(store: ModelStore, locks: FakeLocks) {
  const progress: DownloadProgress[] = [];
  const control = new DownloadControl();
  const load = () => prepareModelFiles(repo.source(), 'q4', { ...fast, store, locks: locks.locks, control, onProgress: (p) => progress.push(p) });
  const onnxLoaded = () => progress.at(-1)?.files.find((f) => f.file === ONNX)?.loaded ?? 0;
  return { progress, control, load, onnxLoaded };
}

/**
 * Tab A starts loading with the ONNX body stalled after `stallAfter` bytes; once A has `aHas` bytes of it, tab B
 * starts too and says it waits. Returns both tabs and their loads (A's and B's failures as values).
 */
async function twoTabs(stallAfter: number, stallMs: number, aHas: number) {
  repo.hub.setFaults([{ kind: 'stall', file: ONNX, afterBytes: stallAfter, ms: stallMs }]);
  const store = new ModelStore(new MemoryBackend());
  const locks = new FakeLocks();
  const a = tab(store, locks);
  const b = tab(store, locks);
  const loadA = a.load().catch((e: unknown) => e as ModelStoreError);
  await vi.waitFor(() => expect(a.onnxLoaded()).toBeGreaterThanOrEqual(aHas), { timeout: 10_000 });
  const loadB = b.load().catch((e: unknown) => e as ModelStoreError);
  await vi.waitFor(() => expect(b.progress.some((p) => p.otherTab)).toBe(true));
  return { a, b, loadA, loadB };
}

const loaded = async (load: Promise<unknown>) => (await load) as Awaited<ReturnType<typeof prepareModelFiles>>;

describe('two tabs, one model', () => {
  it('downloads each file once: the second tab waits, says so, then verifies and loads what the first stored', async () => {
    const { b, loadA, loadB } = await twoTabs(1_000_000, 1_000, 1);
    const [ra, rb] = await Promise.all([loaded(loadA), loaded(loadB)]);

    expect(ra.plan.complete && rb.plan.complete).toBe(true);
    expect(ra.report.bytesDownloaded).toBeGreaterThanOrEqual(ONNX_SIZE);
    expect(rb.report.bytesDownloaded).toBe(0);
    // config.json is read by planning (each tab plans); every other file came over the network once.
    for (const f of ra.plan.files) if (f.file !== 'config.json') expect(bodyRequests(f.file), f.file).toBe(1);
    // B re-hashed what A stored before using it, and serves the hub's bytes.
    expect(b.progress.some((p) => p.files.some((f) => f.file === ONNX && f.state === 'verifying'))).toBe(true);
    const res = await rb.cache.match(`${repo.hub.url}${REPO}/resolve/main/${ONNX}`);
    expect(Buffer.from(await res!.arrayBuffer()).equals(repo.onnxBytes)).toBe(true);
  });

  it('finishes in the waiting tab from the stored bytes when the downloading tab goes away', async () => {
    const { a, loadA, loadB } = await twoTabs(2_000_000, 5_000, 1_500_000);
    a.control.cancel(); // the tab closes: its lock goes with it
    expect(((await loadA) as ModelStoreError).code).toBe('aborted');
    repo.hub.setFaults([]);

    const rb = await loaded(loadB);
    expect(rb.plan.complete).toBe(true);
    expect(rb.report.bytesDownloaded).toBeGreaterThan(0);
    expect(rb.report.bytesDownloaded).toBeLessThan(ONNX_SIZE - 1_000_000); // resumed, not restarted
    const res = await rb.cache.match(`${repo.hub.url}${REPO}/resolve/main/${ONNX}`);
    expect(Buffer.from(await res!.arrayBuffer()).equals(repo.onnxBytes)).toBe(true);
  });

  it('stops waiting on Cancel, leaving the other tab downloading', async () => {
    const { b, loadA, loadB } = await twoTabs(1_000_000, 1_000, 1);
    b.control.cancel();
    expect(((await loadB) as ModelStoreError).code).toBe('aborted');
    expect((await loaded(loadA)).plan.complete).toBe(true);
    expect(bodyRequests(ONNX)).toBe(1);
  });
});
