/**
 * The worker ⇄ UI wire format: one discriminated union per direction, and nothing else.
 *
 * Everything that crosses `postMessage` between the UI thread and the engine worker is typed here.
 * The vocabulary these messages carry lives in `src/core`. Both sides switch on `type`;
 * `assertNever` makes a forgotten case a compile error.
 *
 * Rules:
 * - Only structured-clone-safe data (no class instances except `File`, no functions).
 * - Requests that get an answer carry a `requestId` chosen by the UI; every answer echoes it.
 * - Errors are values (`EngineError`), never thrown strings.
 */
import type {
  BenchmarkRun,
  BenchmarkSpec,
  BenchmarkSubject,
  ChatTurn,
  DevicePreference,
  LoadPlan,
  DownloadProgress,
  Dtype,
  DtypePreference,
  EngineDiagnostics,
  EngineError,
  EngineTuning,
  GenerationStats,
  GpuInfo,
  LoadedModelInfo,
  LoadPhase,
  LogitCheckResult,
  LogitCheckSpec,
  ModelSource,
  Notice,
  PartDelta,
  SamplingSettings,
  StopReason,
} from '../core/index.ts';

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
  | { type: 'download-plan'; requestId: string; plan: LoadPlan }
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
  /** One generated token's delta, already routed to its part. `text` may be empty (a tag, or a partial UTF-8 char). */
  | ({ type: 'token'; requestId: string; tokenIndex: number } & PartDelta)
  /** The reasoning ended (`</think>` seen) after `reasoningMs`; the UI collapses the panel. */
  | { type: 'reasoning-end'; requestId: string; reasoningMs: number }
  | {
      type: 'generation-end';
      requestId: string;
      reason: StopReason;
      stats: GenerationStats;
      /** The decoded output (reasoning + `</think>` + answer), what the engine reads back as this turn. */
      raw: string;
    }
  | { type: 'error'; requestId?: string; error: EngineError }
  | { type: 'diagnostics'; requestId: string; diagnostics: EngineDiagnostics }
  /**
   * The GPU this worker's model ran on is gone (`GPUDevice.lost`, or a run failed on a lost device).
   * Nothing WebGPU in this worker works again: the client replaces it and fails its open requests with
   * `error`; the UI decides how to load the model again (src/worker/restarts.ts, `recoverFromLoss`).
   */
  | { type: 'device-lost'; error: EngineError }
  /**
   * The worker must be replaced and the load request retried with `dtype` (and `device` when set),
   * handled inside EngineClient, no user action. Sent after a q4f16 session failed on an f16 shader
   * (ONNX Runtime's WebGPU state stays broken for later sessions in the same worker), and after a
   * model too large for the wasm heap (a fresh worker gets a fresh heap) before loading q4f16.
   */
  | { type: 'restart'; requestId: string; dtype: Dtype; device?: DevicePreference; reason: string };

export type HardwareRequest =
  /** Run the standard benchmark on the loaded model (answers: `task-progress`, `benchmark-result`). */
  | { type: 'benchmark'; requestId: string; spec: BenchmarkSpec }
  /** GPU vs CPU logits (answers: `task-progress`, `compare-logits-result`). */
  | { type: 'compare-logits'; requestId: string; spec: LogitCheckSpec }
  /** What is loaded now (answer: `model-info`). */
  | { type: 'model-info'; requestId: string };

export type HardwareEvent =
  | { type: 'task-progress'; requestId: string; stage: string; done: number; total: number }
  | { type: 'benchmark-result'; requestId: string; subject: BenchmarkSubject; spec: BenchmarkSpec; runs: BenchmarkRun[] }
  | { type: 'compare-logits-result'; requestId: string; result: LogitCheckResult }
  | { type: 'model-info'; requestId: string; info: LoadedModelInfo | null };

export function assertNever(x: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(x)}`);
}
