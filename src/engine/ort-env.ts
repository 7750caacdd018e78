/**
 * Browser-only: point onnxruntime-web at the app's own copies of its wasm/mjs files. Without this,
 * transformers.js loads them from cdn.jsdelivr.net. Vite emits the files into the build; `no-inline` keeps
 * them files in library builds too (the bench's and the e2e tests' engine pages), where Vite would inline a
 * 27 MB data: URL into the worker, and WASM threads (workers started from the .mjs) could not start.
 *
 * Two builds of the same onnxruntime-web release: the asyncify build, which transformers.js imports
 * (`onnxruntime-web/webgpu`) and which runs WebGPU and the CPU, and the plain build, CPU only. Where the
 * browser offers no WebGPU adapter at all, the plain one runs the model: on the real-size q8 model it decodes
 * 18 % faster on two threads and reads prompts twice as fast (the asyncify build gains nothing from a
 * second thread there; docs/benchmarks.md). The JS that drives both is the same; only the wasm and its
 * loader differ, and they are chosen before the first session (onnxruntime-web reads them once).
 */
import { env } from '@huggingface/transformers';
import { isLosableDevice, type LosableDevice } from './device-watch.ts';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url&no-inline';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url&no-inline';
import cpuWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url&no-inline';
import cpuMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url&no-inline';

/** `webgpu`: the asyncify build (WebGPU and CPU); `cpu`: the plain build (CPU only, faster there). */
type OrtBuild = 'webgpu' | 'cpu';
let build: OrtBuild = 'webgpu';

function applyWasmPaths(): void {
  const wasm = env.backends.onnx.wasm;
  if (wasm) wasm.wasmPaths = build === 'cpu' ? { wasm: cpuWasmUrl, mjs: cpuMjsUrl } : { wasm: wasmUrl, mjs: mjsUrl };
}

/**
 * No WebGPU adapter in this browser: run the CPU-only build. Call before the first session; nothing in this
 * worker can then use WebGPU, which is why it is only for a browser that has no adapter to offer.
 */
export function useCpuOnlyBuild(cpuOnly: boolean): void {
  build = cpuOnly ? 'cpu' : 'webgpu';
  applyWasmPaths();
}

/**
 * `threads`: onnxruntime-web's `numThreads`, read once when its wasm starts (the first session in this
 * worker); more than one needs a cross-origin isolated page (wasm-threads.ts).
 */
export function configureOnnxRuntime(threads: number): void {
  const wasm = env.backends.onnx.wasm;
  if (wasm) wasm.numThreads = threads;
  applyWasmPaths();
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
