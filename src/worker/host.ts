/**
 * The engine's message loop: `UIToWorker` in, `WorkerToUI` out. Kept apart from the worker global so
 * the same code runs in Node (integration tests drive it with onnxruntime-node). Loading itself, with
 * its fallbacks, is the engine's (src/engine/loader.ts); this posts what it reports.
 */
import { deviceLostError, toEngineError } from '../engine/errors.ts';
import { DeviceWatch, type DeviceLoss, type LosableDevice } from '../engine/device-watch.ts';
import { emptyGpuInfo, probeGpu } from '../engine/gpu-probe.ts';
import { DEFAULT_TUNING, type EngineTuning, type LibDevice, type LlmEngine } from '../engine/llm.ts';
import { ModelLoader, type LoadEvents } from '../engine/loader.ts';
import type { ModelFileProvider } from '../engine/model-files.ts';
import type { Device, DevicePreference, DtypePreference, EngineError, GpuInfo, LoadedModelInfo, ModelSource } from '../core/index.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';
import { keptTurns, trimmedNotice } from '../engine/context.ts';
import { handleHardwareRequest, type HardwareContext } from './hardware-tasks.ts';

export interface HostOptions {
  /** Absolute URL of the app's base (`…/`), for same-origin models at `<base>models/<id>/`. */
  baseUrl: string;
  /** Override the adapter probe (Node has no WebGPU: pass `async () => null`). */
  probe?: () => Promise<GpuInfo | null>;
  /** Map the planned device onto transformers.js's (Node runs `wasm` plans on `cpu`). */
  libDevice?: (d: Device) => LibDevice;
  tuning?: EngineTuning;
  /** Minimum ms between two download-progress messages. */
  progressIntervalMs?: number;
  /** On an f16 failure, ask the client for a fresh worker (`restart`; the browser), not retry here (Node tests). */
  restartOnF16Failure?: boolean;
  /**
   * The app's model file store (src/storage/models). When set, hub and same-origin files are downloaded
   * through it (resumable, verified, pausable) and served to transformers.js from it (`env.customCache`),
   * so a stored model loads with no network request. Unset (Node tests): transformers.js fetches itself.
   */
  modelFiles?: ModelFileProvider;
  /** The GPUDevice WebGPU sessions run on (onnxruntime-web's), read after a WebGPU load to report `lost`; unset: none. */
  gpuDevice?: () => Promise<LosableDevice | null>;
  /** The threads a WASM session runs on, for `LoadedModelInfo` (the browser: onnxruntime-web's `numThreads`). */
  wasmThreads?: () => number;
  /** Told what the first GPU probe found, before any session exists (the browser picks its ONNX Runtime build). */
  onFirstProbe?: (gpu: GpuInfo | null) => void;
}

/** How long a failed run on the GPU waits for `GPUDevice.lost`, to tell a lost device from a real error. */
const LOSS_GRACE_MS = 300;

type Post = (m: WorkerToUI) => void;

export class EngineHost {
  private engine: LlmEngine | null = null;
  private info: LoadedModelInfo | null = null;
  private gpu: GpuInfo | null | undefined;
  private tuning: EngineTuning;
  private generating = false;
  /** Serialises load/unload so two loads never overlap. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly loader: ModelLoader;
  private readonly deviceWatch = new DeviceWatch((loss) => this.onDeviceLost(loss));
  /** The GPU was lost and the client was told (once: nothing WebGPU in this worker works again). */
  private lostReported = false;

  constructor(
    private readonly post: Post,
    private readonly opts: HostOptions,
  ) {
    this.tuning = { ...(opts.tuning ?? DEFAULT_TUNING) };
    this.loader = new ModelLoader({
      baseUrl: opts.baseUrl,
      ...(opts.libDevice ? { libDevice: opts.libDevice } : {}),
      ...(opts.progressIntervalMs !== undefined ? { progressIntervalMs: opts.progressIntervalMs } : {}),
      restartWorker: !!opts.restartOnF16Failure,
      ...(opts.modelFiles ? { files: opts.modelFiles } : {}),
      ...(opts.wasmThreads ? { wasmThreads: opts.wasmThreads } : {}),
    });
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
        // Hardware page (hardware-tasks.ts): in the load queue, holding the engine.
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

  /** What the Hardware page's requests need from the host (hardware-tasks.ts). */
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
      loadEngine: (requestId, source, device, dtype) =>
        this.loader.open(source, device, dtype, this.opts.tuning ?? DEFAULT_TUNING, this.loadEvents(requestId)),
    };
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async probe(fresh = false): Promise<GpuInfo | null> {
    if (this.gpu === undefined || fresh) {
      const first = this.gpu === undefined;
      this.gpu = this.opts.probe ? await this.opts.probe() : await probeGpu();
      if (first) this.opts.onFirstProbe?.(this.gpu);
    }
    return this.gpu;
  }

  private async plan(requestId: string, source: ModelSource, device: DevicePreference, dtype: DtypePreference): Promise<void> {
    try {
      const plan = await this.loader.plan(source, await this.probe(), device, dtype, this.loadEvents(requestId).progress);
      this.post({ type: 'download-plan', requestId, plan });
    } catch (e) {
      this.post({ type: 'error', requestId, error: toEngineError(e, 'download') });
    }
  }

  private async load(requestId: string, source: ModelSource, device: DevicePreference, dtype: DtypePreference): Promise<void> {
    try {
      await this.dispose();
      const events = this.loadEvents(requestId);
      events.phase('planning');
      const gpu = await this.probe();
      const outcome = await this.loader.load({ source, device, dtype, gpu, tuning: this.tuning }, events);
      if (outcome.kind === 'restart') {
        const { kind: _kind, ...restart } = outcome;
        this.post({ type: 'restart', requestId, ...restart });
        return;
      }
      this.engine = outcome.engine;
      this.info = outcome.info;
      if (outcome.info.device === 'webgpu') await this.watchDevice();
      events.phase('ready');
      this.post({ type: 'loaded', requestId, info: outcome.info });
    } catch (e) {
      this.post({ type: 'error', requestId, error: toEngineError(e, 'load') });
    }
  }

  /** A load's phases, notices and download progress, as messages for request `requestId`. */
  private loadEvents(requestId: string): LoadEvents {
    return {
      phase: (phase, detail) => this.post({ type: 'load-phase', requestId, phase, ...(detail ? { detail } : {}) }),
      notice: (notice) => this.post({ type: 'notice', requestId, notice }),
      progress: (p) => this.post({ type: 'download-progress', requestId, ...p }),
    };
  }

  private async generate(msg: UIToWorker & { type: 'generate' }): Promise<void> {
    const { requestId } = msg;
    const engine = this.engine;
    if (!engine) {
      this.post({ type: 'error', requestId, error: { code: 'not-loaded', message: 'Load a model first.', key: 'errors.not-loaded' } });
      return;
    }
    if (this.generating) {
      this.post({
        type: 'error',
        requestId,
        error: { code: 'busy', message: 'An answer is already being generated. Wait for it, or press Stop.', key: 'errors.busy' },
      });
      return;
    }
    this.generating = true;
    const onGpu = this.info?.device === 'webgpu';
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
              notice: {
                code: 'context-trimmed',
                message: trimmedNotice(s.droppedMessages, msg.contextWindow),
                key: 'notices.context-trimmed',
                values: { count: s.droppedMessages, window: msg.contextWindow },
              },
            });
          }
        },
        onToken: (t) => this.post({ type: 'token', requestId, part: t.part, text: t.text, tokenIndex: t.tokenIndex }),
        onReasoningEnd: (ms) => this.post({ type: 'reasoning-end', requestId, reasoningMs: ms }),
      });
      this.post({ type: 'generation-end', requestId, reason: result.reason, stats: result.stats, raw: result.raw });
      // Read the history (as the next prompt will render it) into the cache while the user types.
      const history = [...keptTurns(msg.messages, result.droppedMessages), { role: 'assistant' as const, content: result.raw }];
      void engine.prepareNextTurn(history);
    } catch (e) {
      let error: EngineError = toEngineError(e, 'generate');
      const loss = onGpu && error.code !== 'device-lost' ? await this.deviceWatch.lostWithin(LOSS_GRACE_MS) : null;
      if (loss) error = deviceLostError(loss.reason, loss.message, 'generate');
      this.post({ type: 'error', requestId, error });
      if (error.code === 'device-lost') this.reportLoss(error);
    } finally {
      this.generating = false;
    }
  }

  /** Watch the GPUDevice the loaded model runs on for its loss. */
  private async watchDevice(): Promise<void> {
    const device = await this.opts.gpuDevice?.().catch(() => null);
    if (device) this.deviceWatch.watch(device);
  }

  private onDeviceLost(loss: DeviceLoss): void {
    this.reportLoss(deviceLostError(loss.reason, loss.message, this.generating ? 'generate' : 'load'));
  }

  /** The GPU is gone: stop the answer, tell the client once (it replaces this worker), drop the model. */
  private reportLoss(error: EngineError): void {
    if (this.lostReported) return;
    this.lostReported = true;
    this.engine?.stop();
    this.post({ type: 'device-lost', error });
    void this.dispose().catch(() => undefined);
  }

  private async dispose(): Promise<void> {
    const e = this.engine;
    this.engine = null;
    this.info = null;
    if (e) await e.unload().catch(() => undefined);
  }
}

