/**
 * Where a model's files come from: the one place that maps a `ModelSource` onto transformers.js's
 * `env` (hub host, same-origin folder, or files the user picked), and returns the id to load.
 *
 * The model file store (src/storage/models) plugs in here: set `env.useCustomCache = true` and
 * `env.customCache = { match, put }` (transformers.js tries `match` with the local path, then the
 * remote URL, before any network request); `configureSource` leaves those two alone.
 */
import type { ModelSource } from '../core/index.ts';
import { DEFAULT_HUB_HOST } from '../core/url-params.ts';

/** The part of transformers.js's `env` this touches (structural, so tests can pass a plain object). */
export interface SourceEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  remoteHost: string;
  remotePathTemplate: string;
  localModelPath: string;
  useBrowserCache: boolean;
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
}

export interface ResolvedSource {
  /** What to pass to `from_pretrained`. */
  modelId: string;
  revision?: string;
  /** A short label for the UI and logs. */
  label: string;
}

/** URL path prefix under which picked local files are served to transformers.js (never fetched). */
export const LOCAL_FILES_PREFIX = '/__local-files__/';

const HUB_TEMPLATE = '{model}/resolve/{revision}/';

/**
 * Configure `env` for `source`. `baseUrl` is the app's absolute base (`http://host/apps/r1/`);
 * `realFetch` is the platform fetch the override falls back to.
 */
export function configureSource(
  env: SourceEnv,
  source: ModelSource,
  baseUrl: string,
  realFetch: typeof fetch = globalThis.fetch.bind(globalThis),
): ResolvedSource {
  env.fetch = realFetch;
  switch (source.kind) {
    case 'hub': {
      env.allowRemoteModels = true;
      env.allowLocalModels = false;
      env.remoteHost = source.host ?? DEFAULT_HUB_HOST;
      env.remotePathTemplate = HUB_TEMPLATE;
      // Downloads are kept between visits (transformers.js's Cache API store, or the app's own store).
      env.useBrowserCache = typeof caches !== 'undefined';
      return { modelId: source.repo, ...(source.revision ? { revision: source.revision } : {}), label: source.repo };
    }
    case 'same-origin': {
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      // A path, not an http URL: transformers.js's metadata probe skips "local" URLs (model-format.md §3.6).
      // The id is not a valid hub id (it starts with '/'), so it is used as the folder path as is.
      env.useBrowserCache = false;
      return { modelId: `${new URL(baseUrl).pathname}models/${source.id}`, label: source.id };
    }
    case 'local-files': {
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.useBrowserCache = false;
      const files = indexLocalFiles(source.files);
      const prefix = `${LOCAL_FILES_PREFIX}${encodeURIComponent(source.id)}/`;
      env.fetch = (input, init) => {
        const url = typeof input === 'string' ? input : input.href;
        const path = url.startsWith('http') ? new URL(url).pathname : url;
        if (!path.startsWith(prefix)) return realFetch(input, init);
        const file = files.get(decodeURIComponent(path.slice(prefix.length)));
        if (!file) return Promise.resolve(new Response('Not found', { status: 404 }));
        return Promise.resolve(
          new Response(file, { status: 200, headers: { 'content-length': String(file.size) } }),
        );
      };
      return { modelId: prefix.slice(0, -1), label: source.id };
    }
  }
}

/**
 * Files from `<input type=file webkitdirectory>` carry `webkitRelativePath` = `<picked folder>/<path>`;
 * drop the picked folder's name so paths are relative to the model folder (`config.json`, `onnx/…`).
 * A folder one level up (holding the model folder) works too when it has a single child with config.json.
 */
export function indexLocalFiles(files: readonly File[]): Map<string, File> {
  const entries = files.map((f) => {
    const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
    return { parts: rel.split('/').filter(Boolean), file: f };
  });
  const withoutRoot = (drop: number) =>
    new Map(entries.filter((e) => e.parts.length > drop).map((e) => [e.parts.slice(drop).join('/'), e.file]));
  for (const drop of [1, 2, 0]) {
    const m = withoutRoot(drop);
    if (m.has('config.json')) return m;
  }
  return withoutRoot(1);
}
