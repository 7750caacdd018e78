/**
 * What the engine needs from a model file store (the app's is src/storage/models, wired in by the
 * worker): whether it keeps a source's files, the download plan, bringing the files in and serving them
 * to transformers.js, and the UI's pause/resume/cancel. Declared here so the engine depends on no store.
 */
import type { DownloadPlan, DownloadProgress, Dtype, ModelSource, Notice } from '../core/index.ts';
import type { ResponseCache } from './external-split.ts';

export interface ModelFileHandlers {
  onProgress?: (p: DownloadProgress) => void;
  onNotice?: (n: Notice) => void;
}

export interface ModelFileProvider {
  /** Does the store bring this source's files in? (Files the user picked are read in place.) */
  storable(source: ModelSource): boolean;
  /** The files and sizes to download for `dtype`; only asked for a storable source. A wait to retry is reported as progress. */
  plan(source: ModelSource, dtype: Dtype, handlers?: ModelFileHandlers): Promise<DownloadPlan>;
  /** Download what is missing, re-check what is stored; the cache transformers.js reads the files from. */
  prepare(source: ModelSource, dtype: Dtype, handlers: ModelFileHandlers): Promise<ResponseCache>;
  controlDownload(action: 'pause' | 'resume' | 'cancel'): void;
}

/** The part of transformers.js's `env` that says where cached files are read from. */
export interface CacheEnv {
  useCustomCache: boolean;
  customCache: unknown;
}

/**
 * Bring `source`'s files in through `files` (when it keeps them) and point `env` at the store's cache;
 * otherwise let transformers.js fetch the files itself.
 */
export async function useModelFiles(
  env: CacheEnv,
  files: ModelFileProvider | undefined,
  source: ModelSource,
  dtype: Dtype,
  handlers: ModelFileHandlers,
): Promise<void> {
  if (!files?.storable(source)) {
    env.useCustomCache = false;
    env.customCache = null;
    return;
  }
  const cache = await files.prepare(source, dtype, handlers);
  env.useCustomCache = true;
  env.customCache = cache;
}
