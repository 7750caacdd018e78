/// <reference lib="webworker" />
/**
 * The engine worker (a module Web Worker). The only place in the browser that imports
 * `@huggingface/transformers` (through `host.ts`/`llm.ts`). It receives `UIToWorker` and
 * posts `WorkerToUI` (see protocol.ts).
 */
import { EngineHost } from './host.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = new EngineHost((m: WorkerToUI) => scope.postMessage(m), {
  baseUrl: new URL(import.meta.env.BASE_URL, scope.location.origin).href,
});

scope.addEventListener('message', (ev: MessageEvent<UIToWorker>) => {
  void host.handle(ev.data);
});
