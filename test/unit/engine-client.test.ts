import { describe, expect, it } from 'vitest';
import { EngineClient, EngineFailure, type WorkerLike } from '../../src/worker/client.ts';
import type { LoadedModelInfo } from '../../src/core/index.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';

/** A scripted stand-in for the worker: records what it receives, answers through `reply`. */
class FakeWorker implements WorkerLike {
  received: UIToWorker[] = [];
  terminated = false;
  private onMessage: ((ev: MessageEvent<WorkerToUI>) => void)[] = [];
  private onError: ((ev: ErrorEvent) => void)[] = [];
  constructor(private readonly answer: (m: UIToWorker, w: FakeWorker) => void = () => {}) {}
  postMessage(m: UIToWorker): void {
    this.received.push(m);
    queueMicrotask(() => this.answer(m, this));
  }
  addEventListener(type: 'message' | 'error', l: ((ev: MessageEvent<WorkerToUI>) => void) | ((ev: ErrorEvent) => void)): void {
    if (type === 'message') this.onMessage.push(l as (ev: MessageEvent<WorkerToUI>) => void);
    else this.onError.push(l as (ev: ErrorEvent) => void);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: WorkerToUI): void {
    for (const l of this.onMessage) l({ data: m } as MessageEvent<WorkerToUI>);
  }
  crash(message: string): void {
    for (const l of this.onError) l({ message } as ErrorEvent);
  }
}

const info = (dtype: 'q4' | 'q4f16'): LoadedModelInfo => ({
  source: { kind: 'same-origin', id: 'x' },
  device: 'webgpu',
  dtype,
  adapterName: 'gpu',
  gpu: null,
  thinkEndTokenId: 151649,
  numLayers: 2,
  loadMs: 1,
  warmupMs: 1,
});

describe('EngineClient', () => {
  it('answers requests and rejects errors as typed EngineFailure', async () => {
    const w = new FakeWorker((m, self) => {
      if (m.type === 'probe') self.reply({ type: 'probe-result', requestId: m.requestId, gpu: { apiPresent: false } as never });
      if (m.type === 'unload') self.reply({ type: 'error', requestId: m.requestId, error: { code: 'not-loaded', message: 'Load a model first.' } });
    });
    const c = new EngineClient(w);
    await expect(c.probe()).resolves.toMatchObject({ apiPresent: false });
    const err = await c.unload().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineFailure);
    expect((err as EngineFailure).error.code).toBe('not-loaded');
  });

  it('streams a generation to its own handlers and resolves with the end', async () => {
    const w = new FakeWorker((m, self) => {
      if (m.type !== 'generate') return;
      const id = m.requestId;
      self.reply({ type: 'generation-start', requestId: id, promptTokens: 5, reusedTokens: 0, trimmedMessages: 0 });
      self.reply({ type: 'token', requestId: 'someone-else', part: 'text', text: 'NO', tokenIndex: 0 });
      self.reply({ type: 'token', requestId: id, part: 'reasoning', text: 'think', tokenIndex: 0 });
      self.reply({ type: 'reasoning-end', requestId: id, reasoningMs: 3 });
      self.reply({ type: 'token', requestId: id, part: 'text', text: '4', tokenIndex: 1 });
      self.reply({ type: 'generation-end', requestId: id, reason: 'eos', stats: {} as never, raw: 'think</think>4' });
    });
    const c = new EngineClient(w);
    const parts: string[] = [];
    let ended = 0;
    const end = await c.generate([{ role: 'user', content: 'q' }], DEFAULT_SAMPLING, 4096, {
      onToken: (t) => parts.push(`${t.part}:${t.text}`),
      onReasoningEnd: () => ended++,
    });
    expect(parts).toEqual(['reasoning:think', 'text:4']);
    expect(ended).toBe(1);
    expect(end).toMatchObject({ reason: 'eos', raw: 'think</think>4' });
  });

  it('replaces the worker on `restart` and retries the load with the fallback dtype, without the caller noticing', async () => {
    const workers: FakeWorker[] = [];
    const factory = () => {
      const first = workers.length === 0;
      const w = new FakeWorker((m, self) => {
        if (m.type !== 'load') return;
        if (first) self.reply({ type: 'restart', requestId: m.requestId, dtype: 'q4', reason: 'Program Cast requires f16' });
        else self.reply({ type: 'loaded', requestId: m.requestId, info: info(m.dtype as 'q4') });
      });
      workers.push(w);
      return w;
    };
    const c = new EngineClient(factory);
    const loaded = await c.load({ kind: 'same-origin', id: 'x' }, 'webgpu', 'q4f16');
    expect(loaded.dtype).toBe('q4');
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers[1]!.received).toMatchObject([{ type: 'load', dtype: 'q4', device: 'webgpu' }]);
    // Later requests go to the new worker.
    c.stop();
    expect(workers[1]!.received.at(-1)).toEqual({ type: 'stop' });
  });

  it('a crashed worker fails open requests with a readable error', async () => {
    const w = new FakeWorker();
    const c = new EngineClient(w);
    const p = c.probe();
    w.crash('SyntaxError: bad worker');
    await expect(p).rejects.toMatchObject({ error: { code: 'unknown', detail: 'SyntaxError: bad worker' } });
  });

  it('a lost GPU fails the open answer with its sentence, replaces the worker and tells the listeners', async () => {
    const workers: FakeWorker[] = [];
    const lost = { code: 'device-lost' as const, message: 'The GPU was lost while answering.', detail: 'GPUDevice.lost (unknown): x' };
    const c = new EngineClient(() => {
      const w = new FakeWorker((m, self) => {
        if (m.type === 'generate') {
          self.reply({ type: 'token', requestId: m.requestId, part: 'reasoning', text: 'so far', tokenIndex: 0 });
          self.reply({ type: 'device-lost', error: lost });
        }
        if (m.type === 'load') self.reply({ type: 'loaded', requestId: m.requestId, info: info('q4') });
      });
      workers.push(w);
      return w;
    });
    const seen: WorkerToUI[] = [];
    c.subscribe((m) => seen.push(m));
    const tokens: string[] = [];
    const err = await c.generate([{ role: 'user', content: 'q' }], DEFAULT_SAMPLING, 4096, { onToken: (t) => tokens.push(t.text) }).catch((e: unknown) => e);
    expect(tokens).toEqual(['so far']);
    expect((err as EngineFailure).error).toEqual(lost);
    expect(seen.at(-1)).toEqual({ type: 'device-lost', error: lost });
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    // A late message of the lost worker is ignored; the next load goes to the fresh worker and works.
    workers[0]!.reply({ type: 'error', error: lost });
    await expect(c.load({ kind: 'same-origin', id: 'x' }, 'webgpu', 'q4')).resolves.toMatchObject({ dtype: 'q4' });
    expect(workers[1]!.received).toMatchObject([{ type: 'load' }]);
    expect(seen.filter((m) => m.type === 'device-lost')).toHaveLength(1);
  });

  it('a load that fails on a lost GPU (Load after a GPU crash) gives a fresh worker for the next try', async () => {
    const workers: FakeWorker[] = [];
    const c = new EngineClient(() => {
      const broken = workers.length === 0;
      const w = new FakeWorker((m, self) => {
        if (m.type !== 'load') return;
        if (broken) {
          const error = { code: 'device-lost' as const, message: 'The GPU was lost.', detail: 'A valid external Instance reference no longer exists.' };
          self.reply({ type: 'error', requestId: m.requestId, error });
        } else self.reply({ type: 'loaded', requestId: m.requestId, info: info('q4') });
      });
      workers.push(w);
      return w;
    });
    const lostEvents: WorkerToUI[] = [];
    c.on('device-lost', (m) => lostEvents.push(m));
    await expect(c.load({ kind: 'same-origin', id: 'x' }, 'webgpu', 'q4')).rejects.toMatchObject({ error: { code: 'device-lost' } });
    expect(lostEvents).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(true);
    await expect(c.load({ kind: 'same-origin', id: 'x' }, 'webgpu', 'q4')).resolves.toMatchObject({ dtype: 'q4' });
  });
});
