/**
 * How many threads onnxruntime-web's WASM backend runs. Threads need SharedArrayBuffer, which a page
 * has only when it is cross-origin isolated (COOP `same-origin` + COEP `credentialless`/`require-corp`:
 * the app's service worker and `npm start` send both, docs/deploying.md). Without isolation: one thread.
 * With it: one per logical core, at most WASM_MAX_THREADS (onnxruntime-web's own default, half the cores,
 * leaves one of two cores idle; measured in docs/benchmarks.md). Pure.
 */
export const WASM_MAX_THREADS = 4;

export function wasmThreadCount(crossOriginIsolated: boolean, cores: number | null | undefined): number {
  if (!crossOriginIsolated) return 1;
  return Math.max(1, Math.min(WASM_MAX_THREADS, Math.floor(cores ?? 1)));
}
