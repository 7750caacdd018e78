/**
 * Device and dtype choice: adapter facts + the user's preference (setting or URL parameter) →
 * what runs, and the notices the user should see. Pure.
 *
 * | preference | adapter                        | result                                      |
 * |------------|--------------------------------|---------------------------------------------|
 * | auto       | hardware, shader-f16           | WebGPU q4f16                                |
 * | auto       | hardware, no shader-f16        | WebGPU q4 + notice `no-shader-f16`          |
 * | auto       | software (SwiftShader/fallback)| WASM q8 + notice `software-adapter` (why)   |
 * | auto       | none                           | WASM q8 + notice `wasm-slow`                |
 * | webgpu     | any adapter (software too)     | WebGPU, dtype as above                      |
 * | webgpu     | none                           | error `no-adapter` (`no-webgpu` if no API)  |
 * | wasm       | —                              | WASM q8                                     |
 *
 * On the CPU `auto` is the 8-bit export (`model_quantized.onnx`): its `MatMulInteger` has WebAssembly SIMD
 * kernels, where the 4-bit `MatMulNBits` has none (docs/benchmarks.md: at the real size 2.4–3.4 tok/s against
 * 0.1–0.3 for q4f16). A model that has no 8-bit file gets q4 instead (`dtypeIfMissing`).
 *
 * An explicit dtype is honoured as asked (`?dtype=q4f16` on an adapter without shader-f16 is how the
 * q4f16 → q4 runtime fallback is exercised); `auto` picks from the table.
 */
import { SPLIT_REDUCE_MAX_TOKENS, type AttentionCheck } from './attention-check.ts';
import { toEngineError } from './errors.ts';
import type { AttentionPassLimit, Device, DevicePreference, Dtype, DtypePreference, EngineError, GpuInfo, Notice } from '../core/index.ts';

export interface DevicePlan {
  device: Device;
  dtype: Dtype;
  /** For the status line: `google swiftshader`, `nvidia ampere`, or `CPU (WASM)`. */
  adapterName: string;
  notices: Notice[];
  /** Chosen automatically, and the model may not publish it: load this dtype instead when its file is missing. */
  dtypeIfMissing?: Dtype;
}

/** The CPU's automatic choice, and what a model without it gets. */
const WASM_AUTO_DTYPE: Dtype = 'q8';
const WASM_DTYPE_IF_NO_Q8: Dtype = 'q4';

export type DeviceDecision = { ok: true; plan: DevicePlan } | { ok: false; error: EngineError };

export const WASM_ADAPTER_NAME = 'CPU (WASM)';

export function hasShaderF16(gpu: GpuInfo | null): boolean {
  return !!gpu?.adapterFound && gpu.features.includes('shader-f16');
}

/** SwiftShader and other CPU-emulated adapters: far slower than WASM for this workload. */
export function isSoftwareAdapter(gpu: GpuInfo | null): boolean {
  if (!gpu?.adapterFound) return false;
  return gpu.isFallbackAdapter || /swiftshader|llvmpipe|lavapipe|software/i.test(`${gpu.architecture} ${gpu.description}`);
}

export function adapterName(gpu: GpuInfo | null): string {
  if (!gpu?.adapterFound) return WASM_ADAPTER_NAME;
  const name = [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || gpu.description || gpu.device;
  return name || 'WebGPU adapter';
}

/** q4f16/fp16 need shader-f16 on WebGPU; the runtime fallback for each. */
export function f16Fallback(dtype: Dtype): Dtype | null {
  if (dtype === 'q4f16') return 'q4';
  if (dtype === 'fp16') return 'fp32';
  return null;
}

export function chooseDevice(gpu: GpuInfo | null, device: DevicePreference, dtype: DtypePreference): DeviceDecision {
  const notices: Notice[] = [];
  const adapter = !!gpu?.adapterFound;

  let run: Device;
  if (device === 'wasm') {
    run = 'wasm';
  } else if (device === 'webgpu') {
    if (!adapter) {
      const noApi = !gpu?.apiPresent;
      return {
        ok: false,
        error: {
          code: noApi ? 'no-webgpu' : 'no-adapter',
          message: noApi
            ? 'This browser has no WebGPU. Choose "CPU (WASM)" as the device, or use a browser with WebGPU (Chrome, Edge).'
            : 'WebGPU is present but the browser offered no GPU adapter (WebGPU may be disabled, or the GPU is blocklisted). Choose "CPU (WASM)" as the device.',
          ...(gpu?.error ? { detail: gpu.error } : {}),
        },
      };
    }
    run = 'webgpu';
  } else if (!adapter) {
    run = 'wasm';
    notices.push({
      code: 'wasm-slow',
      message: 'No WebGPU adapter was found, so the model runs on the CPU (WASM). Expect answers to be slow.',
      key: 'notices.wasm-slow',
    });
  } else if (isSoftwareAdapter(gpu)) {
    run = 'wasm';
    notices.push({
      code: 'software-adapter',
      message: `The only WebGPU adapter is a software renderer (${adapterName(gpu)}), which is much slower than running on the CPU directly, so the model runs on the CPU (WASM). Expect answers to be slow.`,
      key: 'notices.software-adapter',
      values: { adapter: adapterName(gpu) },
    });
  } else {
    run = 'webgpu';
  }

  const adapterLabel = run === 'webgpu' ? adapterName(gpu) : WASM_ADAPTER_NAME;
  if (dtype !== 'auto') return { ok: true, plan: { device: run, dtype, adapterName: adapterLabel, notices } };
  if (run === 'wasm') {
    return { ok: true, plan: { device: run, dtype: WASM_AUTO_DTYPE, dtypeIfMissing: WASM_DTYPE_IF_NO_Q8, adapterName: adapterLabel, notices } };
  }
  if (!hasShaderF16(gpu)) {
    notices.push({
      code: 'no-shader-f16',
      message: 'This GPU does not support 16-bit floats in shaders (shader-f16), so the larger q4 model is used instead of q4f16.',
      key: 'notices.no-shader-f16',
    });
  }
  return { ok: true, plan: { device: run, dtype: hasShaderF16(gpu) ? 'q4f16' : 'q4', adapterName: adapterLabel, notices } };
}

/** The notice when a model has no file for the automatic CPU dtype and `dtypeIfMissing` loads instead. */
export function missingDtypeNotice(missing: Dtype, instead: Dtype): Notice {
  return {
    code: 'dtype-missing',
    message: `This model publishes no ${missing} file (the fastest on the CPU), so ${instead} is loaded instead. Answers will be slower.`,
    key: 'notices.dtype-missing',
    values: { missing, instead },
  };
}

/**
 * The real q4 export (1.97 GB) cannot be loaded by onnxruntime-web: its bytes are copied into the 4 GiB
 * wasm32 heap and session creation fails with std::bad_alloc (on WASM and on WebGPU alike; see the
 * README's synthetic-model notes). The q4f16 file (1.37 GB) fits: use it, on the GPU when it has
 * shader-f16, otherwise on the CPU (WASM runs f16 models through casts).
 */
export function memoryFallback(
  e: unknown,
  dtype: Dtype,
  device: Device,
  gpu: GpuInfo | null,
): { dtype: Dtype; device: Device; notice: Notice } | null {
  if ((dtype !== 'q4' && dtype !== 'fp32') || toEngineError(e, 'load').code !== 'out-of-memory') return null;
  const target: Device = device === 'webgpu' && hasShaderF16(gpu) ? 'webgpu' : 'wasm';
  const where = device === 'webgpu' && target === 'wasm' ? ' on the CPU (WASM), since this GPU cannot run q4f16' : '';
  return {
    dtype: 'q4f16',
    device: target,
    notice: {
      code: 'memory-fallback',
      message: `The ${dtype} model is too large to load in this browser (model files over about 1.5 GB do not fit the 4 GB WebAssembly memory), so the smaller q4f16 model is loaded instead${where}.`,
      key: where ? 'notices.memory-fallback-cpu' : 'notices.memory-fallback',
      values: { dtype },
    },
  };
}

/**
 * WebGPU passes longer than 31 tokens, or not? onnxruntime-web 1.31-dev reads a pass of ≥ 32 new tokens
 * with its FlashAttention prefill kernel, which computes wrong attention on some browser + GPU pairs
 * (4-lane subgroups such as SwiftShader's; Chromium's Vulkan backend, whose shader compiler does not
 * re-zero the kernel's per-step score accumulators): see attention-check.ts. The engine runs that check
 * at load; when the 32-token pass is wrong and the 31-token one right, every WebGPU pass is capped at 31
 * tokens (prefill chunks, read-ahead and the first pass of `generate`), which keeps attention on ORT's
 * split-reduce kernels. Cost: a long prompt takes ⌈n/31⌉ passes instead of ⌈n/256⌉. When both passes
 * are wrong no cap helps (the Hardware page's check reports it); when the check could not run, nothing
 * changes.
 */
export function attentionPassLimit(check: AttentionCheck | null): AttentionPassLimit | null {
  if (!check || check.error) return null;
  const short = check.passes.find((p) => p.tokens === SPLIT_REDUCE_MAX_TOKENS);
  const long = check.passes.find((p) => p.tokens === SPLIT_REDUCE_MAX_TOKENS + 1);
  if (!short?.ok || !long || long.ok) return null;
  return {
    tokens: SPLIT_REDUCE_MAX_TOKENS,
    reason: `ONNX Runtime's WebGPU attention computes passes of ${long.tokens} or more new tokens wrongly in this browser on this GPU (a ${long.tokens}-token test pass differs from the exact result by ${long.maxAbsDiff.toPrecision(2)}; a ${short.tokens}-token pass is exact), so prompts are read at most ${SPLIT_REDUCE_MAX_TOKENS} tokens at a time.`,
  };
}

/** Tokens per prefill pass: the tuning's chunk (0 = the whole prompt in one pass) under the pass limit. */
export function effectivePrefillChunk(chunk: number, limit: AttentionPassLimit | null): number {
  if (!limit) return chunk;
  return chunk > 0 ? Math.min(chunk, limit.tokens) : limit.tokens;
}
