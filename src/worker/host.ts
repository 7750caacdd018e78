/**
 * The engine's message loop: `UIToWorker` in, `WorkerToUI` out. Kept apart from the worker global so
 * the same code runs in Node (integration tests drive it with onnxruntime-node).
 *
 * Load: probe → device/dtype plan (+ notices) → files → session → warm-up ("compiling"). A q4f16
 * (or fp16) model that throws an f16 kernel error on WebGPU is disposed and reloaded as q4 (fp32),
 * with a notice, without user action. On WebGPU a big single-file model is loaded as graph + external
 * data (external-split.ts), so its weights skip the wasm heap; if that load fails, the plain load is
 * tried once before the fallbacks.
 */
import { AutoConfig, env, ModelRegistry } from '@huggingface/transformers';
import { chooseDevice, f16Fallback, memoryFallback, WASM_ADAPTER_NAME, type DevicePlan } from '../engine/device.ts';
import { EngineFailure, errorText } from '../core/index.ts';
import { isF16Error, toEngineError } from '../engine/errors.ts';
import { emptyGpuInfo, probeGpu } from '../engine/gpu-probe.ts';
import { DEFAULT_TUNING, LlmEngine, type EngineLoadOptions, type EngineTuning, type LibDevice } from '../engine/llm.ts';
import { EXTERNAL_DATA_MIN_BYTES, ModelFileSplitter, splitTarget, type ResponseCache } from '../engine/external-split.ts';
import { DownloadTracker, type LibProgressEvent } from '../engine/progress.ts';
import type { DevicePreference, Device, DownloadPlan, DtypePreference, Dtype, EngineError, ExternalDataInfo, GpuInfo, LoadedModelInfo, ModelSource, Notice } from '../core/index.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';
import { configureSource, type ResolvedSource, type SourceEnv } from '../engine/sources.ts';
import { trimmedNotice } from '../engine/context.ts';
import { handleHardwareRequest, type HardwareContext } from './hardware-tasks.ts';
import type { ModelFiles } from '../storage/models/engine-bridge.ts';

export interface HostOptions {
  /** Absolute URL of the app's base (`…/`), for same-origin models at `<base>models/<id>/`. */
  baseUrl: string;
  /** Override the adapter probe (Node has no WebGPU: pass `async () => null`). */
  probe?: () => Promise<GpuInfo | null>;
  /** Map the planned device onto transformers.js's (Node runs `wasm` plans on `cpu`). */
  libDevice?: (d: DevicePlan['device']) => LibDevice;
  tuning?: EngineTuning;
  /** Minimum ms between two download-progress messages. */
  progressIntervalMs?: number;
  /**
   * On an f16 failure, ask the client for a fresh worker (`restart`) instead of retrying here.
   * True in the browser; Node tests retry in-process.
   */
  restartOnF16Failure?: boolean;
  /**
   * The app's model file store (src/storage/models). When set, hub and same-origin files are downloaded
   * through it (resumable, verified, pausable) and served to transformers.js from it (`env.customCache`),
   * so a stored model loads with no network request. Unset (Node tests): transformers.js fetches itself.
   */
  modelFiles?: ModelFiles;
}

type Post = (m: WorkerToUI) => void;

export class EngineHost {
  private engine: LlmEngine | null = null;
  private info: LoadedModelInfo | null = null;
  private gpu: GpuInfo | null | undefined;
  private tuning: EngineTuning;
  private generating = false;
  /** Serialises load/unload so two loads never overlap. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly post: Post,
    private readonly opts: HostOptions,
  ) {
    this.tuning = { ...(opts.tuning ?? DEFAULT_TUNING) };
  }

  /** The loaded engine (tests and diagnostics). */
  get current(): LlmEngine | null {
    return this.engine;
  }

  async handle(msg: UIToWorker): Promise<void> {
    switch (msg.type) {
      case 'probe': {
        const gpu = await this.probe(true);
        this.post({ type: 'probe-result', requestId: msg.requestId, gpu: gpu ?? emptyGpuInfo(false) });
        return;
      }
      case 'plan':
        return this.serial(() => this.plan(msg.requestId, msg.source, msg.device, msg.dtype));
      case 'load':
        return this.serial(() => this.load(msg.requestId, msg.source, msg.device, msg.dtype));
      case 'unload':
        return this.serial(async () => {
          await this.dispose();
          this.post({ type: 'unloaded', requestId: msg.requestId });
        });
      case 'generate':
        return this.generate(msg);
      case 'stop':
        this.engine?.stop();
        return;
      case 'reset':
        await this.engine?.reset();
        return;
      case 'diagnostics': {
        const e = this.engine;
        this.post({
          type: 'diagnostics',
          requestId: msg.requestId,
          diagnostics: {
            loaded: !!e,
            cachedTokens: e?.cachedTokenCount ?? 0,
            cacheTensors: e?.cacheTensorCount ?? 0,
            gpuTensorsCreated: e?.counters.gpuTensorsCreated ?? 0,
            gpuTensorsDisposed: e?.counters.gpuTensorsDisposed ?? 0,
            cacheCuts: e?.counters.cacheCuts ?? 0,
            chunkedPrefills: e?.counters.chunkedPrefills ?? 0,
            preparedTokens: e?.counters.preparedTokens ?? 0,
          },
        });
        return;
      }
      case 'model-info':
        return handleHardwareRequest(msg, this.hardwareContext());
      case 'benchmark':
      case 'compare-logits':
        // Hardware page (src/worker/hardware-tasks.ts): in the load queue, holding the engine.
        return this.serial(() => handleHardwareRequest(msg, this.hardwareContext()));
      case 'set-tuning': {
        this.tuning = { ...this.tuning, ...msg.tuning };
        if (this.engine) this.engine.tuning = this.tuning;
        return;
      }
      case 'download-control':
        this.opts.modelFiles?.controlDownload(msg.action);
        // Pause/resume/cancel belong to the model file store (src/storage/models), which plugs in
        // through `env.customCache`; transformers.js's own downloads cannot be paused.
        return;
    }
  }

  /** What the Hardware page's requests need from the host (src/worker/hardware-tasks.ts). */
  private hardwareContext(): HardwareContext {
    return {
      post: this.post,
      engine: () => this.engine,
      info: () => this.info,
      probe: () => this.probe(),
      claim: () => !this.generating && (this.generating = true),
      release: () => {
        this.generating = false;
      },
      loadEngine: async (requestId, source, device, dtype) => {
        const src = this.resolve(source);
        await this.useStoredFiles(requestId, source, dtype, (n) => this.post({ type: 'notice', requestId, notice: n }));
        const opts = { modelId: src.modelId, ...(src.revision ? { revision: src.revision } : {}), device: this.libDevice(device), dtype };
        return this.openEngine(opts, device, this.opts.tuning ?? DEFAULT_TUNING, { split: null });
      },
    };
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async probe(fresh = false): Promise<GpuInfo | null> {
    if (this.gpu === undefined || fresh) {
      this.gpu = this.opts.probe ? await this.opts.probe() : await probeGpu();
    }
    return this.gpu;
  }

  private libDevice(d: DevicePlan['device']): LibDevice {
    return this.opts.libDevice ? this.opts.libDevice(d) : d;
  }

  private resolve(source: ModelSource): ResolvedSource {
    return configureSource(env as unknown as SourceEnv, source, this.opts.baseUrl);
  }

  private async plan(
    requestId: string,
    source: ModelSource,
    device: DevicePreference,
    dtype: DtypePreference,
  ): Promise<void> {
    try {
      const decision = chooseDevice(await this.probe(), device, dtype);
      if (!decision.ok) throw new EngineFailure(decision.error);
      const store = this.opts.modelFiles;
      if (store?.storable(source)) {
        this.post({ type: 'download-plan', requestId, plan: await store.plan(source, decision.plan.dtype) });
        return;
      }
      const src = this.resolve(source);
      const opts = {
        device: this.libDevice(decision.plan.device),
        dtype: decision.plan.dtype,
        ...(src.revision ? { revision: src.revision } : {}),
      };
      const files = (await ModelRegistry.get_files(src.modelId, opts)) as string[];
      const rows = await Promise.all(
        files.map(async (file) => {
          const meta = (await ModelRegistry.get_file_metadata(src.modelId, file, opts)) as { size?: number };
          return { file, size: meta.size ?? 0, storedBytes: 0 };
        }),
      );
      const plan: DownloadPlan = { files: rows, totalBytes: rows.reduce((n, r) => n + r.size, 0), storedBytes: 0 };
      this.post({ type: 'download-plan', requestId, plan });
    } catch (e) {
      this.post({ type: 'error', requestId, error: toEngineError(e, 'download') });
    }
  }

  private async load(
    requestId: string,
    source: ModelSource,
    device: DevicePreference,
    dtype: DtypePreference,
  ): Promise<void> {
    const phase = (p: 'planning' | 'downloading' | 'loading' | 'compiling' | 'ready', detail?: string) =>
      this.post({ type: 'load-phase', requestId, phase: p, ...(detail ? { detail } : {}) });
    const notice = (n: Notice) => this.post({ type: 'notice', requestId, notice: n });
    try {
      await this.dispose();
      phase('planning');
      const gpu = await this.probe();
      const decision = chooseDevice(gpu, device, dtype);
      if (!decision.ok) throw new EngineFailure(decision.error);
      const plan = decision.plan;
      for (const n of plan.notices) notice(n);
      const src = this.resolve(source);

      const t0 = performance.now();
      let current: Dtype = plan.dtype;
      let runDevice = plan.device;
      let engine: LlmEngine | null = null;
      let warmupMs = 0;
      let splitAllowed = true;
      let split: ExternalDataInfo | null = null;
      for (let attempt = 0; attempt < 2 && !engine; attempt++) {
        let candidate: LlmEngine | null = null;
        const report: { split: ExternalDataInfo | null } = { split: null };
        try {
          phase('downloading', `${src.label} (${current})`);
          await this.useStoredFiles(requestId, source, current, notice);
          candidate = await this.openEngine(
            {
              modelId: src.modelId,
              ...(src.revision ? { revision: src.revision } : {}),
              device: this.libDevice(runDevice),
              dtype: current,
              onProgress: this.progressReporter(requestId, () => phase('loading', `${src.label} (${current})`)),
            },
            runDevice,
            splitAllowed ? this.tuning : { ...this.tuning, externalDataMinBytes: Infinity },
            report,
          );
          split = report.split;
          phase('compiling', runDevice === 'webgpu' ? 'Compiling shaders and warming up' : 'Warming up');
          warmupMs = await candidate.warmup();
          engine = candidate;
        } catch (e) {
          await candidate?.unload().catch(() => undefined);
          if (report.split && !isF16Error(e)) {
            // The graph + external data load failed for a reason of its own: try the plain load of the
            // same file once (what ran before splitting existed); its failures take the usual paths.
            splitAllowed = false;
            split = null;
            attempt--;
            continue;
          }
          const fallback = f16Fallback(current);
          const memory = attempt === 0 ? memoryFallback(e, current, runDevice, gpu) : null;
          if (memory) {
            notice(memory.notice);
            if (this.opts.restartOnF16Failure) {
              // A fresh worker also gets a fresh wasm heap (it never shrinks after a failed allocation).
              this.post({ type: 'restart', requestId, dtype: memory.dtype, device: memory.device, reason: errorText(e) });
              return;
            }
            current = memory.dtype;
            runDevice = memory.device;
            continue;
          }
          if (attempt === 0 && runDevice === 'webgpu' && fallback && isF16Error(e)) {
            notice({
              code: 'f16-fallback',
              message: `This GPU cannot run the ${current} model (no 16-bit float support in shaders), so the ${fallback} model is loaded instead.`,
            });
            if (this.opts.restartOnF16Failure) {
              // Sessions created later in this worker fail the same way (ONNX Runtime keeps state
              // from the failed f16 shader, even on a new GPUDevice), so the client starts a fresh
              // worker and retries the load with the fallback dtype.
              this.post({ type: 'restart', requestId, dtype: fallback, reason: errorText(e) });
              return;
            }
            current = fallback;
            continue;
          }
          throw e;
        }
      }
      if (!engine) throw new Error('unreachable: no engine after load attempts');
      const facts = engine.facts;
      this.engine = engine;
      this.info = {
        source: stripFiles(source),
        device: runDevice,
        dtype: current,
        adapterName: runDevice === plan.device ? plan.adapterName : WASM_ADAPTER_NAME,
        gpu: gpu ?? null,
        // WebGPU passes capped because longer ones compute attention wrongly here (device.ts attentionPassLimit).
        ...(engine.passLimit ? { attentionPassLimit: engine.passLimit } : {}),
        thinkEndTokenId: facts.thinkEndTokenId,
        numLayers: facts.numLayers,
        loadMs: performance.now() - t0 - warmupMs,
        warmupMs,
        ...(split ? { externalData: split } : {}),
      };
      phase('ready');
      this.post({ type: 'loaded', requestId, info: this.info });
    } catch (e) {
      this.post({ type: 'error', requestId, error: toEngineError(e, 'load') });
    }
  }

  /**
   * `LlmEngine.load`, except that on WebGPU a single-file model of at least `tuning.externalDataMinBytes`
   * is given to ONNX Runtime as a small graph plus the file's own bytes as external data, so its weights
   * go to GPU buffers without being copied into the 4 GiB wasm heap (the real 1.97 GB q4 file cannot be
   * loaded otherwise). `report.split` says whether that happened (also when the load then failed).
   */
  private async openEngine(
    opts: EngineLoadOptions,
    device: Device,
    tuning: EngineTuning,
    report: { split: ExternalDataInfo | null },
  ): Promise<LlmEngine> {
    const minBytes = tuning.externalDataMinBytes ?? EXTERNAL_DATA_MIN_BYTES;
    const file =
      device === 'webgpu' && Number.isFinite(minBytes)
        ? splitTarget(device, opts.dtype, minBytes, await AutoConfig.from_pretrained(opts.modelId, opts.revision ? { revision: opts.revision } : {}))
        : null;
    if (!file) return LlmEngine.load(opts, tuning);
    const splitter = new ModelFileSplitter(file, minBytes);
    const saved = { fetch: env.fetch, cache: env.customCache };
    env.fetch = splitter.wrapFetch(env.fetch);
    if (env.useCustomCache && env.customCache) env.customCache = splitter.wrapCache(env.customCache as ResponseCache);
    try {
      return await LlmEngine.load(
        { ...opts, sessionOptions: { ...opts.sessionOptions, externalData: splitter.externalData } },
        tuning,
      );
    } finally {
      report.split = splitter.info;
      // The session holds the weights now; the file's bytes can go.
      splitter.release();
      env.fetch = saved.fetch;
      env.customCache = saved.cache;
    }
  }

  /** Bring the files in through the model store (when there is one) and let transformers.js read them from it. */
  private async useStoredFiles(requestId: string, source: ModelSource, dtype: Dtype, notice: (n: Notice) => void): Promise<void> {
    const store = this.opts.modelFiles;
    if (!store?.storable(source)) {
      env.useCustomCache = false;
      env.customCache = null;
      return;
    }
    const cache = await store.prepare(source, dtype, {
      onNotice: notice,
      onProgress: (p) => this.post({ type: 'download-progress', requestId, ...p }),
    });
    env.useCustomCache = true;
    env.customCache = cache;
  }

  private progressReporter(requestId: string, onModelFileDone: () => void): (ev: LibProgressEvent) => void {
    const tracker = new DownloadTracker(() => performance.now());
    const interval = this.opts.progressIntervalMs ?? 100;
    let last = -Infinity;
    return (ev) => {
      if (!tracker.onEvent(ev)) return;
      const t = performance.now();
      const final = ev.status === 'done';
      if (!final && t - last < interval) return;
      last = t;
      const s = tracker.snapshot();
      this.post({
        type: 'download-progress',
        requestId,
        files: s.files,
        loaded: s.loaded,
        total: s.total,
        bytesPerSec: s.bytesPerSec,
        etaSec: s.etaSec,
        paused: false,
      });
      if (final && ev.file?.startsWith('onnx/') && ev.file.endsWith('.onnx')) onModelFileDone();
    };
  }

  private async generate(msg: UIToWorker & { type: 'generate' }): Promise<void> {
    const { requestId } = msg;
    const engine = this.engine;
    if (!engine) {
      this.post({ type: 'error', requestId, error: { code: 'not-loaded', message: 'Load a model first.' } });
      return;
    }
    if (this.generating) {
      this.post({
        type: 'error',
        requestId,
        error: { code: 'busy', message: 'An answer is already being generated. Wait for it, or press Stop.' },
      });
      return;
    }
    this.generating = true;
    try {
      const result = await engine.generate(msg.messages, msg.sampling, msg.contextWindow, {
        onStart: (s) => {
          this.post({
            type: 'generation-start',
            requestId,
            promptTokens: s.promptTokens,
            reusedTokens: s.reusedTokens,
            trimmedMessages: s.droppedMessages,
          });
          if (s.droppedMessages > 0) {
            this.post({
              type: 'notice',
              requestId,
              notice: { code: 'context-trimmed', message: trimmedNotice(s.droppedMessages, msg.contextWindow) },
            });
          }
        },
        onToken: (t) => this.post({ type: 'token', requestId, part: t.part, text: t.text, tokenIndex: t.tokenIndex }),
        onReasoningEnd: (ms) => this.post({ type: 'reasoning-end', requestId, reasoningMs: ms }),
      });
      this.post({ type: 'generation-end', requestId, reason: result.reason, stats: result.stats, raw: result.raw });
      // Read the history (as the next prompt will render it) into the cache while the user types.
      const history = [...msg.messages.slice(result.droppedMessages), { role: 'assistant' as const, content: result.raw }];
      void engine.prepareNextTurn(history);
    } catch (e) {
      const error: EngineError = toEngineError(e, 'generate');
      this.post({ type: 'error', requestId, error });
      if (error.code === 'device-lost') await this.dispose().catch(() => undefined);
    } finally {
      this.generating = false;
    }
  }

  private async dispose(): Promise<void> {
    const e = this.engine;
    this.engine = null;
    this.info = null;
    if (e) await e.unload().catch(() => undefined);
  }
}


/** File objects do not need to travel back to the UI. */
function stripFiles(source: ModelSource): ModelSource {
  return source.kind === 'local-files' ? { ...source, files: [] } : source;
}
