/// <reference lib="webworker" />
/**
 * The bench's engine worker: the app's (the same `EngineHost`, set up as the app's worker sets it up)
 * plus one request only the bench sends, `chat-benchmark` (our engine vs the peer example's way over
 * a multi-turn chat, chat-benchmark.ts). Built by the bench (page/build.ts), never shipped.
 */
import { createBrowserHost } from '../../../src/worker/browser-host.ts';
import { toEngineError } from '../../../src/engine/errors.ts';
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

scope.addEventListener('message', (ev: MessageEvent<UIToWorker | ChatBenchRequest>) => {
  const m = ev.data;
  void (m.type === 'chat-benchmark' ? chatBenchmark(m) : host.handle(m));
});
