/**
 * Planning: which files a (model, dtype) needs, how big they are, how much is stored already.
 *
 * Network use, and only when something is not stored yet: `config.json` (≈1 kB, it decides the file list) and a
 * `Range: bytes=0-0` probe per unknown file (the host answers 206 with `Content-Range: bytes 0-0/<size>` and the
 * ETag). No model bytes move before the caller's quota check. A fully stored variant is planned from its manifest
 * with zero requests.
 */
import type { DownloadRetry, Dtype } from '../../core/index.ts';
import { isQuotaError, ModelStoreError } from './errors.ts';
import { fileUrl, modelFileList, OPTIONAL_FILES, sha256FromEtag, sourceBaseUrl, type ModelConfigLike } from './files.ts';
import { parseContentRange } from './http.ts';
import { fetchRetrying, realSleep, type RetryContext } from './retry-fetch.ts';
import { classifyStatus, DEFAULT_RETRY, type RetryPolicy } from './retry-policy.ts';
import { estimateStorage, storageFull, type StorageEstimateLike } from './quota.ts';
import { emptyRecord, type ModelStore } from './store.ts';
import type { ModelManifest, ModelPlan, StorableSource } from './types.ts';

export interface PlanOptions {
  /** Absolute URL of the app's base (for same-origin sources). */
  appBaseUrl: string;
  fetch?: typeof fetch;
  /** Aborts the requests and any wait before a retry (Cancel). */
  signal?: AbortSignal;
  /** Retries of config.json and the size probes (busy host, failed connection); defaults as downloads. */
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Told when a request waits to be retried, and when the wait ends (null). */
  onRetry?: (r: DownloadRetry | null) => void;
  /** What the browser says about storage, asked when it refuses the manifest (tests). */
  estimate?: () => Promise<StorageEstimateLike | null>;
  /** Leave the manifest alone (another tab holds the model's lock and writes it). */
  readOnly?: boolean;
}

/** Read the ETag a host vouches for: the CDN's `ETag` (what browsers see), or `X-Linked-Etag` where exposed. */
export function etagOf(res: Response): string | null {
  return res.headers.get('x-linked-etag') ?? res.headers.get('etag');
}

function networkError(url: string, e: unknown): ModelStoreError {
  const host = new URL(url).host;
  return new ModelStoreError(
    'network',
    `Could not reach the model host (${host}). Check the connection and try again.`,
    e instanceof Error ? e.message : String(e),
    { key: 'errors.hostUnreachable', values: { host } },
  );
}

export function statusError(status: number, url: string, file: string): ModelStoreError {
  const kind = classifyStatus(status);
  if (kind === 'missing') {
    return new ModelStoreError('missing-file', `The model host has no file "${file}" (HTTP ${status}).`, url, {
      key: 'errors.hostNoFile',
      values: { file, status },
    });
  }
  if (kind === 'denied') {
    return new ModelStoreError(
      'network',
      `The model host refused access to "${file}" (HTTP ${status}). The model may be gated or private.`,
      url,
      { key: 'errors.hostDenied', values: { file, status } },
    );
  }
  return new ModelStoreError('network', `The model host answered HTTP ${status} for "${file}".`, url, {
    key: 'errors.hostStatus',
    values: { file, status },
  });
}

/** The retry context of a plan's requests. */
function retryContext(opts: PlanOptions): RetryContext {
  return {
    policy: { ...DEFAULT_RETRY, ...opts.retry },
    sleep: opts.sleep ?? realSleep,
    now: opts.now ?? (() => Date.now()),
    signal: opts.signal,
    onRetry: opts.onRetry,
  };
}

/** One request of a plan, retried while the host is busy or unreachable; a connection that never comes is `network`. */
async function planRequest(opts: PlanOptions, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchRetrying(opts.fetch ?? fetch, url, { ...init, cache: 'no-store' }, retryContext(opts));
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw networkError(url, e);
  }
}

/** Fetch the whole of a small file (config.json) into memory. */
async function fetchSmall(opts: PlanOptions, url: string, file: string): Promise<Response> {
  const res = await planRequest(opts, url, {});
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw statusError(res.status, url, file);
  }
  return res;
}

/** Size + ETag of a remote file without downloading it. null = the host does not have it (404). */
export async function probeFile(opts: PlanOptions, url: string, file: string): Promise<{ size: number; etag: string | null } | null> {
  const res = await planRequest(opts, url, { headers: { Range: 'bytes=0-0' } });
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel().catch(() => {});
    return null;
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel().catch(() => {});
    throw statusError(res.status, url, file);
  }
  let size: number | null = null;
  if (res.status === 206) size = parseContentRange(res.headers.get('content-range'))?.total ?? null;
  if (size === null) {
    const len = res.headers.get('content-length');
    size = len !== null && res.status === 200 ? Number(len) : null;
  }
  const etag = etagOf(res);
  await res.body?.cancel().catch(() => {});
  if (size === null || !Number.isFinite(size)) {
    throw new ModelStoreError('network', `The model host did not report the size of "${file}".`, url, { key: 'errors.hostNoSize', values: { file } });
  }
  return { size, etag };
}

async function readConfig(store: ModelStore, m: ModelManifest, opts: PlanOptions): Promise<ModelConfigLike> {
  const rec = m.files['config.json'];
  if (rec?.complete) {
    const text = await (await store.blob(m.key, 'config.json'))?.text();
    if (text) return JSON.parse(text) as ModelConfigLike;
  }
  const url = fileUrl(m.baseUrl, 'config.json');
  const res = await fetchSmall(opts, url, 'config.json');
  const bytes = new Uint8Array(await res.arrayBuffer());
  let config: ModelConfigLike;
  try {
    config = JSON.parse(new TextDecoder().decode(bytes)) as ModelConfigLike;
  } catch (e) {
    throw new ModelStoreError(
      'corrupt-file',
      'The model host sent a config.json that is not JSON (is the model address right?).',
      String(e),
      { key: 'errors.configNotJson' },
    );
  }
  // Kept in memory only: the downloader stores it with the rest, after the quota check.
  configCache.set(m.key, bytes);
  const etag = etagOf(res);
  m.files['config.json'] = {
    ...(m.files['config.json'] ?? emptyRecord('config.json')),
    size: bytes.byteLength,
    etag,
    expectedSha256: sha256FromEtag(etag),
  };
  return config;
}

/** config.json bytes fetched while planning, handed to the downloader so it is not fetched twice. */
export const configCache = new Map<string, Uint8Array>();

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Keeps the manifest; a store too full even for the model's file list is the `quota` error, with what the browser says. */
async function writeManifest(store: ModelStore, m: ModelManifest, opts: PlanOptions): Promise<void> {
  try {
    await store.writeManifest(m);
  } catch (e) {
    if (!isQuotaError(e)) throw e;
    const estimate = await (opts.estimate ?? estimateStorage)().catch(() => null);
    const full = storageFull({ file: null, storedBytes: 0, totalBytes: null, estimate });
    throw new ModelStoreError('quota', full.message, e instanceof Error ? `${e.name}: ${e.message}` : String(e), full);
  }
}

export async function planModel(
  store: ModelStore,
  source: StorableSource,
  dtype: Dtype,
  opts: PlanOptions,
): Promise<ModelPlan> {
  const m = await store.manifestFor(source, sourceBaseUrl(source, opts.appBaseUrl));
  if (source.kind === 'same-origin') m.baseUrl = sourceBaseUrl(source, opts.appBaseUrl); // the app may have moved

  let files = m.variants[dtype];
  const known = files && files.every((f) => m.files[f]?.size !== null && m.files[f]?.size !== undefined);
  if (!files || !known) {
    const config = await readConfig(store, m, opts);
    const wanted = modelFileList(config, dtype);
    const probed = await mapLimit(wanted, 4, async (file) => {
      const rec = m.files[file];
      if (rec && rec.size !== null) return file;
      const info = await probeFile(opts, fileUrl(m.baseUrl, file), file);
      if (!info) {
        if (OPTIONAL_FILES.has(file)) return null;
        throw new ModelStoreError(
          'missing-file',
          `The model host has no "${file}", which the ${dtype} variant needs.`,
          fileUrl(m.baseUrl, file),
          { key: 'errors.variantNeeds', values: { file, dtype } },
        );
      }
      m.files[file] = {
        ...(rec ?? emptyRecord(file)),
        size: info.size,
        etag: info.etag,
        expectedSha256: sha256FromEtag(info.etag),
      };
      return file;
    });
    files = probed.filter((x): x is string => x !== null);
    m.variants[dtype] = files;
    if (!opts.readOnly) await writeManifest(store, m, opts);
  }

  const planned = await Promise.all(
    files.map(async (file) => {
      const r = m.files[file];
      const size = r.size ?? 0;
      const storedBytes = r.complete ? size : Math.min(size, await store.storedSize(m.key, file));
      return { file, size, storedBytes, complete: r.complete };
    }),
  );
  const totalBytes = planned.reduce((s, p) => s + p.size, 0);
  const storedBytes = planned.reduce((s, p) => s + p.storedBytes, 0);
  return {
    key: m.key,
    label: m.label,
    source: m.source,
    dtype,
    baseUrl: m.baseUrl,
    files: planned,
    totalBytes,
    storedBytes,
    bytesNeeded: totalBytes - storedBytes,
    complete: planned.every((p) => p.complete),
  };
}
