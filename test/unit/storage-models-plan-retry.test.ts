/**
 * Planning a load (config.json and the size probes) against a host that is briefly busy: each wait to retry
 * reaches the progress line as a download retry does, Cancel stops the plan during the wait, and a missing or
 * refused config.json still fails at once with its own sentence.
 */
import { describe, expect, it } from 'vitest';
import { EngineFailure, type DownloadProgress } from '../../src/core/index.ts';
import { ModelFiles } from '../../src/storage/models/engine-bridge.ts';
import { MemoryBackend } from '../../src/storage/models/memory-backend.ts';
import { ModelStore } from '../../src/storage/models/store.ts';
import { loadControls, overallProgressText } from '../../src/ui/model/progress-text.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');
const source = { kind: 'hub', repo: 'test-org/tiny', host: 'http://hub.test/' } as const;

/** A hub whose config.json answers `configAnswers` in turn (then 200); every other file is 1000 bytes. */
function hub(configAnswers: Array<{ status: number; retryAfter?: string }>) {
  const calls: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    if (url.endsWith('/config.json')) {
      const next = configAnswers.shift();
      if (next) return new Response('no', { status: next.status, headers: next.retryAfter ? { 'Retry-After': next.retryAfter } : {} });
      return new Response(JSON.stringify({ model_type: 'qwen2' }), { status: 200 });
    }
    return new Response('x', { status: 206, headers: { 'Content-Range': 'bytes 0-0/1000' } });
  }) as typeof globalThis.fetch;
  return { fetch, configCalls: () => calls.filter((u) => u.endsWith('/config.json')).length };
}

/** Waits that end only when the test says so (or Cancel ends them). */
function manualSleep() {
  const waits: Array<{ ms: number; end: () => void }> = [];
  const sleep = (ms: number) => new Promise<void>((end) => waits.push({ ms, end }));
  return { sleep, waits };
}

const noLocks = { request: async (_name: string, _opts: unknown, fn: (l: Lock | null) => unknown) => fn({ name: 'x', mode: 'exclusive' } as Lock) };

function files(fetch: typeof globalThis.fetch, sleep: (ms: number) => Promise<void>) {
  return new ModelFiles(new ModelStore(new MemoryBackend()), 'http://app.test/', {
    extra: { fetch, sleep, now: () => 0, locks: noLocks as never },
  });
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('planning against a busy host', () => {
  it('shows each wait to retry config.json in the progress line, then plans', async () => {
    const h = hub([
      { status: 503, retryAfter: '2' },
      { status: 503, retryAfter: '2' },
    ]);
    const s = manualSleep();
    const seen: Array<string | null> = [];
    const onProgress = (p: DownloadProgress) => seen.push(overallProgressText(f, p));
    const planned = files(h.fetch, s.sleep).plan(source, 'q4', { onProgress });
    for (let i = 0; i < 2; i++) {
      await expect.poll(() => s.waits.length).toBe(i + 1);
      expect(s.waits[i]!.ms).toBe(2000);
      s.waits[i]!.end();
    }
    const plan = await planned;
    expect(plan.totalBytes).toBeGreaterThan(0);
    expect(h.configCalls()).toBe(3);
    expect(seen).toEqual([
      'Model host busy (HTTP 503), retrying in 2 s · attempt 2 of 8',
      null,
      'Model host busy (HTTP 503), retrying in 2 s · attempt 3 of 8',
      null,
    ]);
  });

  it('Cancel during the wait stops the plan at once, with the cancelled error and no second request', async () => {
    const h = hub([{ status: 503, retryAfter: '30' }]);
    const s = manualSleep();
    const mf = files(h.fetch, s.sleep);
    const planned = mf.plan(source, 'q4', { onProgress: () => {} });
    const failed = planned.then(
      () => null,
      (e: unknown) => e,
    );
    await expect.poll(() => s.waits.length).toBe(1);
    mf.controlDownload('cancel');
    const e = await failed;
    expect(e).toBeInstanceOf(EngineFailure);
    expect((e as EngineFailure).error.code).toBe('aborted');
    await tick();
    expect(h.configCalls()).toBe(1);
  });

  it.each([
    [404, /has no file "config.json" \(HTTP 404\)/],
    [401, /refused access to "config.json" \(HTTP 401\)/],
  ])('a %i for config.json fails at once with its own sentence', async (status, sentence) => {
    const h = hub([{ status }]);
    const s = manualSleep();
    const seen: DownloadProgress[] = [];
    const e = await files(h.fetch, s.sleep)
      .plan(source, 'q4', { onProgress: (p) => seen.push(p) })
      .then(() => null, (x: unknown) => x);
    expect((e as EngineFailure).error.message).toMatch(sentence);
    expect(h.configCalls()).toBe(1);
    expect(s.waits).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe('the buttons under the progress', () => {
  const p = (loaded: number, total: number): DownloadProgress => ({ files: [], loaded, total, bytesPerSec: 0, etaSec: null, paused: false });
  it('offer Cancel alone while planning (a wait to retry included), Pause too while bytes are to come, none after', () => {
    expect(loadControls('planning', null)).toBe('cancel');
    expect(loadControls('planning', { ...p(0, 0), retry: { status: 503, attempt: 2, maxAttempts: 8, delayMs: 2000 } })).toBe('cancel');
    expect(loadControls('downloading', p(10, 100))).toBe('pause-cancel');
    expect(loadControls('downloading', p(100, 100))).toBe(null);
    expect(loadControls('loading', p(100, 100))).toBe(null);
  });
});
