import { describe, expect, it } from 'vitest';
import { R1_DISTILL_QWEN_1_5B, R1_DISTILL_QWEN_7B, WEIGHT_DTYPES, type LlmConfig } from '../../src/diagnostics/memory.ts';
import type { AdapterReport, HardwareReport } from '../../src/diagnostics/probe.ts';
import { judge, recommend, storageShortfall, type RunDevice, type Verdict } from '../../src/diagnostics/verdict.ts';

const GiB = 1024 ** 3;
/** A small Qwen2 (about 0.5 B parameters): its q4 file fits the wasm heap twice over. */
const SMALL = { ...R1_DISTILL_QWEN_1_5B, hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24, num_attention_heads: 14 };
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

function all(h: HardwareReport, config: LlmConfig = R1_DISTILL_QWEN_1_5B): Verdict[] {
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
    expect(rec.summary).toMatch(/1\.37 GB of weights \+ 117 MB of KV cache at 4,096 tokens/);
  });

  it('no shader-f16: q4f16 cannot run on WebGPU; the 1.97 GB q4 runs on the GPU (graph + external data, no wasm-heap copy)', () => {
    const v = all(hw(adapter({ features: [] })));
    const q4f16 = v.find((x) => x.dtype === 'q4f16' && x.device === 'webgpu')!;
    expect(q4f16.level).toBe('no');
    expect(q4f16.reasons.join(' ')).toMatch(/shader-f16/);
    const q4 = v.find((x) => x.dtype === 'q4' && x.device === 'webgpu')!;
    expect(q4.level).toBe('ok');
    expect(q4.reasons.join(' ')).not.toMatch(/wasm heap/);
    // On the CPU too the file is not copied whole into the wasm heap: it loads, slowly.
    const cpuQ4 = v.find((x) => x.dtype === 'q4' && x.device === 'wasm')!;
    expect(cpuQ4.level).toBe('slow');
    expect(cpuQ4.reasons.join(' ')).not.toMatch(/std::bad_alloc/);
    const rec = recommend('R1 1.5B', v);
    expect(rec.best).toMatchObject({ dtype: 'q4', device: 'webgpu' });
    expect(rec.summary).toMatch(/q4f16 would be smaller, but: q4f16 needs 16-bit floats/);
  });

  it('no shader-f16 and a 256 MiB buffer limit: the q4 embedding (933.5 MB fp32) does not fit, the CPU runs q8', () => {
    const v = all(hw(adapter({ features: [], limits: { maxBufferSize: 256 * 1024 ** 2, maxStorageBufferBindingSize: 256 * 1024 ** 2 } })));
    const q4 = v.find((x) => x.dtype === 'q4' && x.device === 'webgpu')!;
    expect(q4.level).toBe('no');
    expect(q4.reasons.join(' ')).toMatch(/933 MB in one tensor/);
    const rec = recommend('R1 1.5B', v);
    expect(rec.best).toMatchObject({ dtype: 'q8', device: 'wasm' });
    expect(rec.summary).toMatch(/No WebGPU choice fits/);
    expect(rec.summary).not.toMatch(/would be several times faster/);
  });

  it('a model whose q4 file fits the heap runs q4 on a GPU without shader-f16', () => {
    const v = all(hw(adapter({ features: [] })), SMALL);
    expect(recommend('small', v).best).toMatchObject({ dtype: 'q4', device: 'webgpu' });
    expect(recommend('small', v).summary).toMatch(/q4f16 would be smaller, but: q4f16 needs 16-bit floats/);
  });

  it('a 128 MiB binding limit cannot hold the 466.7 MB fp16 embedding', () => {
    const small = adapter({ limits: { maxBufferSize: 256 * 1024 ** 2, maxStorageBufferBindingSize: 128 * 1024 ** 2 } });
    const v = judge('R1 1.5B', R1_DISTILL_QWEN_1_5B, 'q4f16', 'webgpu', hw(small), opts);
    expect(v.level).toBe('no');
    expect(v.reasons.join(' ')).toMatch(/embedding is 467 MB in one tensor, more than the 128 MiB/);
  });

  it('a prefill chunk whose logits exceed one binding is flagged with the chunk size that fits', () => {
    const limited = adapter({ limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: 512 * 1024 ** 2 } });
    const v = judge('R1 1.5B', R1_DISTILL_QWEN_1_5B, 'q4f16', 'webgpu', hw(limited), { contextTokens: 4096, prefillChunk: 4096 });
    expect(v.level).toBe('risky');
    expect(v.reasons.join(' ')).toMatch(/chunks of at most 1766 tokens fit/);
  });

  it('a software adapter (SwiftShader) runs but slowly, so WASM is recommended and the reason given', () => {
    const swiftshader = adapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true, isSoftware: true, features: [] });
    const v = all(hw(swiftshader), SMALL);
    expect(v.find((x) => x.dtype === 'q4' && x.device === 'webgpu')!.level).toBe('slow');
    const rec = recommend('small', v);
    expect(rec.best).toMatchObject({ dtype: 'q8', device: 'wasm' });
    expect(rec.summary).toMatch(/software renderer/);
  });

  it('no adapter: WebGPU rows say why; on WASM q8 is the choice, q4 and q4f16 run, fp32 does not fit the 4 GiB wasm heap', () => {
    const v = all(hw(null, { deviceMemoryGiB: null }));
    expect(v.filter((x) => x.device === 'webgpu').every((x) => x.level === 'no')).toBe(true);
    expect(v.find((x) => x.device === 'webgpu')!.reasons[0]).toMatch(/no WebGPU adapter/);
    expect(v.find((x) => x.dtype === 'q4f16' && x.device === 'wasm')!.level).toBe('slow');
    expect(v.find((x) => x.dtype === 'q4' && x.device === 'wasm')!.level).toBe('slow');
    expect(v.find((x) => x.dtype === 'q8' && x.device === 'wasm')!.level).toBe('slow');
    const fp32 = v.find((x) => x.dtype === 'fp32' && x.device === 'wasm')!;
    expect(fp32.level).toBe('no');
    expect(fp32.reasons[0]).toMatch(/std::bad_alloc/);
    expect(recommend('R1 1.5B', v).best).toMatchObject({ device: 'wasm', dtype: 'q8' });
  });

  it('a model whose q8 file is over 2 GB: the CPU runs q4f16 and says q8 would be faster, and why it cannot', () => {
    // About 2.5 B parameters: q8 2.36 GB, past protobuf's 2 GiB for one file, so the heap rule applies; q4f16 1.77 GB.
    const mid = { ...R1_DISTILL_QWEN_1_5B, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 28, num_attention_heads: 16 };
    const v = all(hw(null), mid);
    expect(v.find((x) => x.dtype === 'q8' && x.device === 'wasm')!.level).toBe('no');
    const rec = recommend('3B', v);
    expect(rec.best?.device).toBe('wasm');
    expect(rec.best?.dtype).toBe('q4f16');
    expect(rec.summary).toMatch(/q8 would be several times faster on the CPU, but: .*wasm heap/);
    expect(rec.said.map((x) => x.key)).toContain('verdict.summary.q8Faster');
  });

  it('the 7B model cannot be loaded in a browser at all; its 1.09 GB fp16 embedding also exceeds a 1 GiB binding', () => {
    const oneGiB = adapter({ limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB } });
    const v = judge('7B', R1_DISTILL_QWEN_7B, 'q4f16', 'webgpu', hw(oneGiB), opts);
    expect(v.level).toBe('no');
    expect(v.reasons.join(' ')).toMatch(/wasm heap/);
    expect(v.reasons.join(' ')).toMatch(/embedding is 1\.09 GB in one tensor, more than the 1 GiB/);
    expect(recommend('7B', all(hw(adapter()), R1_DISTILL_QWEN_7B)).best).toBeNull();
  });

  it('little device memory makes a fitting choice risky, with the numbers', () => {
    const v = judge('R1 1.5B', R1_DISTILL_QWEN_1_5B, 'q4f16', 'wasm', hw(null, { deviceMemoryGiB: 1 }), opts);
    expect(v.level).toBe('risky');
    expect(v.reasons.join(' ')).toMatch(/1 GiB/);
  });

  it('storage shortfall is reported only when the quota is too small', () => {
    expect(storageShortfall(hw(null), 1.37e9)).toBeNull();
    expect(storageShortfall(hw(null, { storage: { quota: 1e9, usage: 0.5e9 } }), 1.37e9)).toMatch(/1\.37 GB.*500 MB/);
    expect(storageShortfall(hw(null, { storage: null }), 1.37e9)).toBeNull();
  });
});
