/// <reference lib="webworker" />
/**
 * The engine worker (a module Web Worker): the only place in the browser that imports
 * `@huggingface/transformers` (through host.ts / llm.ts). It receives `UIToWorker` and posts
 * `WorkerToUI` (see protocol.ts). The composition root: the message loop (`EngineHost`) gets the engine's
 * settings and the model file store, which the engine's loader reaches through `ModelFileProvider`.
 */
import { EngineHost } from './host.ts';
import { configureOnnxRuntime } from '../engine/ort-env.ts';
import { yieldBetweenRuns } from '../engine/yield-between-runs.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';
import { openModelStore } from '../storage/models/index.ts';
import { ModelFiles } from '../storage/models/engine-bridge.ts';
import type { ModelFileProvider } from '../engine/model-files.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

configureOnnxRuntime();
// WASM runs never return to the event loop: without this, Stop is only read after the answer ends.
yieldBetweenRuns();

const baseUrl = new URL(import.meta.env.BASE_URL, scope.location.origin).href;
// Hub and same-origin models are downloaded into, verified in and served from OPFS (src/storage/models),
// which the engine reaches only through its own `ModelFileProvider` interface.
const modelFiles: ModelFileProvider = new ModelFiles(openModelStore(), baseUrl);
const host = new EngineHost((m: WorkerToUI) => scope.postMessage(m), {
  baseUrl,
  // A q4f16 session that fails on an f16 shader leaves ONNX Runtime unusable for later WebGPU
  // sessions in this worker: the client replaces the worker and loads q4 (see EngineClient).
  restartOnF16Failure: true,
  modelFiles,
});

scope.addEventListener('message', (ev: MessageEvent<UIToWorker>) => {
  void host.handle(ev.data);
});
