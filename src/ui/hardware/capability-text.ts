/** What the capability section says about the browser's report, in words. Pure. */
import { formatBinaryBytes, formatBytes } from '../../core/units.ts';
import type { HardwareReport, LlmLimit } from '../../diagnostics/probe.ts';

/** Features worth a word for LLM inference. */
export const FEATURE_NOTES: Record<string, string> = {
  'shader-f16': '16-bit floats in shaders: needed for q4f16 and fp16 models',
  subgroups: 'subgroup operations: faster reductions in matmul and softmax',
  'timestamp-query': 'GPU timers (profiling)',
};

export const LIMIT_NOTES: Partial<Record<LlmLimit, string>> = {
  maxBufferSize: 'largest GPU buffer',
  maxStorageBufferBindingSize: 'largest tensor a shader can read: the 467 MB fp16 embedding must fit',
  maxComputeWorkgroupStorageSize: 'shared memory per workgroup (tiling in matmul kernels)',
  maxComputeInvocationsPerWorkgroup: 'threads per workgroup',
};

/** A limit's value: sizes in binary units (`128 MiB`), counts with separators. */
export function limitText(key: LlmLimit, value: number): string {
  return /Size$/.test(key) ? formatBinaryBytes(value) : value.toLocaleString('en-US');
}

/** Why there is no WebGPU adapter, and what runs instead. */
export function noAdapterText(webgpu: HardwareReport['webgpu']): string {
  const why = webgpu.api
    ? 'No WebGPU adapter: the browser has the WebGPU API but offered no GPU (WebGPU disabled or the GPU blocklisted). The model runs on the CPU (WASM).'
    : 'This browser has no WebGPU. The model runs on the CPU (WASM).';
  return webgpu.error ? `${why} (${webgpu.error})` : why;
}

export function adapterText(isSoftware: boolean): string {
  return isSoftware
    ? 'WebGPU is present, but the adapter is a software renderer (the CPU pretending to be a GPU). WASM on the same CPU is faster, so the app runs the model with WASM unless you choose WebGPU.'
    : 'WebGPU is present with a hardware adapter.';
}

/** The CPU, storage and memory facts, as label, `data-testid` and text. */
export function machineRows(r: HardwareReport): [string, string, string][] {
  return [
    ['Logical cores', 'cores', r.logicalCores !== null ? String(r.logicalCores) : 'not reported'],
    [
      'Cross-origin isolated',
      'isolated',
      r.crossOriginIsolated ? 'yes: WASM can use several threads' : 'no: WASM runs on one thread (multi-threading needs COOP/COEP headers)',
    ],
    ['WASM threads', 'wasm-threads', String(r.wasmThreads)],
    [
      'Storage',
      'storage',
      r.storage ? `${formatBytes(r.storage.usage)} used of ${formatBytes(r.storage.quota)} this site may use` : 'not reported',
    ],
    [
      'Device memory hint',
      'device-memory',
      r.deviceMemoryGiB !== null
        ? `${r.deviceMemoryGiB} GiB (navigator.deviceMemory: a rounded hint of system RAM, not GPU memory)`
        : 'not reported by this browser',
    ],
  ];
}
