/**
 * The adapter that serves stored files to transformers.js:
 * `env.useCustomCache = true; env.customCache = createStoreCache(…)`.
 *
 * transformers.js 4.3.1 (`utils/hub.js`, `utils/cache.js`) calls `match(localPath)` and then
 * `match(remoteURL)` for every file, including the metadata probes of `get_file_metadata`; a hit that returns a
 * `Response` with `content-length` means it makes no request at all. Keys vary with the engine's `env`
 * (`localModelPath`, `remoteHost`), so a key is mapped to a repo file by prefix (the source's own URL and any
 * aliases), or else by finding the model id in the path.
 *
 * `put` stores a file transformers.js fetched on its own (one the file list did not predict), so the next load
 * is offline too.
 */
import { ModelStoreError } from './errors.ts';
import type { ModelStore } from './store.ts';
import { emptyRecord } from './store.ts';
import type { ModelManifest } from './types.ts';

/** The `CacheInterface` transformers.js accepts as `env.customCache`. */
export interface TransformersCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete?(key: string): Promise<boolean>;
}

function contentType(file: string): string {
  return file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
}

function absolute(key: string, base: string): string | null {
  try {
    return new URL(key, base).href.split(/[?#]/)[0];
  } catch {
    return null;
  }
}

/** Map a transformers.js cache key to a repo-relative file of this model, or null. */
export function fileForKey(key: string, m: ModelManifest, aliases: string[] = []): string | null {
  const origin = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  const abs = absolute(key, origin);
  const candidates: string[] = [];
  if (abs) {
    for (const prefix of [m.baseUrl, ...aliases]) {
      const p = absolute(prefix, origin);
      if (p && abs.startsWith(p)) candidates.push(abs.slice(p.length));
    }
  }
  // Fallback: find "/<repo or id>/" in the path; for hub URLs skip "resolve/<revision>/".
  const id = m.source.kind === 'hub' ? m.source.repo : m.source.id;
  const path = (abs ? new URL(abs).pathname : key.split(/[?#]/)[0]).replace(/^\/?/, '/');
  const at = path.lastIndexOf(`/${id}/`);
  if (at >= 0) {
    let rest = path.slice(at + id.length + 2);
    if (m.source.kind === 'hub') {
      const rev = encodeURIComponent(m.source.revision ?? 'main');
      if (rest.startsWith(`resolve/${rev}/`)) rest = rest.slice(`resolve/${rev}/`.length);
    }
    candidates.push(rest);
  }
  for (const c of candidates) {
    let file: string;
    try {
      file = decodeURIComponent(c);
    } catch {
      continue;
    }
    if (m.files[file]) return file;
  }
  return null;
}

export function createStoreCache(store: ModelStore, m: ModelManifest, aliases: string[] = []): TransformersCache {
  return {
    async match(key) {
      const file = fileForKey(key, m, aliases);
      if (!file) return undefined;
      const rec = m.files[file];
      if (!rec?.complete) return undefined;
      const blob = await store.blob(m.key, file);
      if (!blob || (rec.size !== null && blob.size !== rec.size)) return undefined;
      return new Response(blob, {
        status: 200,
        headers: { 'content-length': String(blob.size), 'content-type': contentType(file) },
      });
    },

    async put(key, response) {
      const file = fileForUnknownKey(key, m, aliases);
      if (!file || m.files[file]?.complete || !response.body) return;
      const path = store.filePath(m.key, file);
      const w = await store.backend.openWriter(path);
      try {
        await w.truncate(0);
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          await w.write(value);
        }
      } finally {
        await w.close();
      }
      const size = (await store.backend.size(path)) ?? 0;
      m.files[file] = { ...emptyRecord(file), size, complete: true, verified: 'size', storedBytes: size };
      await store.writeManifest(m);
    },

    async delete(key) {
      const file = fileForKey(key, m, aliases);
      if (!file) return false;
      await store.discardFile(m, file);
      return true;
    },
  };
}

/** Like `fileForKey`, but for files not yet in the manifest (used by `put`). */
function fileForUnknownKey(key: string, m: ModelManifest, aliases: string[]): string | null {
  const origin = typeof location !== 'undefined' ? location.href : 'http://localhost/';
  const abs = absolute(key, origin);
  if (!abs) return null;
  for (const prefix of [m.baseUrl, ...aliases]) {
    const p = absolute(prefix, origin);
    if (p && abs.startsWith(p)) {
      try {
        const file = decodeURIComponent(abs.slice(p.length));
        if (file && !file.includes('..')) return file;
      } catch {
        return null;
      }
    }
  }
  return null;
}

export { ModelStoreError };
