/**
 * A model host that is briefly unavailable, against the loopback hub: busy answers (503 with Retry-After,
 * 429) and failed connections are retried for config.json, the size probes and the files, the wait shows in
 * the progress, Cancel ends a wait at once, and a missing or denied file still fails at once.
 */
import { describe, expect, it } from 'vitest';
import type { DownloadRetry } from '../../src/core/index.ts';
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
import { overallProgressText } from '../../src/ui/model/progress-text.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const REPO = 'test-org/busy-r1';
const ONNX = 'onnx/model_q4.onnx';
const repo = useFakeHubRepo(REPO, ONNX, 1024 * 1024 + 7);
const opts = { appBaseUrl: 'http://127.0.0.1/' };

/** Options that record the waits (and skip them) and every progress line a user would have seen. */
function watched() {
  const waits: number[] = [];
  const lines: string[] = [];
  const retries: DownloadRetry[] = [];
  return {
    waits,
    lines,
    retries,
    sleep: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
    onProgress: (p: DownloadProgress) => {
      if (p.retry) retries.push(p.retry);
      const line = overallProgressText(f, p);
      if (line) lines.push(line);
    },
    progressIntervalMs: 0,
  };
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as ModelStoreError);

describe('a briefly unavailable model host', () => {
  it('retries config.json after 503s with Retry-After, shows the wait, and loads', async () => {
    repo.hub.setFaults([{ kind: 'status', file: 'config.json', status: 503, times: 2, retryAfter: '1' }]);
    const w = watched();
    const store = new ModelStore(new MemoryBackend());
    const prepared = await prepareModelFiles(repo.source(), 'q4', { ...opts, ...w, store });
    expect(prepared.plan.complete).toBe(true);
    expect(repo.hub.log.filter((e) => e.file === 'config.json').map((e) => e.status)).toEqual([503, 503, 200]);
    expect(w.waits).toEqual([1000, 1000]); // what the host asked for (the backoff is shorter)
    expect(w.lines).toContain('Model host busy (HTTP 503), retrying in 1 s · attempt 2 of 8');
    expect(w.lines).toContain('Model host busy (HTTP 503), retrying in 1 s · attempt 3 of 8');
  });

  it('retries a size probe and a file after 429, the file mid-download showing the wait', async () => {
    repo.hub.setFaults([
      { kind: 'status', file: 'tokenizer.json', status: 429, times: 1 },
      { kind: 'status', file: ONNX, status: 429, times: 1, retryAfter: '2', skipProbes: true },
    ]);
    const w = watched();
    const { report } = await prepareModelFiles(repo.source(), 'q4', { ...opts, ...w, store: new ModelStore(new MemoryBackend()) });
    expect(report.retries).toBe(1); // the download's; the probe's was in planning
    expect(w.retries.map((r) => r.status)).toEqual([429, 429]);
    expect(w.lines.some((l) => / of .* · Model host busy \(HTTP 429\), retrying in 2 s · attempt 2 of 8$/.test(l))).toBe(true);
    expect(repo.hub.log.filter((e) => e.status === 429)).toHaveLength(2);
  });

  it('retries a connection that fails before any answer', async () => {
    let refused = 0;
    const flaky: typeof fetch = (input, init) => {
      if (refused < 2) {
        refused++;
        return Promise.reject(new TypeError('fetch failed'));
      }
      return fetch(input, init);
    };
    const w = watched();
    await prepareModelFiles(repo.source(), 'q4', { ...opts, ...w, fetch: flaky, store: new ModelStore(new MemoryBackend()) });
    expect(w.lines[0]).toMatch(/^Connection to the model host failed, retrying in \d+ s · attempt 2 of 8$/);
    expect(w.waits).toHaveLength(2);
  });

  it('fails at once, with its own sentence, on a missing or denied file', async () => {
    for (const [status, says] of [
      [404, /has no file "config.json" \(HTTP 404\)/],
      [403, /refused access to "config.json" \(HTTP 403\)/],
    ] as const) {
      repo.hub.setFaults([{ kind: 'status', file: 'config.json', status, times: 'always' }]);
      repo.hub.clearLog();
      const w = watched();
      const err = await failure(prepareModelFiles(repo.source(), 'q4', { ...opts, ...w, store: new ModelStore(new MemoryBackend()) }));
      expect(err).toBeInstanceOf(ModelStoreError);
      expect(err!.message).toMatch(says);
      expect(w.waits).toEqual([]);
      expect(repo.hub.log.filter((e) => e.file === 'config.json')).toHaveLength(1);
    }
  });

  it('Cancel during the wait before a retry stops at once, in planning and in a download', async () => {
    repo.hub.setFaults([{ kind: 'status', file: 'config.json', status: 503, times: 'always', retryAfter: '30' }]);
    const control = new DownloadControl();
    const t0 = Date.now();
    const planning = failure(
      prepareModelFiles(repo.source(), 'q4', { ...opts, control, store: new ModelStore(new MemoryBackend()), onProgress: (p) => p.retry && control.cancel() }),
    );
    expect((await planning)?.code).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(3000);

    repo.hub.setFaults([]);
    const store = new ModelStore(new MemoryBackend());
    const plan = await planModel(store, repo.source(), 'q4', opts);
    repo.hub.setFaults([{ kind: 'status', file: ONNX, status: 503, times: 'always', retryAfter: '30' }]);
    const c2 = new DownloadControl();
    const t1 = Date.now();
    const err = await failure(downloadPlan(store, plan, { control: c2, onProgress: (p) => p.retry && c2.cancel() }));
    expect(err?.code).toBe('aborted');
    expect(Date.now() - t1).toBeLessThan(3000);
  });

  it('a damaged stored file with the host unreachable: each retry shows, and 8 attempts are 8 requests', async () => {
    const backend = new MemoryBackend();
    const store = new ModelStore(backend);
    const first = await prepareModelFiles(repo.source(), 'q4', { ...opts, store });
    backend.corrupt(store.filePath(first.plan.key, ONNX), 500_000, new Uint8Array([1, 2, 3, 4]));
    let requests = 0;
    const unreachable: typeof fetch = () => {
      requests++;
      return Promise.reject(new TypeError('fetch failed'));
    };
    const w = watched();
    const err = await failure(prepareModelFiles(repo.source(), 'q4', { ...opts, ...w, store, fetch: unreachable }));
    expect(err?.message).toMatch(/keeps failing \(8 attempts\)/);
    expect(requests).toBe(8);
    expect(w.waits).toHaveLength(7);
    const shown = w.lines.map((l) => /Connection to the model host failed, retrying in \d+ s · attempt (\d) of 8$/.exec(l)?.[1]).filter(Boolean);
    expect(shown).toEqual(['2', '3', '4', '5', '6', '7', '8']);
  });
});
