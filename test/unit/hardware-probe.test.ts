import { describe, expect, it } from 'vitest';
import { describeAdapter, isSoftwareRenderer, probeHardware, wasmThreadCount, type NavigatorLike } from '../../src/diagnostics/probe.ts';

const swiftshader = {
  features: new Set(['texture-compression-bc', 'float32-filterable']),
  limits: { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 - 4, maxComputeWorkgroupStorageSize: 32768, maxTextureDimension2D: 8192 },
  info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device', isFallbackAdapter: true },
};

describe('hardware probe', () => {
  it('describes an adapter: info fields, sorted features, only the LLM limits', () => {
    const a = describeAdapter(swiftshader);
    expect(a).toMatchObject({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true, isSoftware: true });
    expect(a.features).toEqual(['float32-filterable', 'texture-compression-bc']);
    expect(a.limits).toEqual({ maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 31 - 4, maxComputeWorkgroupStorageSize: 32768 });
  });

  it('recognises software renderers by name even without isFallbackAdapter', () => {
    expect(isSoftwareRenderer({ isFallbackAdapter: false, vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15)' })).toBe(true);
    expect(isSoftwareRenderer({ isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ampere', description: '' })).toBe(false);
  });

  it('WASM threads: 1 without cross-origin isolation, else one per core, at most 4', () => {
    expect(wasmThreadCount(false, 16)).toBe(1);
    expect(wasmThreadCount(false, 2)).toBe(1);
    expect(wasmThreadCount(true, 16)).toBe(4);
    expect(wasmThreadCount(true, 2)).toBe(2);
    expect(wasmThreadCount(true, 3)).toBe(3);
    expect(wasmThreadCount(true, null)).toBe(1);
  });

  it('collects adapter, storage, cores and memory; a failing requestAdapter becomes an error, not a throw', async () => {
    const nav: NavigatorLike = {
      gpu: { requestAdapter: async () => swiftshader },
      hardwareConcurrency: 2,
      deviceMemory: 8,
      storage: { estimate: async () => ({ quota: 10e9, usage: 1e6 }) },
      userAgent: 'UA',
    };
    const r = await probeHardware(nav, false);
    expect(r.webgpu.adapter?.architecture).toBe('swiftshader');
    expect(r).toMatchObject({ logicalCores: 2, deviceMemoryGiB: 8, wasmThreads: 1, storage: { quota: 10e9, usage: 1e6 } });
    const broken = await probeHardware({ gpu: { requestAdapter: async () => Promise.reject(new Error('blocked')) } }, true);
    expect(broken.webgpu).toEqual({ api: true, adapter: null, error: 'blocked' });
    expect(broken.storage).toBeNull();
    const none = await probeHardware({}, false);
    expect(none.webgpu).toEqual({ api: false, adapter: null });
  });
});
