/**
 * Ask the browser for a WebGPU adapter and describe it (runs in the page or in the worker).
 *
 * Chromium keeps `navigator.gpu` even with WebGPU off, so the decision is made on what
 * `requestAdapter()` returns, never on the API's presence.
 */
import type { GpuInfo } from '../core/index.ts';

/** The few limits that matter for a 1.5B model (largest single buffer: the 467 MB fp16 embedding). */
const LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize'] as const;

export function emptyGpuInfo(apiPresent: boolean, error?: string): GpuInfo {
  const info: GpuInfo = {
    apiPresent,
    adapterFound: false,
    isFallbackAdapter: false,
    vendor: '',
    architecture: '',
    device: '',
    description: '',
    features: [],
    limits: {},
  };
  if (error !== undefined) info.error = error;
  return info;
}

/** `gpu` is `navigator.gpu` (possibly undefined outside Chromium or in old browsers). */
export async function probeGpu(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<GpuInfo> {
  if (!gpu) return emptyGpuInfo(false);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return emptyGpuInfo(true, e instanceof Error ? e.message : String(e));
  }
  if (!adapter) return emptyGpuInfo(true);
  const info = adapter.info;
  // `isFallbackAdapter` moved from the adapter to `adapter.info`; read both.
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const limits: Record<string, number> = {};
  for (const k of LIMITS) limits[k] = Number(adapter.limits[k]);
  return {
    apiPresent: true,
    adapterFound: true,
    isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? legacy ?? false),
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    features: [...adapter.features].sort(),
    limits,
  };
}
