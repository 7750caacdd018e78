/// <reference lib="webworker" />
/**
 * The bench's engine worker: the app's (the same `EngineHost`, set up as the app's worker sets it up)
 * plus what only the bench sends: `chat-benchmark` (our engine vs the peer example's way over a multi-turn
 * chat, chat-benchmark.ts) and `wasm-threads` (the WASM thread count, before the first load; the app takes
 * it from the page's cross-origin isolation). Built by the bench (page/build.ts), never shipped.
 */
import { createBrowserHost } from '../../../src/worker/browser-host.ts';
import { toEngineError } from '../../../src/engine/errors.ts';
import { configureOnnxRuntime } from '../../../src/engine/ort-env.ts';
import type { UIToWorker, WorkerToUI } from '../../../src/worker/protocol.ts';
import { runChatBenchmark, type ChatBenchRequest, type ChatBenchResult } from '../chat-benchmark.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerToUI | ChatBenchResult) => scope.postMessage(m);
const host = createBrowserHost(post, scope.location.origin);

async function chatBenchmark({ requestId, spec }: ChatBenchRequest): Promise<void> {
  const engine = host.current;
  if (!engine) return post({ type: 'error', requestId, error: { code: 'not-loaded', message: 'Load a model first.' } });
  try {
    const turns = await runChatBenchmark(engine, spec, (stage, done, total) => post({ type: 'task-progress', requestId, stage, done, total }));
    post({ type: 'chat-benchmark-result', requestId, spec, turns });
  } catch (e) {
    post({ type: 'error', requestId, error: toEngineError(e, 'generate') });
  }
}

/** Only before the first session: onnxruntime-web reads `numThreads` once, when its wasm starts. */
export interface WasmThreadsRequest {
  type: 'wasm-threads';
  threads: number;
}

scope.addEventListener('message', (ev: MessageEvent<UIToWorker | ChatBenchRequest | WasmThreadsRequest>) => {
  const m = ev.data;
  if (m.type === 'wasm-threads') return configureOnnxRuntime(m.threads);
  void (m.type === 'chat-benchmark' ? chatBenchmark(m) : host.handle(m));
});
