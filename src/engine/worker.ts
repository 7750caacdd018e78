/// <reference lib="webworker" />
/**
 * The engine worker (a module Web Worker): the only place in the browser that imports
 * `@huggingface/transformers` (through host.ts / llm.ts). It receives `UIToWorker` and posts
 * `WorkerToUI` (see protocol.ts); all logic lives in `EngineHost`.
 */
import { EngineHost } from './host.ts';
import { configureOnnxRuntime } from './ort-env.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

configureOnnxRuntime();

const host = new EngineHost((m: WorkerToUI) => scope.postMessage(m), {
  baseUrl: new URL(import.meta.env.BASE_URL, scope.location.origin).href,
});

scope.addEventListener('message', (ev: MessageEvent<UIToWorker>) => {
  void host.handle(ev.data);
});
