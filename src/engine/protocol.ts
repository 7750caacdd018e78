/**
 * The worker ⇄ UI protocol: one discriminated union per direction.
 *
 * Everything that crosses `postMessage` between the UI thread and the engine worker is
 * typed here and nowhere else. Both sides switch on `type`; TypeScript's exhaustiveness
 * check (`assertNever`) makes a forgotten case a compile error.
 *
 * Rules:
 * - Only structured-clone-safe data (no class instances except `File`, no functions).
 * - Requests that get an answer carry a `requestId` chosen by the UI; every answer echoes it.
 * - Errors are values (`EngineError`), never thrown strings.
 */

// ───────────────────────────── shared vocabulary ─────────────────────────────

/** What the user asked for. `auto` lets the engine decide from the adapter. */
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';
/** What actually runs. */
export type Device = 'webgpu' | 'wasm';

/** ONNX variants the app knows how to load (file suffixes as in transformers.js). */
export type Dtype = 'q4f16' | 'q4' | 'fp16' | 'fp32';
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
 * text including the reasoning and the literal `</think>`, so the template can strip it. */
export interface ChatTurn {
  role: 'user' | 'assistant';
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

// ───────────────────────────── errors ─────────────────────────────

export type EngineErrorCode =
  | 'no-webgpu' // WebGPU requested but the browser has no WebGPU API
  | 'no-adapter' // WebGPU API present but no adapter
  | 'f16-unsupported' // q4f16/fp16 needs shader-f16 and the fallback was impossible
  | 'out-of-memory' // allocation failure, wasm heap exhausted, GPU OOM
  | 'device-lost' // GPUDevice lost mid-run
  | 'network' // fetch failed / connection dropped and retries exhausted
  | 'missing-file' // 404 or a required file absent in a local folder
  | 'quota' // not enough storage for the model
  | 'corrupt-file' // size/hash mismatch that refetching could not fix
  | 'prompt-too-long' // a single question longer than the context window
  | 'empty-prompt'
  | 'not-loaded' // generate before load
  | 'busy' // a generation is already running
  | 'aborted' // user cancelled a download
  | 'unknown';

export interface EngineError {
  code: EngineErrorCode;
  /** A sentence a user understands, with the numbers where there are numbers. */
  message: string;
  /** The original error text, for the details disclosure and bug reports. */
  detail?: string;
}

// ───────────────────────────── loading ─────────────────────────────

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

/** Where a download stands: one overall figure and a row per file. */
export interface DownloadProgress {
  files: FileProgress[];
  loaded: number;
  total: number;
  bytesPerSec: number;
  /** Seconds left at the current speed; null while unknown. */
  etaSec: number | null;
  paused: boolean;
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
  | 'context-trimmed' // oldest turns dropped to fit the context window
  | 'cache-reset' // KV cache could not be reused
  | 'file-repaired'; // a stored model file was damaged and has been downloaded again

export interface Notice {
  code: NoticeCode;
  message: string;
}

// ───────────────────────────── generation ─────────────────────────────

export type PartKind = 'reasoning' | 'answer';

export interface GenerationStats {
  promptTokens: number;
  /** Prompt tokens served from the KV cache of earlier turns (not re-prefilled). */
  reusedTokens: number;
  /** Prompt tokens actually run through the model this turn. */
  prefillTokens: number;
  generatedTokens: number;
  reasoningTokens: number;
  answerTokens: number;
  /** Send → first generated token, ms. */
  timeToFirstTokenMs: number;
  /** prefillTokens / prefill time. */
  prefillTokensPerSec: number;
  /** (generatedTokens − 1) / (last token time − first token time). */
  decodeTokensPerSec: number;
  /** First token → `</think>`, ms (0 when there was no reasoning). */
  reasoningMs: number;
  totalMs: number;
}

export type StopReason = 'eos' | 'max-tokens' | 'stopped' | 'error';

// ───────────────────────────── UI → worker ─────────────────────────────

export type UIToWorker =
  /** Report the WebGPU adapter (answer: `probe-result`). */
  | { type: 'probe'; requestId: string }
  /** Resolve files and sizes (answer: `download-plan`), so the UI can check the storage quota first. */
  | { type: 'plan'; requestId: string; source: ModelSource; device: DevicePreference; dtype: DtypePreference }
  /** Download what is missing, create the session, warm up (answers: progress, `loaded` or `error`). */
  | { type: 'load'; requestId: string; source: ModelSource; device: DevicePreference; dtype: DtypePreference }
  | { type: 'download-control'; action: 'pause' | 'resume' | 'cancel' }
  | {
      type: 'generate';
      requestId: string;
      /** Full history ending with the new user turn. */
      messages: ChatTurn[];
      sampling: SamplingSettings;
      /** Context window in tokens (history + question + maxNewTokens must fit). */
      contextWindow: number;
    }
  /** Interrupt the running generation at the next token. */
  | { type: 'stop' }
  /** Forget the KV cache (new chat). */
  | { type: 'reset' }
  /** Release the model and its GPU memory. */
  | { type: 'unload'; requestId: string }
  /** Engine counters for tests and the about/debug view (answer: `diagnostics`). */
  | { type: 'diagnostics'; requestId: string }
  /** Change KV reuse / chunked prefill / read-ahead (benchmarks, debugging); applies from the next answer. */
  | { type: 'set-tuning'; tuning: Partial<EngineTuning> }
  /** Benchmark, correctness check and model info for the Hardware page (see the section below). */
  | HardwareRequest;

// ───────────────────────────── worker → UI ─────────────────────────────

export type WorkerToUI =
  | HardwareEvent
  | { type: 'probe-result'; requestId: string; gpu: GpuInfo }
  | { type: 'download-plan'; requestId: string; plan: DownloadPlan }
  | { type: 'load-phase'; requestId: string; phase: LoadPhase; detail?: string }
  | ({ type: 'download-progress'; requestId: string } & DownloadProgress)
  | { type: 'notice'; requestId?: string; notice: Notice }
  | { type: 'loaded'; requestId: string; info: LoadedModelInfo }
  | { type: 'unloaded'; requestId: string }
  | {
      type: 'generation-start';
      requestId: string;
      promptTokens: number;
      reusedTokens: number;
      /** Number of oldest messages dropped to fit the context (0 = none). */
      trimmedMessages: number;
    }
  /** One generated token, already routed to its part. `text` may be empty (a tag, or a partial UTF-8 char). */
  | { type: 'token'; requestId: string; part: PartKind; text: string; tokenIndex: number }
  /** The reasoning ended (`</think>` seen); the UI collapses the panel. */
  | { type: 'reasoning-end'; requestId: string; reasoningMs: number }
  | {
      type: 'generation-end';
      requestId: string;
      reason: StopReason;
      stats: GenerationStats;
      /** The raw text (reasoning + `</think>` + answer) to store as the assistant turn. */
      raw: string;
    }
  | { type: 'error'; requestId?: string; error: EngineError }
  | { type: 'diagnostics'; requestId: string; diagnostics: EngineDiagnostics }
  /**
   * The worker must be replaced and the load request retried with `dtype` (and `device` when set),
   * handled inside EngineClient, no user action. Sent after a q4f16 session failed on an f16 shader
   * (ONNX Runtime's WebGPU state stays broken for later sessions in the same worker), and after a
   * model too large for the wasm heap (a fresh worker gets a fresh heap) before loading q4f16.
   */
  | { type: 'restart'; requestId: string; dtype: Dtype; device?: DevicePreference; reason: string };

/** How the engine uses the KV cache. */
export interface EngineTuning {
  /** Reuse the KV cache across turns (longest common token prefix). */
  reuseCache: boolean;
  /** Prefill prompts longer than this in chunks of this many tokens through the cache (0 = never). */
  prefillChunk: number;
  /** After each answer, read the next turn's history into the cache while the user types. */
  prepareNextTurn: boolean;
  /**
   * On WebGPU, single-file models at least this many bytes load as graph + external data (their
   * weights skip the wasm heap). Default `EXTERNAL_DATA_MIN_BYTES` (512 MiB); 0 = always; Infinity = never.
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

// ───────────────────────────── benchmark and correctness check (issue 7) ─────────────────────────────

/** The standard benchmark: fixed prompt, fixed lengths, greedy, EOS ignored. */
export interface BenchmarkSpec {
  /** Prompt length in tokens (a fixed passage cut to this length). */
  promptTokens: number;
  /** Tokens generated per run: exactly this many (EOS is ignored). */
  newTokens: number;
  /** Measured runs. */
  runs: number;
  /** Unmeasured runs first (shader compilation for these shapes, caches). */
  warmupRuns: number;
}

/** One measured run. */
export interface BenchmarkRun {
  promptTokens: number;
  newTokens: number;
  /** Start → first generated token (prefill of the prompt + the first step), ms. */
  ttftMs: number;
  /** When each generated token arrived, ms since the start (length `newTokens`). */
  tokenTimesMs: number[];
  totalMs: number;
}

/** What ran the benchmark (copied from the loaded model). */
export interface BenchmarkSubject {
  label: string;
  device: Device;
  dtype: Dtype;
  adapterName: string;
  loadMs: number;
  warmupMs: number;
}

/** A multi-turn chat, timed per turn: the app's engine, or the peer example's way. */
export interface ChatBenchSpec {
  /** `engine`: LlmEngine (KV reuse, read-ahead while the user types). `peer`: plain `generate` +
   * `TextStreamer`, the whole chat re-prefilled every turn (the transformers.js example's way). */
  mode: 'engine' | 'peer';
  turns: number;
  /** Tokens per answer (a random-weights model never stops early). */
  answerTokens: number;
  /** Words per question. */
  questionWords: number;
}

export interface ChatBenchTurn {
  turn: number;
  promptTokens: number;
  /** Prompt tokens run through the model this turn (the rest came from the KV cache). */
  prefillTokens: number;
  ttftMs: number;
  decodeTokensPerSec: number;
  /** Engine mode: reading the answer into the cache after it (while the user would type), ms. */
  readAheadMs: number;
  generatedTokens: number;
  /** The answer, to check that both modes say the same. */
  text: string;
}

/** The GPU correctness check: greedy on WebGPU, then both devices teacher-forced on that sequence. */
export interface LogitCheckSpec {
  /** Model for both runs (default: the loaded model). */
  source?: ModelSource;
  dtype: Dtype;
  /**
   * Model for the CPU run (default: `source`). A different model stands in for a GPU kernel that
   * computes the wrong function (how the tests make a "broken GPU" on a working one).
   */
  referenceSource?: ModelSource;
  prompt: string;
  newTokens: number;
}

/** Per-position comparison of two runs' logits (src/hardware/correctness.ts computes it). */
export interface LogitComparison {
  positions: number;
  /** Positions where both pick the same top-1 token. */
  agreeing: number;
  agreement: number;
  /** Largest |Δlogit| (Infinity when a NaN/∞ appeared on one side). */
  maxAbsDiff: number;
  meanMaxAbsDiff: number;
  nonFinitePositions: number;
  /** First disagreeing position, -1 when none. */
  firstDisagreement: number;
}

export interface LogitCheckResult {
  dtype: Dtype;
  adapterName: string;
  promptTokens: number;
  /** The answer: prompt read as the engine reads it, then the answer's tokens one at a time (decode). */
  comparison: LogitComparison;
  /** A long prompt (`longPromptTokens`) read in the engine's prefill chunks (`prefillChunk` tokens per pass). */
  longPrompt: LogitComparison;
  longPromptTokens: number;
  prefillChunk: number;
  /** The CPU run used a different model (`referenceSource`): a simulated broken GPU. */
  simulated: boolean;
  /** The GPU engine's pass limit, when it has one (the long prompt was read in passes of at most that many tokens). */
  attentionPassLimit?: AttentionPassLimit;
  gpuMs: number;
  cpuMs: number;
}

export type HardwareRequest =
  /** Run the standard benchmark on the loaded model (answers: `task-progress`, `benchmark-result`). */
  | { type: 'benchmark'; requestId: string; spec: BenchmarkSpec }
  /** Time a multi-turn chat on the loaded model (answer: `chat-benchmark-result`). */
  | { type: 'chat-benchmark'; requestId: string; spec: ChatBenchSpec }
  /** GPU vs CPU logits (answers: `task-progress`, `compare-logits-result`). */
  | { type: 'compare-logits'; requestId: string; spec: LogitCheckSpec }
  /** What is loaded now (answer: `model-info`). */
  | { type: 'model-info'; requestId: string };

export type HardwareEvent =
  | { type: 'task-progress'; requestId: string; stage: string; done: number; total: number }
  | { type: 'benchmark-result'; requestId: string; subject: BenchmarkSubject; spec: BenchmarkSpec; runs: BenchmarkRun[] }
  | { type: 'chat-benchmark-result'; requestId: string; spec: ChatBenchSpec; turns: ChatBenchTurn[] }
  | { type: 'compare-logits-result'; requestId: string; result: LogitCheckResult }
  | { type: 'model-info'; requestId: string; info: LoadedModelInfo | null };

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
