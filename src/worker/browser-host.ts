/**
 * The engine host as the browser runs it: ONNX Runtime pointed at the app's own wasm, WASM runs that
 * yield to the event loop, and models kept in the app's model file store. The app's worker
 * (worker.ts) is this and a message listener; a benchmark worker may add its own requests around it.
 */
import { EngineHost } from './host.ts';
import { configureOnnxRuntime, onnxWasmThreads, ortWebGpuDevice, useCpuOnlyBuild } from '../engine/ort-env.ts';
import { wasmThreadCount } from '../engine/wasm-threads.ts';
import { yieldBetweenRuns } from '../engine/yield-between-runs.ts';
import type { WorkerToUI } from './protocol.ts';
import { openModelStore } from '../storage/models/index.ts';
import { ModelFiles } from '../storage/models/engine-bridge.ts';
import type { ModelFileProvider } from '../engine/model-files.ts';

export function createBrowserHost(post: (m: WorkerToUI) => void, origin: string): EngineHost {
  // Threads when the page is cross-origin isolated (the service worker's headers), else one.
  configureOnnxRuntime(wasmThreadCount(globalThis.crossOriginIsolated === true, globalThis.navigator?.hardwareConcurrency));
  // WASM runs never return to the event loop: without this, Stop is only read after the answer ends.
  yieldBetweenRuns();
  const baseUrl = new URL(import.meta.env.BASE_URL, origin).href;
  // Hub and same-origin models are downloaded into, verified in and served from OPFS (src/storage/models),
  // which the engine reaches only through its own `ModelFileProvider` interface.
  const modelFiles: ModelFileProvider = new ModelFiles(openModelStore(), baseUrl);
  return new EngineHost(post, {
    baseUrl,
    // A q4f16 session that fails on an f16 shader leaves ONNX Runtime unusable for later WebGPU
    // sessions in this worker: the client replaces the worker and loads q4 (see EngineClient).
    restartOnF16Failure: true,
    modelFiles,
    // A lost GPU (its process crashed, the driver reset) is reported, and the client reloads in a fresh worker.
    gpuDevice: ortWebGpuDevice,
    wasmThreads: onnxWasmThreads,
    // No WebGPU adapter at all: the CPU-only ONNX Runtime build, faster on the CPU (ort-env.ts).
    onFirstProbe: (gpu) => useCpuOnlyBuild(!gpu?.adapterFound),
  });
}
