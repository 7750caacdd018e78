/**
 * The model store as the engine sees it: one object the engine's loader asks to plan, to bring a model's
 * files in (download, resume, verify) and to serve them to transformers.js, and that takes the UI's
 * pause/resume/cancel. It has the shape of the engine's `ModelFileProvider` (src/engine/model-files.ts)
 * without importing the engine; the worker hands one to the other. Failures are thrown as `EngineFailure`
 * carrying the store's `EngineError`.
 */
import { EngineFailure } from '../../core/index.ts';
import type { DownloadPlan, DownloadRetry, Dtype, ModelSource, Notice } from '../../core/index.ts';
import type { TransformersCache } from './custom-cache.ts';
import { abortedError } from './download-errors.ts';
import { DownloadControl } from './downloader.ts';
import { retryOnlyProgress } from './download-progress.ts';
import { isModelStoreError } from './errors.ts';
import { prepareModelFiles, toDownloadPlan, type PrepareOptions } from './index.ts';
import { planModel } from './planner.ts';
import { withModelLock, type ModelStore } from './store.ts';
import { sourceKey } from './files.ts';
import type { DownloadProgress, StorableSource } from './types.ts';
import type { VerifyLevel } from './verify.ts';

export interface PrepareHandlers {
  onProgress?: (p: DownloadProgress) => void;
  onNotice?: (n: Notice) => void;
}

function rethrow(e: unknown): never {
  if (isModelStoreError(e)) throw new EngineFailure(e.toEngineError());
  throw e;
}

export class ModelFiles {
  private control: DownloadControl | null = null;

  constructor(
    readonly store: ModelStore,
    /** Absolute URL of the app's base (`http://host/apps/r1/`). */
    readonly appBaseUrl: string,
    private readonly opts: { verify?: VerifyLevel; extra?: Partial<PrepareOptions> } = {},
  ) {}

  /** Hub and same-origin models go through the store; files the user picked are read in place. */
  storable(source: ModelSource): source is StorableSource {
    return source.kind === 'hub' || source.kind === 'same-origin';
  }

  /**
   * Plan (config.json and size probes, retried while the host is busy, each wait reported as progress that knows
   * no byte yet); Cancel stops it, a wait to retry included. While another tab holds
   * the model's lock (it downloads this model), the plan leaves the manifest to that tab.
   */
  async plan(source: StorableSource, dtype: Dtype, h: PrepareHandlers = {}): Promise<DownloadPlan> {
    const control = new DownloadControl();
    this.control = control;
    const cancel = new AbortController();
    control.onChange(() => {
      if (control.cancelled) cancel.abort(abortedError());
    });
    try {
      const { fetch, retry, sleep, now, locks } = this.opts.extra ?? {};
      const onRetry = h.onProgress && ((r: DownloadRetry | null) => h.onProgress?.(retryOnlyProgress(r)));
      const opts = { appBaseUrl: this.appBaseUrl, fetch, retry, sleep, now, signal: cancel.signal, onRetry };
      const plan = await withModelLock(sourceKey(source), () => planModel(this.store, source, dtype, opts), { ifAvailable: true, locks });
      return toDownloadPlan(plan ?? (await planModel(this.store, source, dtype, { ...opts, readOnly: true })));
    } catch (e) {
      return rethrow(e);
    } finally {
      if (this.control === control) this.control = null;
    }
  }

  /** Download what is missing, re-check what is stored, and return the cache to give transformers.js. */
  async prepare(source: StorableSource, dtype: Dtype, h: PrepareHandlers = {}): Promise<TransformersCache> {
    const control = new DownloadControl();
    this.control = control;
    let prepared: Awaited<ReturnType<typeof prepareModelFiles>>;
    try {
      prepared = await prepareModelFiles(source, dtype, {
        ...this.opts.extra,
        appBaseUrl: this.appBaseUrl,
        store: this.store,
        control,
        verify: this.opts.verify ?? 'full',
        onProgress: h.onProgress,
      });
    } catch (e) {
      rethrow(e);
    } finally {
      if (this.control === control) this.control = null;
    }
    if (prepared.repaired.length > 0) {
      const n = prepared.repaired.length;
      const files = prepared.repaired.map((r) => r.file).join(', ');
      h.onNotice?.({
        code: 'file-repaired',
        message: `${n === 1 ? 'A stored model file was' : `${n} stored model files were`} damaged (${files}) and downloaded again.`,
        key: 'notices.file-repaired',
        values: { count: n, files },
      });
    }
    return prepared.cache;
  }

  /** The UI's pause/resume/cancel for the running download (ignored when none runs). */
  controlDownload(action: 'pause' | 'resume' | 'cancel'): void {
    const c = this.control;
    if (!c) return;
    if (action === 'pause') c.pause();
    else if (action === 'resume') c.resume();
    else c.cancel();
  }
}
