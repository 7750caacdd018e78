/**
 * Loading a model, from the user's preference to a warmed-up engine:
 * device/dtype plan (+ notices) → files (through the model file store when there is one) → session →
 * warm-up ("compiling"). Failed attempts go through `nextStep` (load-attempts.ts): split → plain load,
 * out-of-memory → q4f16, f16 kernel error → q4/fp32, in place or in a fresh worker.
 */
import { env, ModelRegistry } from '@huggingface/transformers';
import { EngineFailure } from '../core/index.ts';
import type { Device, DevicePreference, DownloadPlan, DownloadProgress, Dtype, DtypePreference, ExternalDataInfo, GpuInfo, LoadedModelInfo, LoadPhase, LoadPlan, ModelSource, Notice } from '../core/index.ts';
import { chooseDevice, WASM_ADAPTER_NAME, type DevicePlan } from './device.ts';
import { firstAttempt, isMissingOnnxFile, nextStep, runAttempts, type LoadAttempt } from './load-attempts.ts';
import type { EngineLoadOptions, EngineTuning, LibDevice, LlmEngine } from './llm.ts';
import { useModelFiles, type ModelFileProvider } from './model-files.ts';
import { openEngine } from './open-engine.ts';
import { throttledProgress } from './progress.ts';
import { configureSource, type ResolvedSource, type SourceEnv } from './sources.ts';

export interface LoaderOptions {
  /** Absolute URL of the app's base (`…/`), for same-origin models at `<base>models/<id>/`. */
  baseUrl: string;
  /** Map the planned device onto transformers.js's (Node runs `wasm` plans on `cpu`). */
  libDevice?: (d: Device) => LibDevice;
  /** Minimum ms between two download-progress reports. */
  progressIntervalMs?: number;
  /** Fall back in a fresh worker (the browser) instead of in place (Node tests). */
  restartWorker?: boolean;
  /** The model file store; unset, transformers.js fetches the files itself. */
  files?: ModelFileProvider;
  /** The threads a WASM session runs on (onnxruntime-web's `numThreads`); unset: not reported. */
  wasmThreads?: () => number;
}

export interface LoadEvents {
  phase(phase: LoadPhase, detail?: string): void;
  notice(n: Notice): void;
  progress(p: DownloadProgress): void;
}

export interface LoadRequest {
  source: ModelSource;
  device: DevicePreference;
  dtype: DtypePreference;
  gpu: GpuInfo | null;
  tuning: EngineTuning;
}

export type LoadOutcome =
  | { kind: 'loaded'; engine: LlmEngine; info: LoadedModelInfo }
  | { kind: 'restart'; dtype: Dtype; device?: Device; reason: string };

interface Opened {
  engine: LlmEngine;
  warmupMs: number;
  split: ExternalDataInfo | null;
}

export class ModelLoader {
  constructor(private readonly opts: LoaderOptions) {}

  /** The device/dtype plan for a preference on this adapter (throws the refusal as `EngineFailure`). */
  devicePlan(gpu: GpuInfo | null, device: DevicePreference, dtype: DtypePreference): DevicePlan {
    const decision = chooseDevice(gpu, device, dtype);
    if (!decision.ok) throw new EngineFailure(decision.error);
    return decision.plan;
  }

  /** The files and sizes a load would download; `onProgress` hears of a request waiting to be retried. */
  async plan(source: ModelSource, gpu: GpuInfo | null, device: DevicePreference, dtype: DtypePreference, onProgress?: (p: DownloadProgress) => void): Promise<LoadPlan> {
    const plan = this.devicePlan(gpu, device, dtype);
    try {
      return { ...(await this.planFiles(source, plan.device, plan.dtype, onProgress)), device: plan.device, dtype: plan.dtype };
    } catch (e) {
      // The automatic CPU dtype (q8) where the model has no such file: the size of what will load instead.
      if (!plan.dtypeIfMissing || !isMissingOnnxFile(e, plan.dtype)) throw e;
      return { ...(await this.planFiles(source, plan.device, plan.dtypeIfMissing, onProgress)), device: plan.device, dtype: plan.dtypeIfMissing };
    }
  }

  private async planFiles(source: ModelSource, device: Device, dtype: Dtype, onProgress?: (p: DownloadProgress) => void): Promise<DownloadPlan> {
    const files = this.opts.files;
    if (files?.storable(source)) return files.plan(source, dtype, { onProgress });
    const src = this.resolve(source);
    const opts = { device: this.libDevice(device), dtype, ...(src.revision ? { revision: src.revision } : {}) };
    const names = (await ModelRegistry.get_files(src.modelId, opts)) as string[];
    const rows = await Promise.all(
      names.map(async (file) => {
        const meta = (await ModelRegistry.get_file_metadata(src.modelId, file, opts)) as { size?: number };
        return { file, size: meta.size ?? 0, storedBytes: 0 };
      }),
    );
    return { files: rows, totalBytes: rows.reduce((n, r) => n + r.size, 0), storedBytes: 0 };
  }

  /** Load `source` for the chat, with the fallbacks; or say which worker restart the browser needs. */
  async load(req: LoadRequest, ev: LoadEvents): Promise<LoadOutcome> {
    const plan = this.devicePlan(req.gpu, req.device, req.dtype);
    for (const n of plan.notices) ev.notice(n);
    const src = this.resolve(req.source);
    const t0 = performance.now();
    const outcome = await runAttempts(
      firstAttempt(plan.dtype, plan.device),
      (attempt, report) => this.attempt(req, src, attempt, report, ev),
      (failed, failure) =>
        nextStep(failed, failure, {
          gpu: req.gpu,
          restartWorker: !!this.opts.restartWorker,
          ...(plan.dtypeIfMissing ? { dtypeIfMissing: plan.dtypeIfMissing } : {}),
        }),
      ev.notice,
    );
    if (outcome.kind === 'restart') {
      return { kind: 'restart', dtype: outcome.dtype, ...(outcome.device ? { device: outcome.device } : {}), reason: outcome.reason };
    }
    const { engine, warmupMs, split } = outcome.value;
    const run = outcome.attempt;
    const info: LoadedModelInfo = {
      source: stripFiles(req.source),
      device: run.device,
      dtype: run.dtype,
      adapterName: run.device === plan.device ? plan.adapterName : WASM_ADAPTER_NAME,
      gpu: req.gpu ?? null,
      // WebGPU passes capped because longer ones compute attention wrongly here (device.ts attentionPassLimit).
      ...(engine.passLimit ? { attentionPassLimit: engine.passLimit } : {}),
      thinkEndTokenId: engine.facts.thinkEndTokenId,
      numLayers: engine.facts.numLayers,
      loadMs: performance.now() - t0 - warmupMs,
      warmupMs,
      ...(split ? { externalData: split } : {}),
      ...(run.device === 'wasm' && this.opts.wasmThreads ? { wasmThreads: this.opts.wasmThreads() } : {}),
    };
    return { kind: 'loaded', engine, info };
  }

  /** Another engine for `source`, as planned, with no fallbacks and no warm-up (the Hardware page). */
  async open(source: ModelSource, device: Device, dtype: Dtype, tuning: EngineTuning, ev: Omit<LoadEvents, 'phase'>): Promise<LlmEngine> {
    const src = this.resolve(source);
    await useModelFiles(env, this.opts.files, source, dtype, { onNotice: ev.notice, onProgress: ev.progress });
    return openEngine(this.libOptions(src, device, dtype), tuning, { split: null });
  }

  /** One attempt: files, session, warm-up. On failure the half-made engine is unloaded. */
  private async attempt(req: LoadRequest, src: ResolvedSource, a: LoadAttempt, report: { split: boolean }, ev: LoadEvents): Promise<Opened> {
    const label = `${src.label} (${a.dtype})`;
    const opened: { split: ExternalDataInfo | null } = { split: null };
    let engine: LlmEngine | null = null;
    try {
      ev.phase('downloading', label);
      await useModelFiles(env, this.opts.files, req.source, a.dtype, { onNotice: ev.notice, onProgress: ev.progress });
      const onProgress = throttledProgress(ev.progress, this.opts.progressIntervalMs ?? 100, () => ev.phase('loading', label));
      const tuning = a.splitAllowed ? req.tuning : { ...req.tuning, externalDataMinBytes: Infinity };
      engine = await openEngine({ ...this.libOptions(src, a.device, a.dtype), onProgress }, tuning, opened);
      ev.phase('compiling', a.device === 'webgpu' ? 'Compiling shaders and warming up' : 'Warming up');
      const warmupMs = await engine.warmup();
      return { engine, warmupMs, split: opened.split };
    } catch (e) {
      report.split = opened.split !== null;
      await engine?.unload().catch(() => undefined);
      throw e;
    }
  }

  private libOptions(src: ResolvedSource, device: Device, dtype: Dtype): EngineLoadOptions {
    return { modelId: src.modelId, ...(src.revision ? { revision: src.revision } : {}), device: this.libDevice(device), dtype };
  }

  private libDevice(d: Device): LibDevice {
    return this.opts.libDevice ? this.opts.libDevice(d) : d;
  }

  private resolve(source: ModelSource): ResolvedSource {
    return configureSource(env as unknown as SourceEnv, source, this.opts.baseUrl);
  }
}

/** File objects do not need to travel back to the UI. */
function stripFiles(source: ModelSource): ModelSource {
  return source.kind === 'local-files' ? { ...source, files: [] } : source;
}
