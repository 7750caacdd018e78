import { describe, expect, it } from 'vitest';
import { chooseDevice, f16Fallback, isSoftwareAdapter, memoryFallback } from '../../src/engine/device.ts';
import type { GpuInfo } from '../../src/core/index.ts';

const base: GpuInfo = {
  apiPresent: true,
  adapterFound: true,
  isFallbackAdapter: false,
  vendor: 'nvidia',
  architecture: 'ampere',
  device: '',
  description: '',
  features: [],
  limits: {},
};
const f16Gpu: GpuInfo = { ...base, features: ['shader-f16', 'subgroups'] };
const noF16Gpu: GpuInfo = { ...base };
const swiftshader: GpuInfo = { ...base, vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true };
const noAdapter: GpuInfo = { ...base, adapterFound: false, vendor: '', architecture: '' };
const noApi: GpuInfo = { ...noAdapter, apiPresent: false };

function plan(gpu: GpuInfo | null, device: 'auto' | 'webgpu' | 'wasm', dtype: 'auto' | 'q4' | 'q4f16' = 'auto') {
  const d = chooseDevice(gpu, device, dtype);
  if (!d.ok) throw new Error(`unexpected error ${d.error.code}`);
  return { ...d.plan, codes: d.plan.notices.map((n) => n.code) };
}

describe('chooseDevice', () => {
  it('hardware GPU with shader-f16 → WebGPU q4f16, no notice', () => {
    expect(plan(f16Gpu, 'auto')).toMatchObject({ device: 'webgpu', dtype: 'q4f16', codes: [], adapterName: 'nvidia ampere' });
  });

  it('hardware GPU without shader-f16 → WebGPU q4 chosen up front, with a notice', () => {
    expect(plan(noF16Gpu, 'auto')).toMatchObject({ device: 'webgpu', dtype: 'q4', codes: ['no-shader-f16'] });
  });

  it('software adapter (SwiftShader) → WASM with a notice saying why', () => {
    const p = plan(swiftshader, 'auto');
    expect(p).toMatchObject({ device: 'wasm', dtype: 'q8', dtypeIfMissing: 'q4', codes: ['software-adapter'], adapterName: 'CPU (WASM)' });
    expect(p.notices[0]!.message).toMatch(/software/i);
    expect(p.notices[0]!.message).toMatch(/slow/i);
  });

  it('no adapter → WASM q8 (q4 where the model has no 8-bit file) with the slow notice', () => {
    const p = plan(noAdapter, 'auto');
    expect(p).toMatchObject({ device: 'wasm', dtype: 'q8', dtypeIfMissing: 'q4', codes: ['wasm-slow'] });
    expect(plan(null, 'auto').device).toBe('wasm');
  });

  it('forcing webgpu uses even a software adapter', () => {
    expect(plan(swiftshader, 'webgpu')).toMatchObject({ device: 'webgpu', dtype: 'q4', adapterName: 'google swiftshader' });
  });

  it('forcing webgpu without an adapter is a typed error', () => {
    const a = chooseDevice(noAdapter, 'webgpu', 'auto');
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.error.code).toBe('no-adapter');
    const b = chooseDevice(noApi, 'webgpu', 'auto');
    if (!b.ok) expect(b.error.code).toBe('no-webgpu');
    else throw new Error('expected an error');
  });

  it('forcing wasm ignores a good GPU', () => {
    expect(plan(f16Gpu, 'wasm')).toMatchObject({ device: 'wasm', dtype: 'q8', codes: [] });
  });

  it('an explicit dtype is honoured (the runtime q4f16 → q4 fallback handles a GPU without f16)', () => {
    expect(plan(swiftshader, 'webgpu', 'q4f16')).toMatchObject({ device: 'webgpu', dtype: 'q4f16' });
    expect(plan(noAdapter, 'auto', 'q4f16')).toMatchObject({ device: 'wasm', dtype: 'q4f16' });
    // Asked for, not chosen: no other dtype stands in when its file is missing.
    expect(plan(noAdapter, 'auto', 'q4').dtypeIfMissing).toBeUndefined();
    expect(plan(f16Gpu, 'auto').dtypeIfMissing).toBeUndefined();
  });

  it('recognises software adapters by name when the flag is missing', () => {
    expect(isSoftwareAdapter({ ...base, architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({ ...base, description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter(f16Gpu)).toBe(false);
  });

  it('f16 fallbacks', () => {
    expect(f16Fallback('q4f16')).toBe('q4');
    expect(f16Fallback('fp16')).toBe('fp32');
    expect(f16Fallback('q4')).toBeNull();
  });
});

describe('memoryFallback (the 1.97 GB q4 file does not fit the 4 GB wasm heap)', () => {
  const badAlloc = new Error("Can't create a session. ERROR_CODE: 6, ERROR_MESSAGE: std::bad_alloc");
  it('q4 out of memory on WASM → q4f16 on WASM, with a notice', () => {
    const r = memoryFallback(badAlloc, 'q4', 'wasm', noAdapter);
    expect(r).toMatchObject({ dtype: 'q4f16', device: 'wasm', notice: { code: 'memory-fallback' } });
  });
  it('q4 out of memory on a GPU with shader-f16 → q4f16 on that GPU', () => {
    expect(memoryFallback(badAlloc, 'q4', 'webgpu', f16Gpu)).toMatchObject({ dtype: 'q4f16', device: 'webgpu' });
  });
  it('q4 out of memory on a GPU without shader-f16 → q4f16 on the CPU, and the notice says why', () => {
    const r = memoryFallback(badAlloc, 'q4', 'webgpu', noF16Gpu);
    expect(r).toMatchObject({ dtype: 'q4f16', device: 'wasm' });
    expect(r!.notice.message).toMatch(/CPU/);
  });
  it('no fallback for other errors or from q4f16', () => {
    expect(memoryFallback(new TypeError('Failed to fetch'), 'q4', 'wasm', null)).toBeNull();
    expect(memoryFallback(badAlloc, 'q4f16', 'wasm', null)).toBeNull();
  });
});
