/// <reference lib="webworker" />
/**
 * The engine worker (a module Web Worker): the only place in the browser that imports
 * `@huggingface/transformers` (through host.ts / llm.ts). It receives `UIToWorker` and posts
 * `WorkerToUI` (see protocol.ts); all logic lives in `EngineHost`, composed in browser-host.ts with the engine's
 * settings and the model file store, which the engine's loader reaches through `ModelFileProvider`.
 */
import { createBrowserHost } from './browser-host.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = createBrowserHost((m: WorkerToUI) => scope.postMessage(m), scope.location.origin);

scope.addEventListener('message', (ev: MessageEvent<UIToWorker>) => {
  void host.handle(ev.data);
});
