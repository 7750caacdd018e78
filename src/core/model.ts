/**
 * The app's vocabulary for models, devices and loading: what the user asks for, what runs, where files
 * come from and how a load is going. Imported by every layer; imports nothing.
 */


/** What the user asked for. `auto` lets the engine decide from the adapter. */
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';
/** What actually runs. */
export type Device = 'webgpu' | 'wasm';

/**
 * ONNX variants the app knows how to load (file suffixes as in transformers.js). `q8` is
 * `model_quantized.onnx`: 8-bit dynamic quantization (`MatMulInteger`), the CPU's fast path.
 */
export type Dtype = 'q4f16' | 'q4' | 'q8' | 'fp16' | 'fp32';
export type DtypePreference = 'auto' | Dtype;

/** Where a model's files come from. */
export type ModelSource =
  /** A Hugging Face repo, or any host serving the hub's `/<repo>/resolve/<revision>/<file>` layout. */
  | { kind: 'hub'; repo: string; revision?: string; /** default `https://huggingface.co/` */ host?: string }
  /** A folder served by the app itself: `<base>models/<id>/`. */
  | { kind: 'same-origin'; id: string }
  /** Files the user picked from disk (a folder with config.json, tokenizer files and onnx/). */
  | { kind: 'local-files'; id: string; files: File[] };

export interface SamplingSettings {
  /** DeepSeek's guidance: sample, temperature 0.6, top-p 0.95. `false` = greedy. */
  doSample: boolean;
  temperature: number;
  topP: number;
  topK: number;
  maxNewTokens: number;
  /** Seed for reproducible sampling; undefined = random. */
  seed?: number;
}

export const DEFAULT_SAMPLING: SamplingSettings = {
  doSample: true,
  temperature: 0.6,
  topP: 0.95,
  topK: 50,
  maxNewTokens: 4096,
};

/** One turn of history as the chat template sees it. Assistant `content` is the raw model
 * text including the reasoning and the literal `</think>`, so the template can strip it. A `system`
 * turn (R1's template puts it before the first user turn) is kept when old turns are dropped. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the adapter probe found (from `navigator.gpu.requestAdapter()`). */
export interface GpuInfo {
  /** `navigator.gpu` exists (Chromium keeps it even when WebGPU is off). */
  apiPresent: boolean;
  /** `requestAdapter()` returned an adapter. */
  adapterFound: boolean;
  isFallbackAdapter: boolean;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  features: string[];
  limits: Record<string, number>;
  /** Set when the probe itself failed. */
  error?: string;
}

/** The most new tokens one WebGPU forward pass may hold on this browser + GPU, and why. */
export interface AttentionPassLimit {
  tokens: number;
  reason: string;
}


export interface FileProgress {
  /** Path inside the model repo, e.g. `onnx/model_q4f16.onnx`. */
  file: string;
  loaded: number;
  /** Bytes expected; 0 while unknown. */
  total: number;
  state: 'queued' | 'downloading' | 'paused' | 'verifying' | 'done' | 'cached' | 'error';
}

export interface DownloadPlan {
  files: { file: string; size: number; storedBytes: number }[];
  totalBytes: number;
  /** Bytes already stored (complete or partial files). */
  storedBytes: number;
}

/** What a load would fetch: the files, and the device and dtype the preference resolved to on this browser. */
export interface LoadPlan extends DownloadPlan {
  device: Device;
  dtype: Dtype;
}

/** Where a download stands: one overall figure and a row per file. */
export interface DownloadProgress {
  files: FileProgress[];
  loaded: number;
  total: number;
  bytesPerSec: number;
  /** Seconds left at the current speed; null while unknown. */
  etaSec: number | null;
  paused: boolean;
  /** Set while a request that failed for a reason that may pass (a busy host, a dropped connection) waits to try again. */
  retry?: DownloadRetry | null;
  /** Another tab (or window) is downloading this model: this one waits for it, then loads what it stored. */
  otherTab?: boolean;
}

/** A wait before the next attempt of a model-host request. */
export interface DownloadRetry {
  /** The HTTP status that caused it; null for a failed connection. */
  status: number | null;
  /** The number of the attempt that comes after the wait (2 for the first retry), and the most there will be. */
  attempt: number;
  maxAttempts: number;
  /** How long the wait is, in ms. */
  delayMs: number;
}

export type LoadPhase =
  | 'planning' // resolving the file list and sizes
  | 'downloading'
  | 'loading' // creating the ONNX Runtime session from stored files
  | 'compiling' // warm-up generate (max_new_tokens: 1): shader compilation on WebGPU
  | 'ready';

export interface LoadedModelInfo {
  source: ModelSource;
  device: Device;
  dtype: Dtype;
  /** Adapter description for the status line (`vendor architecture`, or "CPU (WASM)"). */
  adapterName: string;
  gpu: GpuInfo | null;
  /** Set when WebGPU passes are capped because longer ones compute attention wrongly (device.ts `attentionPassLimit`). */
  attentionPassLimit?: AttentionPassLimit;
  /** Token id of `</think>` as the tokenizer reports it. */
  thinkEndTokenId: number;
  numLayers: number;
  loadMs: number;
  warmupMs: number;
  /**
   * Set when the model file was loaded as graph + external data (src/engine/external-split.ts): its
   * weights went to the GPU without passing through the wasm heap.
   */
  externalData?: ExternalDataInfo;
  /** WASM only: the threads ONNX Runtime runs on (1 unless the page is cross-origin isolated). */
  wasmThreads?: number;
}

/** How a single-file model was split into a small graph and external data pointing into the file. */
export interface ExternalDataInfo {
  /** Repo-relative path, e.g. `onnx/model_q4.onnx`. */
  file: string;
  fileBytes: number;
  /** The rewritten graph ONNX Runtime parsed (in the wasm heap). */
  graphBytes: number;
  /** Initializers read from the file as external data, and their bytes. */
  tensors: number;
  externalBytes: number;
  splitMs: number;
}

export type NoticeCode =
  | 'wasm-slow' // no WebGPU adapter: running on the CPU
  | 'software-adapter' // SwiftShader / isFallbackAdapter: WASM chosen because it is faster
  | 'f16-fallback' // q4f16 failed on this GPU, reloaded as q4
  | 'no-shader-f16' // adapter lacks shader-f16, q4 chosen up front
  | 'memory-fallback' // q4 too large for the browser's wasm heap, q4f16 loaded instead
  | 'dtype-missing' // the model has no file for the CPU's automatic dtype (q8): q4 loaded instead
  | 'context-trimmed' // oldest turns dropped to fit the context window
  | 'cache-reset' // KV cache could not be reused
  | 'file-repaired' // a stored model file was damaged and has been downloaded again
  | 'gpu-lost' // the GPU was lost: the model was loaded again in a fresh worker
  | 'gpu-lost-wasm'; // the GPU was lost again soon after (or while reloading): the model now runs on WASM

export interface Notice {
  code: NoticeCode;
    message: string;
  /** The sentence's key in the UI's catalogues and its values (see `EngineError`). */
  key?: string;
  values?: Record<string, string | number>;
}

/** How the engine uses the KV cache. */
export interface EngineTuning {
  /** Reuse the KV cache across turns (longest common token prefix). */
  reuseCache: boolean;
  /** Prefill prompts longer than this in chunks of this many tokens through the cache (0 = never). */
  prefillChunk: number;
  /** After each answer, read the next turn's history into the cache while the user types. */
  prepareNextTurn: boolean;
  /**
   * In the browser (WebGPU, WASM), single-file models at least this many bytes load as graph + external
   * data (the file is not copied whole into the wasm heap). Default `EXTERNAL_DATA_MIN_BYTES` (512 MiB);
   * 0 = always; Infinity = never.
   */
  externalDataMinBytes?: number;
}

/** What the engine holds right now (KV cache, GPU tensor bookkeeping). */
export interface EngineDiagnostics {
  loaded: boolean;
  /** Tokens whose keys/values the KV cache holds. */
  cachedTokens: number;
  /** Tensors in the KV cache (2 × layers when non-empty). */
  cacheTensors: number;
  /** GPU tensors produced by forward passes, and how many of them were disposed. */
  gpuTensorsCreated: number;
  gpuTensorsDisposed: number;
  cacheCuts: number;
  chunkedPrefills: number;
  /** Prompt tokens read into the cache ahead of the next question. */
  preparedTokens: number;
}

