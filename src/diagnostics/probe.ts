/**
 * What this browser and machine offer an LLM: the WebGPU adapter (vendor, architecture, features,
 * the limits that matter), whether it is a software adapter, cross-origin isolation and threads for
 * WASM, the storage quota and the device-memory hint. Runs on the page (main thread); takes the
 * `navigator`-like object as a parameter so it can be tested with a fake.
 */

/** Adapter limits that decide whether a model fits and how fast kernels can be. */
import { wasmThreadCount } from '../engine/wasm-threads.ts';
export const LLM_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
  'maxUniformBufferBindingSize',
] as const;

export type LlmLimit = (typeof LLM_LIMITS)[number];

export interface AdapterReport {
  isFallbackAdapter: boolean;
  /** SwiftShader, llvmpipe and friends: the "GPU" is the CPU. */
  isSoftware: boolean;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  features: string[];
  limits: Partial<Record<LlmLimit, number>>;
}

export interface HardwareReport {
  webgpu: {
    /** `navigator.gpu` exists. */
    api: boolean;
    /** `requestAdapter()` gave an adapter. */
    adapter: AdapterReport | null;
    /** Why there is no adapter, when the request threw. */
    error?: string;
  };
  crossOriginIsolated: boolean;
  /** `navigator.hardwareConcurrency` (logical cores). */
  logicalCores: number | null;
  /** Threads ONNX Runtime's WASM backend can use: 1 without cross-origin isolation. */
  wasmThreads: number;
  /** `navigator.deviceMemory` in GiB (rounded down to a power of two, capped at 8 by Chromium). */
  deviceMemoryGiB: number | null;
  storage: { quota: number; usage: number } | null;
  userAgent: string;
}

/** The parts of `navigator` the probe reads. */
export interface NavigatorLike {
  gpu?: { requestAdapter(opts?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<unknown> };
  hardwareConcurrency?: number;
  deviceMemory?: number;
  storage?: { estimate(): Promise<{ quota?: number; usage?: number }> };
  userAgent?: string;
}

interface AdapterLike {
  features: Iterable<string>;
  limits: Record<string, unknown>;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

export function isSoftwareRenderer(a: Pick<AdapterReport, 'isFallbackAdapter' | 'architecture' | 'description' | 'vendor'>): boolean {
  return a.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i.test(
    `${a.vendor} ${a.architecture} ${a.description}`,
  );
}

export function describeAdapter(adapter: unknown): AdapterReport {
  const a = adapter as AdapterLike;
  const info = a.info ?? {};
  const limits: Partial<Record<LlmLimit, number>> = {};
  for (const k of LLM_LIMITS) {
    const v = a.limits?.[k];
    if (typeof v === 'number') limits[k] = v;
  }
  const base = {
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? a.isFallbackAdapter ?? false),
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
  return { ...base, isSoftware: isSoftwareRenderer(base), features: [...a.features].sort(), limits };
}

/** The threads the engine gives ONNX Runtime's WASM backend (one without cross-origin isolation). */
export { wasmThreadCount };

export async function probeHardware(
  nav: NavigatorLike = globalThis.navigator as unknown as NavigatorLike,
  isolated: boolean = Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
): Promise<HardwareReport> {
  let adapter: AdapterReport | null = null;
  let error: string | undefined;
  if (nav.gpu) {
    try {
      const a = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (a) adapter = describeAdapter(a);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  let storage: HardwareReport['storage'] = null;
  try {
    const est = await nav.storage?.estimate();
    if (est && typeof est.quota === 'number') storage = { quota: est.quota, usage: est.usage ?? 0 };
  } catch {
    storage = null;
  }
  const cores = typeof nav.hardwareConcurrency === 'number' ? nav.hardwareConcurrency : null;
  return {
    webgpu: { api: !!nav.gpu, adapter, ...(error ? { error } : {}) },
    crossOriginIsolated: isolated,
    logicalCores: cores,
    wasmThreads: wasmThreadCount(isolated, cores),
    deviceMemoryGiB: typeof nav.deviceMemory === 'number' ? nav.deviceMemory : null,
    storage,
    userAgent: nav.userAgent ?? '',
  };
}
