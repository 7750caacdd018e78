/**
 * "What can this machine run?": for each model × dtype × device, whether it runs, with the memory
 * it needs and, where it does not, why (in words a user understands, with the numbers). Pure.
 */
import {
  activationBytes,
  logitsBytes,
  memoryEstimate,
  type LlmConfig,
  type MemoryEstimate,
  type WeightDtype,
} from './memory.ts';
import type { AdapterReport, HardwareReport } from './probe.ts';
import { formatBinaryBytes, formatBytes } from '../core/units.ts';
import { EXTERNAL_DATA_MIN_BYTES } from '../engine/external-split.ts';

export type RunDevice = 'webgpu' | 'wasm';

export type VerdictLevel = 'ok' | 'slow' | 'risky' | 'no';

export interface Verdict {
  model: string;
  dtype: WeightDtype;
  device: RunDevice;
  level: VerdictLevel;
  /** One sentence per finding, numbers included. Empty for a clean `ok`. */
  reasons: string[];
  /** The same findings as catalogue keys with their values (`reasons[i]` is `said[i]` in English), for the UI. */
  said: Said[];
  memory: MemoryEstimate;
}

/** A sentence as a UI catalogue key (`verdict.reasons.*`) and its values; byte counts stay numbers. */
export interface Said {
  key: string;
  values?: Record<string, string | number>;
}

/** Findings in English and as keys, side by side. */
class Findings {
  readonly reasons: string[] = [];
  readonly said: Said[] = [];
  add(text: string, key: string, values?: Record<string, string | number>): void {
    this.reasons.push(text);
    this.said.push(values ? { key: `verdict.reasons.${key}`, values } : { key: `verdict.reasons.${key}` });
  }
}

export interface VerdictOptions {
  /** Context window the KV cache is sized for (tokens). */
  contextTokens: number;
  /** Prefill chunk (tokens): its logits buffer is allocated at once. */
  prefillChunk: number;
}

/** The wasm32 heap ORT runs in is at most 4 GiB; weights, KV cache and working memory all live there. */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;
/** Share of the wasm heap we are willing to plan for (ORT needs working memory besides the weights). */
export const WASM_HEAP_USABLE = 0.8;
/**
 * Creating an ONNX Runtime Web session from a whole model file copies it into the wasm heap and unpacks its
 * tensors there: about twice the file. Measured here: the real-size 1.97 GB q4 file fails with std::bad_alloc
 * (WASM, and WebGPU when loaded whole), the 1.37 GB q4f16 file loads.
 */
export const SESSION_HEAP_FACTOR = 2;
/** protobuf's limit for one ONNX file; bigger models come as several files. */
export const SINGLE_FILE_LIMIT = 2 ** 31 - 1;

/**
 * The engine loads a single-file model of at least EXTERNAL_DATA_MIN_BYTES as a small graph plus the file as
 * external data (src/engine/external-split.ts), so the file is never copied whole into the wasm heap: on
 * WebGPU the weights go from the file's bytes to GPU buffers, on WASM each tensor enters the heap once
 * (measured: the 1.97 GB q4 loads and answers on both). Bigger models, which come as several files, were not
 * measured: the heap rule stays for them.
 */
export function skipsWasmHeap(memory: MemoryEstimate): boolean {
  return memory.weights.total >= EXTERNAL_DATA_MIN_BYTES && memory.weights.total <= SINGLE_FILE_LIMIT;
}
/** WebGPU's spec default for `maxStorageBufferBindingSize` when the adapter offers nothing higher. */
export const WEBGPU_DEFAULT_BINDING = 128 * 1024 ** 2;

const f16 = (d: WeightDtype) => d === 'q4f16' || d === 'fp16';

/** The reason a session cannot even be created (the file does not fit the wasm heap twice), or null. */
export function sessionHeapProblem(memory: MemoryEstimate): string | null {
  const need = memory.weights.total * SESSION_HEAP_FACTOR;
  const usable = WASM_HEAP_BYTES * WASM_HEAP_USABLE;
  if (need <= usable) return null;
  return `Loading needs about ${formatBytes(need)} of WebAssembly memory (the ${formatBytes(memory.weights.total)} file is copied into the 4 GiB wasm heap and unpacked there): it fails with std::bad_alloc.`;
}

function heapValues(memory: MemoryEstimate): Record<string, number> {
  return { need: memory.weights.total * SESSION_HEAP_FACTOR, size: memory.weights.total };
}

function webgpuVerdict(model: string, config: LlmConfig, dtype: WeightDtype, hw: HardwareReport, opts: VerdictOptions): Verdict {
  const memory = memoryEstimate(config, dtype, opts.contextTokens, opts.prefillChunk);
  const found = new Findings();
  let level: VerdictLevel = 'ok';
  const worse = (l: VerdictLevel) => {
    const rank: Record<VerdictLevel, number> = { ok: 0, slow: 1, risky: 2, no: 3 };
    if (rank[l] > rank[level]) level = l;
  };
  const a: AdapterReport | null = hw.webgpu.adapter;
  if (!a) {
    if (hw.webgpu.api) found.add('The browser offers no WebGPU adapter (WebGPU disabled, or the GPU is blocklisted).', 'noAdapter');
    else found.add('This browser has no WebGPU.', 'noWebGpu');
    return { model, dtype, device: 'webgpu', level: 'no', ...found, memory };
  }
  if (f16(dtype) && !a.features.includes('shader-f16')) {
    worse('no');
    found.add(`${dtype} needs 16-bit floats in shaders (shader-f16), which this adapter lacks.`, 'noF16', { dtype });
  }
  const heap = skipsWasmHeap(memory) ? null : sessionHeapProblem(memory);
  if (heap) {
    worse('no');
    found.add(heap, 'heap', heapValues(memory));
  }
  const binding = a.limits.maxStorageBufferBindingSize ?? WEBGPU_DEFAULT_BINDING;
  const maxBuffer = a.limits.maxBufferSize ?? binding;
  const largest = memory.weights.largest;
  if (largest.bytes > binding) {
    worse('no');
    found.add(
      `The ${largest.name} is ${formatBytes(largest.bytes)} in one tensor, more than the ${formatBinaryBytes(binding)} this adapter can bind (maxStorageBufferBindingSize).`,
      'binding',
      { name: largest.name, size: largest.bytes, limit: binding },
    );
  } else if (largest.bytes > maxBuffer) {
    worse('no');
    found.add(
      `The ${largest.name} is ${formatBytes(largest.bytes)}, more than the largest buffer (${formatBinaryBytes(maxBuffer)}, maxBufferSize).`,
      'buffer',
      { name: largest.name, size: largest.bytes, limit: maxBuffer },
    );
  }
  const chunkLogits = logitsBytes(config, opts.prefillChunk, dtype);
  if (chunkLogits > binding) {
    worse('risky');
    const fits = Math.max(1, Math.floor(binding / (config.vocab_size * activationBytes(dtype))));
    found.add(
      `A ${opts.prefillChunk}-token prefill chunk makes ${formatBytes(chunkLogits)} of logits, more than one binding holds; chunks of at most ${fits} tokens fit.`,
      'logits',
      { chunk: opts.prefillChunk, size: chunkLogits, fits },
    );
  }
  if (hw.deviceMemoryGiB !== null && memory.total > hw.deviceMemoryGiB * 1024 ** 3) {
    worse('risky');
    found.add(
      `It needs about ${formatBytes(memory.total)}, more than the ${hw.deviceMemoryGiB} GiB of memory the browser reports (a rough, capped hint; a GPU with its own memory may still fit it).`,
      'gpuMemoryHint',
      { size: memory.total, gib: hw.deviceMemoryGiB },
    );
  }
  if (dtype === 'q8' && (level as VerdictLevel) !== 'no') {
    worse('slow');
    found.add(
      'q8 is a CPU format: its 8-bit matrix products (MatMulInteger) have no WebGPU kernel in onnxruntime-web and fall back to the CPU. On a GPU, q4f16 or q4 is the choice.',
      'q8OnGpu',
    );
  }
  if (a.isSoftware && (level as VerdictLevel) !== 'no') {
    worse('slow');
    found.add(
      'The adapter is a software renderer (the CPU emulating a GPU): every shader runs on the CPU through an extra layer, so WASM on the same CPU is faster.',
      'software',
    );
  }
  return { model, dtype, device: 'webgpu', level, ...found, memory };
}

function wasmVerdict(model: string, config: LlmConfig, dtype: WeightDtype, hw: HardwareReport, opts: VerdictOptions): Verdict {
  const memory = memoryEstimate(config, dtype, opts.contextTokens, opts.prefillChunk);
  const found = new Findings();
  let level: VerdictLevel = 'slow';
  const usable = WASM_HEAP_BYTES * WASM_HEAP_USABLE;
  const heap = skipsWasmHeap(memory) ? null : sessionHeapProblem(memory);
  if (heap) {
    level = 'no';
    found.add(heap, 'heap', heapValues(memory));
  } else if (memory.total > usable) {
    level = 'no';
    found.add(
      `It needs about ${formatBytes(memory.total)}, but WebAssembly's memory is capped at 4 GiB and ORT needs working room (plan for ${formatBytes(usable)}).`,
      'wasmCap',
      { size: memory.total, usable },
    );
  } else {
    const threads = hw.wasmThreads;
    if (threads > 1) found.add(`Runs on the CPU with ${threads} threads: expect a few tokens per second at most.`, 'threads', { threads });
    else found.add('Runs on the CPU on one thread (the page is not cross-origin isolated): expect it to be slow.', 'oneThread');
  }
  if (f16(dtype) && level !== 'no') {
    found.add('The CPU kernels compute in fp32, so the fp16 weights and activations are converted on the fly, which costs time.', 'fp32Cpu');
  }
  if (hw.deviceMemoryGiB !== null && memory.total > hw.deviceMemoryGiB * 1024 ** 3 && level !== 'no') {
    level = 'risky';
    found.add(`It needs about ${formatBytes(memory.total)}, more than the ${hw.deviceMemoryGiB} GiB of memory the browser reports.`, 'memoryHint', {
      size: memory.total,
      gib: hw.deviceMemoryGiB,
    });
  }
  return { model, dtype, device: 'wasm', level, ...found, memory };
}

export function judge(
  model: string,
  config: LlmConfig,
  dtype: WeightDtype,
  device: RunDevice,
  hw: HardwareReport,
  opts: VerdictOptions,
): Verdict {
  return device === 'webgpu' ? webgpuVerdict(model, config, dtype, hw, opts) : wasmVerdict(model, config, dtype, hw, opts);
}

/** Storage for the download: null when it fits or the quota is unknown, else the sentence saying why not. */
export function storageShortfall(hw: HardwareReport, fileBytes: number): string | null {
  if (!hw.storage) return null;
  const free = hw.storage.quota - hw.storage.usage;
  if (fileBytes <= free) return null;
  return `The download is ${formatBytes(fileBytes)} but the browser grants this site ${formatBytes(free)} of storage, so the model cannot be kept between visits.`;
}

export interface Recommendation {
  /** The best runnable choice, or null when nothing runs. */
  best: Verdict | null;
  /** One paragraph for the page. */
  summary: string;
  /** The paragraph's sentences as catalogue keys (`verdict.summary.*`, `verdict.reasons.*`), for the UI. */
  said: Said[];
}

const PREFERENCE: [RunDevice, WeightDtype][] = [
  ['webgpu', 'q4f16'],
  ['webgpu', 'q4'],
  ['webgpu', 'fp16'],
  ['webgpu', 'fp32'],
  ['webgpu', 'q8'],
  // On the CPU 8-bit runs an integer kernel with WebAssembly SIMD; 4-bit has none (docs/benchmarks.md).
  ['wasm', 'q8'],
  ['wasm', 'q4'],
  ['wasm', 'q4f16'],
  ['wasm', 'fp16'],
  ['wasm', 'fp32'],
];

/** Lower is better: a working GPU, a GPU that may be short of memory, the CPU, a software GPU, a CPU short of memory. */
function rank(v: Verdict): number {
  if (v.level === 'ok') return 0;
  if (v.device === 'webgpu' && v.level === 'risky') return 1;
  if (v.device === 'wasm' && v.level === 'slow') return 2;
  if (v.device === 'webgpu' && v.level === 'slow') return 3;
  return 4;
}

/** Pick what the app should run from a set of verdicts for one model, and say it in words. */
export function recommend(model: string, verdicts: readonly Verdict[]): Recommendation {
  const find = (d: RunDevice, t: WeightDtype) => verdicts.find((v) => v.device === d && v.dtype === t);
  const ordered = PREFERENCE.map(([d, t]) => find(d, t)).filter((v): v is Verdict => !!v);
  const runnable = ordered.filter((v) => v.level !== 'no');
  const best = runnable.reduce<Verdict | null>((b, v) => (b === null || rank(v) < rank(b) ? v : b), null);
  if (!best) {
    const first = ordered.flatMap((v) => v.said)[0];
    return {
      best: null,
      summary: `This machine cannot run ${model} in the browser: ${ordered.flatMap((v) => v.reasons)[0] ?? 'no device fits it.'}`,
      said: [{ key: 'verdict.summary.cannot', values: { model } }, first ?? { key: 'verdict.summary.nothingFits' }],
    };
  }
  const mem = best.memory;
  const needs = `${formatBytes(mem.weights.total)} of weights + ${formatBytes(mem.kvCache)} of KV cache at ${mem.contextTokens.toLocaleString('en-US')} tokens + ${formatBytes(mem.logits)} of logits per ${mem.prefillChunk}-token prefill chunk`;
  const where = best.device === 'webgpu' ? 'on the GPU (WebGPU)' : 'on the CPU (WASM)';
  const why: string[] = [];
  const said: Said[] = [
    {
      key: best.device === 'webgpu' ? 'verdict.summary.runsGpu' : 'verdict.summary.runsCpu',
      values: { model, dtype: best.dtype, weights: mem.weights.total, kv: mem.kvCache, tokens: mem.contextTokens, logits: mem.logits, chunk: mem.prefillChunk },
    },
  ];
  // q8 on WebGPU is slow everywhere (a CPU format): it says nothing about the adapter.
  const gpuRunnable = runnable.filter((v) => v.device === 'webgpu' && v.dtype !== 'q8');
  const because = (text: string, key: string, reason?: Said) => {
    why.push(text);
    said.push({ key: `verdict.summary.${key}` }, ...(reason ? [reason] : []));
  };
  if (best.device === 'wasm') {
    const gpu = ordered.find((v) => v.device === 'webgpu');
    if (gpuRunnable.some((v) => v.level === 'slow')) because('The WebGPU adapter is a software renderer, so the CPU path is faster.', 'softwareGpu');
    else if (gpuRunnable.length === 0) because(`No WebGPU choice fits: ${gpu?.reasons[0] ?? ''}`, 'noGpuFits', gpu?.said[0]);
    const q8 = find('wasm', 'q8');
    if (best.dtype !== 'q8' && q8?.level === 'no') because(`q8 would be several times faster on the CPU, but: ${q8.reasons[0] ?? ''}`, 'q8Faster', q8.said[0]);
  } else if (best.dtype !== 'q4f16' && find('webgpu', 'q4f16')?.level === 'no') {
    const q4f16 = find('webgpu', 'q4f16')!;
    because(`q4f16 would be smaller, but: ${q4f16.reasons[0]}`, 'q4f16Smaller', q4f16.said[0]);
  }
  return { best, summary: `Runs ${model} ${best.dtype} ${where}: ${needs}.${why.length ? ` ${why.join(' ')}` : ''}`, said };
}
