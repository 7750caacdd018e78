/**
 * The engine (EngineHost, onnxruntime-node) loading through the model store: the store downloads from the
 * loopback hub (resuming after a cut), transformers.js reads every file from the store via `env.customCache`,
 * and a second load makes no request at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { env } from '@huggingface/transformers';
import { ensureModel, TINY_SCRIPTED } from '../support/models.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { EngineHost } from '../../src/worker/host.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';
import { type UIToWorker, type WorkerToUI } from '../../src/worker/protocol.ts';
import { ModelFiles } from '../../src/storage/models/engine-bridge.ts';
import { MemoryBackend, ModelStore } from '../../src/storage/models/index.ts';

const REPO = 'test-org/tiny-scripted-store';
const ONNX = 'onnx/model_q4.onnx';

function harness(store: ModelStore) {
  const messages: WorkerToUI[] = [];
  const host = new EngineHost((m) => messages.push(m), {
    baseUrl: 'http://127.0.0.1:1/',
    probe: async () => null,
    libDevice: () => 'cpu',
    progressIntervalMs: 0,
    modelFiles: new ModelFiles(store, 'http://127.0.0.1:1/', { extra: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } }),
  });
  const of = <T extends WorkerToUI['type']>(type: T, requestId?: string) =>
    messages.filter((m): m is Extract<WorkerToUI, { type: T }> => m.type === type && (!requestId || ('requestId' in m && m.requestId === requestId)));
  return { host, messages, send: (m: UIToWorker) => host.handle(m), of };
}

describe('EngineHost with the model store', () => {
  let hub: HubServer;
  let onnxSize: number;
  beforeAll(async () => {
    const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);
    onnxSize = fs.statSync(`${dir}/${ONNX}`).size;
    hub = await startHubServer({ repos: { [REPO]: dir } });
    env.useFSCache = false;
  });
  afterAll(async () => {
    env.useCustomCache = false;
    env.customCache = null;
    await hub?.close();
  });

  it('plans from the store, downloads through a cut connection, loads, answers; then reloads with zero requests', async () => {
    const store = new ModelStore(new MemoryBackend());
    const source = { kind: 'hub' as const, repo: REPO, host: hub.url };

    const h = harness(store);
    await h.send({ type: 'plan', requestId: 'P', source, device: 'wasm', dtype: 'q4' });
    expect(h.of('error', 'P')[0]?.error).toBeUndefined();
    const plan = h.of('download-plan', 'P')[0]!.plan;
    expect(plan.storedBytes).toBe(0);
    expect(plan.files.find((f) => f.file === ONNX)!.size).toBe(onnxSize);
    expect(hub.bytesSent(ONNX)).toBe(1); // only the size probe

    hub.setFaults([{ kind: 'drop', file: ONNX, afterBytes: Math.floor(onnxSize / 2) }]);
    await h.send({ type: 'load', requestId: 'L', source, device: 'wasm', dtype: 'q4' });
    const err = h.of('error', 'L')[0];
    expect(err?.error, err?.error.detail).toBeUndefined();
    expect(h.of('loaded', 'L')).toHaveLength(1);
    const served = hub.bytesSent(ONNX) - 1;
    expect(served).toBeLessThan(1.1 * onnxSize);
    expect(hub.log.some((e) => e.file === ONNX && e.dropped)).toBe(true);
    const last = h.of('download-progress', 'L').filter((p) => p.files.some((f) => f.file === ONNX)).at(-1)!;
    expect(last.files.find((f) => f.file === ONNX)!.loaded).toBe(onnxSize);

    await h.send({
      type: 'generate',
      requestId: 'G',
      messages: [{ role: 'user', content: 'What is 2 plus 2?' }],
      sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 200 },
      contextWindow: 4096,
    });
    expect(h.of('generation-end', 'G')[0]?.reason).toBe('eos');

    // A new engine (as after a page reload) on the same store: no request reaches the hub.
    hub.clearLog();
    const h2 = harness(store);
    await h2.send({ type: 'plan', requestId: 'P2', source, device: 'wasm', dtype: 'q4' });
    expect(h2.of('download-plan', 'P2')[0]!.plan.storedBytes).toBe(plan.totalBytes);
    await h2.send({ type: 'load', requestId: 'L2', source, device: 'wasm', dtype: 'q4' });
    expect(h2.of('error', 'L2')[0]?.error).toBeUndefined();
    await h2.send({
      type: 'generate',
      requestId: 'G2',
      messages: [{ role: 'user', content: 'What is 2 plus 2?' }],
      sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 200 },
      contextWindow: 4096,
    });
    expect(h2.of('generation-end', 'G2')[0]?.reason).toBe('eos');
    expect(hub.log).toEqual([]);
  });

  it('a damaged stored file is found on load, fetched again, and the user is told', async () => {
    const backend = new MemoryBackend();
    const store = new ModelStore(backend);
    const source = { kind: 'hub' as const, repo: REPO, host: hub.url };
    const h = harness(store);
    await h.send({ type: 'load', requestId: 'L', source, device: 'wasm', dtype: 'q4' });
    expect(h.of('loaded', 'L')).toHaveLength(1);
    const key = (await store.list())[0]!.key;
    backend.corrupt(store.filePath(key, ONNX), Math.floor(onnxSize / 3), new Uint8Array(64).fill(0x55));
    hub.clearLog();
    const h2 = harness(store);
    await h2.send({ type: 'load', requestId: 'L2', source, device: 'wasm', dtype: 'q4' });
    expect(h2.of('error', 'L2')[0]?.error).toBeUndefined();
    expect(h2.of('notice', 'L2').map((n) => n.notice.code)).toContain('file-repaired');
    expect(hub.bytesSent(ONNX)).toBe(onnxSize);
  });

  it('download-control cancel stops a download with an "aborted" error', async () => {
    const store = new ModelStore(new MemoryBackend());
    const source = { kind: 'hub' as const, repo: REPO, host: hub.url };
    hub.setFaults([{ kind: 'stall', file: ONNX, afterBytes: 1000, ms: 3000 }]);
    const h = harness(store);
    const loading = h.send({ type: 'load', requestId: 'L', source, device: 'wasm', dtype: 'q4' });
    for (let i = 0; i < 100 && !h.of('download-progress', 'L').some((p) => p.files.find((f) => f.file === ONNX)!.loaded > 0); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await h.send({ type: 'download-control', action: 'cancel' });
    await loading;
    expect(h.of('error', 'L')[0]?.error.code).toBe('aborted');
    hub.setFaults([]);
  });
});
