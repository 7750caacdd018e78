/**
 * Browser-only: point onnxruntime-web at the app's own copies of the exact wasm/mjs files that
 * transformers.js imports (`onnxruntime-web/webgpu` → the asyncify build). Without this,
 * transformers.js loads them from cdn.jsdelivr.net. Vite emits both files into the build; `no-inline` keeps
 * them files in library builds too (the bench's and the e2e tests' engine pages), where Vite would inline a
 * 27 MB data: URL into the worker, and WASM threads (workers started from the .mjs) could not start.
 */
import { env } from '@huggingface/transformers';
import { isLosableDevice, type LosableDevice } from './device-watch.ts';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url&no-inline';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url&no-inline';

/**
 * `threads`: onnxruntime-web's `numThreads`, read once when its wasm starts (the first session in this
 * worker); more than one needs a cross-origin isolated page (wasm-threads.ts).
 */
export function configureOnnxRuntime(threads: number): void {
  const wasm = env.backends.onnx.wasm;
  if (wasm) {
    wasm.wasmPaths = { wasm: wasmUrl, mjs: mjsUrl };
    wasm.numThreads = threads;
  }
  // transformers.js would otherwise also keep a copy of the 27 MB wasm in its Cache API store.
  env.useWasmCache = false;
  // Model files come from the hub, the app itself, or picked files; never from a default local path.
  env.allowLocalModels = false;
}

/**
 * The GPUDevice onnxruntime-web's WebGPU sessions run on, or null. Only call it after a WebGPU session
 * exists: before that, reading `env.webgpu.device` makes onnxruntime-web create a device.
 */
export async function ortWebGpuDevice(): Promise<LosableDevice | null> {
  const device: unknown = await env.backends.onnx.webgpu?.device;
  return isLosableDevice(device) ? device : null;
}

/** The threads onnxruntime-web's WASM backend runs (or will run) in this worker. */
export function onnxWasmThreads(): number {
  return env.backends.onnx.wasm?.numThreads ?? 1;
}
