import { describe, expect, it } from 'vitest';
import { R1_DISTILL_QWEN_1_5B, R1_DISTILL_QWEN_7B, WEIGHT_DTYPES } from '../../src/hardware/memory.ts';
import type { AdapterReport, HardwareReport } from '../../src/hardware/probe.ts';
import { judge, recommend, storageShortfall, type RunDevice, type Verdict } from '../../src/hardware/verdict.ts';

const GiB = 1024 ** 3;
const opts = { contextTokens: 4096, prefillChunk: 256 };

function adapter(over: Partial<AdapterReport> = {}): AdapterReport {
  return {
    isFallbackAdapter: false,
    isSoftware: false,
    vendor: 'nvidia',
    architecture: 'ampere',
    device: '',
    description: '',
    features: ['shader-f16', 'subgroups'],
    limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB - 4 },
    ...over,
  };
}

function hw(a: AdapterReport | null, over: Partial<HardwareReport> = {}): HardwareReport {
  return {
    webgpu: { api: true, adapter: a },
    crossOriginIsolated: false,
    logicalCores: 8,
    wasmThreads: 1,
    deviceMemoryGiB: 8,
    storage: { quota: 100e9, usage: 0 },
    userAgent: 'test',
    ...over,
  };
}

function all(h: HardwareReport, config = R1_DISTILL_QWEN_1_5B): Verdict[] {
  const out: Verdict[] = [];
  for (const d of WEIGHT_DTYPES) for (const dev of ['webgpu', 'wasm'] as RunDevice[]) out.push(judge('R1 1.5B', config, d, dev, h, opts));
  return out;
}

describe('what this machine can run', () => {
  it('a GPU with shader-f16 and big bindings runs q4f16 on WebGPU, and that is the recommendation', () => {
    const v = all(hw(adapter()));
    const q4f16 = v.find((x) => x.dtype === 'q4f16' && x.device === 'webgpu')!;
    expect(q4f16.level).toBe('ok');
    const rec = recommend('R1 1.5B', v);
    expect(rec.best?.dtype).toBe('q4f16');
    expect(rec.best?.device).toBe('webgpu');
    expect(rec.summary).toMatch(/1\.37 GB of weights \+ 117\.4 MB of KV cache at 4,096 tokens/);
  });

  it('no shader-f16: q4f16 cannot run on WebGPU and says why; q4 is recommended', () => {
    const v = all(hw(adapter({ features: [] })));
    const q4f16 = v.find((x) => x.dtype === 'q4f16' && x.device === 'webgpu')!;
    expect(q4f16.level).toBe('no');
    expect(q4f16.reasons.join(' ')).toMatch(/shader-f16/);
    const rec = recommend('R1 1.5B', v);
    expect(rec.best).toMatchObject({ dtype: 'q4', device: 'webgpu' });
    expect(rec.summary).toMatch(/lacks shader-f16/);
  });

  it('a 128 MiB binding limit cannot hold the 466.7 MB fp16 embedding', () => {
    const small = adapter({ limits: { maxBufferSize: 256 * 1024 ** 2, maxStorageBufferBindingSize: 128 * 1024 ** 2 } });
    const v = judge('R1 1.5B', R1_DISTILL_QWEN_1_5B, 'q4f16', 'webgpu', hw(small), opts);
    expect(v.level).toBe('no');
    expect(v.reasons.join(' ')).toMatch(/embedding is 466\.7 MB in one tensor, more than the 128 MiB/);
  });

  it('a prefill chunk whose logits exceed one binding is flagged with the chunk size that fits', () => {
    const limited = adapter({ limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: 512 * 1024 ** 2 } });
    const v = judge('R1 1.5B', R1_DISTILL_QWEN_1_5B, 'q4f16', 'webgpu', hw(limited), { contextTokens: 4096, prefillChunk: 4096 });
    expect(v.level).toBe('risky');
    expect(v.reasons.join(' ')).toMatch(/chunks of at most 1766 tokens fit/);
  });

  it('a software adapter (SwiftShader) runs but slowly, so WASM is recommended and the reason given', () => {
    const swiftshader = adapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true, isSoftware: true, features: [] });
    const v = all(hw(swiftshader));
    expect(v.find((x) => x.dtype === 'q4' && x.device === 'webgpu')!.level).toBe('slow');
    const rec = recommend('R1 1.5B', v);
    expect(rec.best).toMatchObject({ dtype: 'q4', device: 'wasm' });
    expect(rec.summary).toMatch(/software renderer/);
  });

  it('no adapter: WebGPU rows say why, WASM q4 runs; fp32 does not fit the 4 GiB wasm heap', () => {
    const v = all(hw(null, { deviceMemoryGiB: null }));
    expect(v.filter((x) => x.device === 'webgpu').every((x) => x.level === 'no')).toBe(true);
    expect(v.find((x) => x.device === 'webgpu')!.reasons[0]).toMatch(/no WebGPU adapter/);
    expect(v.find((x) => x.dtype === 'q4' && x.device === 'wasm')!.level).toBe('slow');
    const fp32 = v.find((x) => x.dtype === 'fp32' && x.device === 'wasm')!;
    expect(fp32.level).toBe('no');
    expect(fp32.reasons[0]).toMatch(/capped at 4 GiB/);
    expect(recommend('R1 1.5B', v).best).toMatchObject({ device: 'wasm', dtype: 'q4' });
  });

  it('the 7B model\'s 1.09 GB fp16 embedding fits a 2 GiB binding but not a 1 GiB one', () => {
    const oneGiB = adapter({ limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB } });
    expect(judge('7B', R1_DISTILL_QWEN_7B, 'q4f16', 'webgpu', hw(oneGiB), opts).level).toBe('no');
    expect(judge('7B', R1_DISTILL_QWEN_7B, 'q4f16', 'webgpu', hw(adapter(), { deviceMemoryGiB: null }), opts).level).toBe('ok');
  });

  it('little device memory makes a fitting choice risky, with the numbers', () => {
    const v = judge('R1 1.5B', R1_DISTILL_QWEN_1_5B, 'q4', 'wasm', hw(null, { deviceMemoryGiB: 1 }), opts);
    expect(v.level).toBe('risky');
    expect(v.reasons.join(' ')).toMatch(/1 GiB/);
  });

  it('storage shortfall is reported only when the quota is too small', () => {
    expect(storageShortfall(hw(null), 1.37e9)).toBeNull();
    expect(storageShortfall(hw(null, { storage: { quota: 1e9, usage: 0.5e9 } }), 1.37e9)).toMatch(/1\.37 GB.*500\.0 MB/);
    expect(storageShortfall(hw(null, { storage: null }), 1.37e9)).toBeNull();
  });
});
