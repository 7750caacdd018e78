/**
 * The UI-side handle on the engine worker: typed requests in, typed events out.
 *
 * This module never imports `@huggingface/transformers`; everything heavy lives in `worker.ts`.
 * Requests that get an answer return a Promise; a failure rejects with `EngineFailure`,
 * whose `.error` is the protocol's `EngineError` (a code plus a sentence for the user).
 *
 * ```ts
 * const engine = new EngineClient();
 * const gpu = await engine.probe();
 * const info = await engine.load(source, 'auto', 'auto', { onPhase, onProgress, onNotice });
 * const end = await engine.generate(messages, DEFAULT_SAMPLING, 4096, {
 *   onStart, onToken: (t) => append(t.part, t.text), onReasoningEnd,
 * });
 * ```
 */
import type { BenchmarkSpec, LogitCheckResult, LogitCheckSpec, ChatTurn, DevicePreference, DtypePreference, EngineDiagnostics, EngineError, GpuInfo, LoadedModelInfo, LoadPlan, ModelSource, SamplingSettings } from '../core/index.ts';
import { EngineFailure } from '../core/index.ts';

export { EngineFailure };
import type { UIToWorker, WorkerToUI } from './protocol.ts';
import { resend, RestartBudget } from './restarts.ts';

import type { GenerateHandlers, GenerationResult, LoadHandlers, Msg, Pending, WorkerLike } from './client-types.ts';
export type { GenerateHandlers, GenerationResult, LoadHandlers, WorkerLike } from './client-types.ts';

let counter = 0;
const newId = () => `r${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function createEngineWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'local-r1-engine' });
}

export class EngineClient {
  private worker: WorkerLike;
  private readonly createWorker: () => WorkerLike;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(m: WorkerToUI) => void>();
  /** Worker replacements per load request (a fallback chain is at most two steps long). */
  private readonly restarts = new RestartBudget();

  /**
   * @param worker  A worker, or a factory for one. The engine may ask for a replacement worker (after a
   *                q4f16 session failed on the GPU); a factory is then called again, and for a plain
   *                instance a new module worker is created with `createEngineWorker`.
   */
  constructor(worker: WorkerLike | (() => WorkerLike) = createEngineWorker) {
    this.createWorker = typeof worker === 'function' ? worker : createEngineWorker;
    this.worker = typeof worker === 'function' ? worker() : worker;
    this.attach(this.worker);
  }

  private attach(worker: WorkerLike): void {
    worker.addEventListener('message', (ev: MessageEvent<WorkerToUI>) => {
      if (worker === this.worker) this.dispatch(ev.data);
    });
    worker.addEventListener('error', (ev: ErrorEvent) => {
      if (worker !== this.worker) return;
      // The worker script itself failed (syntax error, failed import): fail every open request.
      const error: EngineError = {
        code: 'unknown',
        message: 'The inference engine stopped unexpectedly. Reload the page to try again.',
        key: 'errors.workerStopped',
        detail: ev.message,
      };
      this.failAll(error);
      this.emit({ type: 'error', error });
    });
  }

  /** Every message from the worker (all requests). Returns an unsubscribe function. */
  subscribe(fn: (m: WorkerToUI) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Messages of one type. Returns an unsubscribe function. */
  on<T extends WorkerToUI['type']>(type: T, fn: (m: Msg<T>) => void): () => void {
    return this.subscribe((m) => {
      if (m.type === type) fn(m as Msg<T>);
    });
  }

  async probe(): Promise<GpuInfo> {
    const m = await this.request<'probe-result'>({ type: 'probe', requestId: newId() }, ['probe-result']);
    return m.gpu;
  }

  /** The files and sizes a load would download; `onProgress` hears of a request there waiting to be retried. */
  async plan(source: ModelSource, device: DevicePreference, dtype: DtypePreference, onProgress?: LoadHandlers['onProgress']): Promise<LoadPlan> {
    const m = await this.request<'download-plan'>({ type: 'plan', requestId: newId(), source, device, dtype }, ['download-plan'], (ev) => {
      if (ev.type === 'download-progress') onProgress?.(ev);
    });
    return m.plan;
  }

  async load(
    source: ModelSource,
    device: DevicePreference,
    dtype: DtypePreference,
    handlers: LoadHandlers = {},
  ): Promise<LoadedModelInfo> {
    const m = await this.request<'loaded'>(
      { type: 'load', requestId: newId(), source, device, dtype },
      ['loaded'],
      (ev) => {
        if (ev.type === 'load-phase') handlers.onPhase?.(ev.phase, ev.detail);
        else if (ev.type === 'download-progress') handlers.onProgress?.(ev);
        else if (ev.type === 'notice') handlers.onNotice?.(ev.notice);
      },
    );
    return m.info;
  }

  /**
   * Generate an answer to the last user turn of `messages`. Resolves when the generation ends
   * (EOS, max tokens, or `stop()`: `reason` says which; a stopped answer keeps its text).
   */
  async generate(
    messages: ChatTurn[],
    sampling: SamplingSettings,
    contextWindow: number,
    handlers: GenerateHandlers = {},
  ): Promise<GenerationResult> {
    const m = await this.request<'generation-end'>(
      { type: 'generate', requestId: newId(), messages, sampling, contextWindow },
      ['generation-end'],
      (ev) => {
        if (ev.type === 'token') handlers.onToken?.(ev);
        else if (ev.type === 'generation-start') handlers.onStart?.(ev);
        else if (ev.type === 'reasoning-end') handlers.onReasoningEnd?.(ev);
        else if (ev.type === 'notice') handlers.onNotice?.(ev.notice);
      },
    );
    const { type: _type, ...rest } = m;
    return rest;
  }

  /** Interrupt the running generation at the next token. */
  stop(): void {
    this.worker.postMessage({ type: 'stop' });
  }

  /** Forget the KV cache (call when switching or starting a conversation). */
  reset(): void {
    this.worker.postMessage({ type: 'reset' });
  }

  downloadControl(action: 'pause' | 'resume' | 'cancel'): void {
    this.worker.postMessage({ type: 'download-control', action });
  }

  async diagnostics(): Promise<EngineDiagnostics> {
    const m = await this.request<'diagnostics'>({ type: 'diagnostics', requestId: newId() }, ['diagnostics']);
    return m.diagnostics;
  }

  // ── Hardware page (issue 7): benchmark, GPU correctness check, model info ──

  /** Run the standard benchmark on the loaded model. */
  async benchmark(spec: BenchmarkSpec, onProgress?: (p: Msg<'task-progress'>) => void): Promise<Msg<'benchmark-result'>> {
    return this.request<'benchmark-result'>({ type: 'benchmark', requestId: newId(), spec }, ['benchmark-result'], (ev) => {
      if (ev.type === 'task-progress') onProgress?.(ev);
    });
  }

  /** The GPU correctness check: WebGPU vs WASM logits on one greedy sequence. */
  async compareLogits(spec: LogitCheckSpec, onProgress?: (p: Msg<'task-progress'>) => void): Promise<LogitCheckResult> {
    const m = await this.request<'compare-logits-result'>(
      { type: 'compare-logits', requestId: newId(), spec },
      ['compare-logits-result'],
      (ev) => {
        if (ev.type === 'task-progress') onProgress?.(ev);
      },
    );
    return m.result;
  }

  /** What the engine has loaded now (null when nothing). */
  async modelInfo(): Promise<LoadedModelInfo | null> {
    const m = await this.request<'model-info'>({ type: 'model-info', requestId: newId() }, ['model-info']);
    return m.info;
  }

  async unload(): Promise<void> {
    await this.request<'unloaded'>({ type: 'unload', requestId: newId() }, ['unloaded']);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private request<T extends WorkerToUI['type']>(
    msg: Extract<UIToWorker, { requestId: string }>,
    settles: T[],
    onEvent?: (m: WorkerToUI) => void,
  ): Promise<Msg<T>> {
    return new Promise<Msg<T>>((resolve, reject) => {
      this.pending.set(msg.requestId, {
        request: msg,
        resolve: resolve as (m: WorkerToUI) => void,
        reject,
        settles,
        onEvent,
      });
      this.worker.postMessage(msg);
    });
  }

  private dispatch(m: WorkerToUI): void {
    const requestId = 'requestId' in m ? m.requestId : undefined;
    const p = requestId !== undefined ? this.pending.get(requestId) : undefined;
    if (m.type === 'restart') {
      this.emit(m);
      const failure = this.restarts.spend(m);
      if (failure && p) {
        this.pending.delete(m.requestId);
        p.reject(failure);
        return;
      }
      this.restart(m);
      return;
    }
    if (m.type === 'device-lost') return this.replaceAfterLoss(m.error);
    if (p && requestId !== undefined) {
      if (m.type === 'error') {
        this.pending.delete(requestId);
        p.reject(new EngineFailure(m.error));
      } else if (p.settles.includes(m.type)) {
        this.pending.delete(requestId);
        p.resolve(m);
      } else {
        p.onEvent?.(m);
      }
    }
    this.emit(m);
    // A request failed on a lost GPU (a Load after a GPU crash, a run on a lost device): this worker is done.
    if (m.type === 'error' && m.error.code === 'device-lost') this.replaceAfterLoss(m.error);
  }

  /**
   * The GPU is gone, and nothing WebGPU in this worker works again (not even on a new adapter): fail what
   * is open with `error`, start a fresh worker, and tell the listeners (`device-lost`), who load again.
   */
  private replaceAfterLoss(error: EngineError): void {
    this.failAll(error);
    this.replaceWorker();
    this.emit({ type: 'device-lost', error });
  }

  private failAll(error: EngineError): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new EngineFailure(error));
    }
  }

  private replaceWorker(): void {
    const old = this.worker;
    this.worker = this.createWorker();
    this.attach(this.worker);
    old.terminate();
  }

  /** Replace the worker and send the open requests again (the load with the fallback dtype). */
  private restart(m: Msg<'restart'>): void {
    this.replaceWorker();
    for (const p of this.pending.values()) {
      p.request = resend(p.request, m);
      this.worker.postMessage(p.request);
    }
  }

  private emit(m: WorkerToUI): void {
    for (const fn of this.listeners) fn(m);
  }
}
