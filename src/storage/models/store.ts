/**
 * The model file store: one folder per model under `models/`, holding `manifest.json` and `files/<name>`.
 *
 * ```
 * models/<readable-name>-<hash>/manifest.json
 * models/<readable-name>-<hash>/files/onnx%2Fmodel_q4f16.onnx
 * ```
 * The manifest says, per file, the size and ETag the host reported, the sha256 it vouched for, the sha256 of
 * what is stored, whether it is complete, and a saved hash state so a resumed download need not re-read.
 */
import type { Dtype } from '../../core/index.ts';
import { joinPath, type StorageBackend } from './backend.ts';
import { modelDirName, sourceKey, sourceLabel, storedFileName } from './files.ts';
import type { ModelManifest, StorableSource, StoredFileRecord, StoredModelSummary } from './types.ts';

const ROOT = 'models';

export function emptyRecord(file: string): StoredFileRecord {
  return {
    file,
    size: null,
    etag: null,
    expectedSha256: null,
    sha256: null,
    complete: false,
    verified: null,
    storedBytes: 0,
    hashState: null,
  };
}

/** The part of the Web Locks API the store uses (tests pass their own). */
export type ModelLocks = Pick<LockManager, 'request'>;

export interface ModelLockOptions {
  /** Give up (null) instead of waiting when another holder has the lock. */
  ifAvailable?: boolean;
  /** Stops the wait (Cancel); the request then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Told once, before waiting, when another holder (another tab) has the lock. */
  onWait?: () => void;
  /** Default `navigator.locks`; without one, `fn` runs without a lock. */
  locks?: ModelLocks;
}

/**
 * Runs `fn` holding a per-model Web Lock, exclusive across tabs, windows and their workers; a plain call where
 * there are no Web Locks. The browser releases the lock when its holder's tab closes or its worker ends.
 */
export async function withModelLock<T>(key: string, fn: () => Promise<T>, opts: ModelLockOptions = {}): Promise<T | null> {
  const locks = opts.locks ?? (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return fn();
  const name = `local-r1-model:${key}`;
  const run = async (lock: Lock | null) => (lock ? { value: await fn() } : null);
  if (opts.ifAvailable || opts.onWait) {
    const got = (await locks.request(name, { ifAvailable: true }, run)) as { value: T } | null;
    if (got || opts.ifAvailable) return got ? got.value : null;
    opts.onWait?.();
  }
  const got = (await locks.request(name, opts.signal ? { signal: opts.signal } : {}, run)) as { value: T } | null;
  return got ? got.value : null;
}

/** Where a model's manifest and files go inside the backend. */
export interface StoreLayout {
  dir(key: string): string;
  file(key: string, file: string): string;
  /** Manifest file name inside `dir`. */
  manifestName: string;
}

/** The app's layout: `models/<name>-<hash>/manifest.json` and `…/files/<encoded path>`. */
export const APP_LAYOUT: StoreLayout = {
  dir: (key) => joinPath(ROOT, modelDirName(key)),
  file: (key, file) => joinPath(ROOT, modelDirName(key), 'files', storedFileName(file)),
  manifestName: 'manifest.json',
};

export class ModelStore {
  constructor(
    readonly backend: StorageBackend,
    readonly layout: StoreLayout = APP_LAYOUT,
  ) {}

  dirOf(key: string): string {
    return this.layout.dir(key);
  }

  filePath(key: string, file: string): string {
    return this.layout.file(key, file);
  }

  async readManifest(key: string): Promise<ModelManifest | null> {
    return this.readManifestAt(this.dirOf(key));
  }

  private async readManifestAt(dir: string): Promise<ModelManifest | null> {
    const text = await this.backend.readText(joinPath(dir, this.layout.manifestName));
    if (!text) return null;
    try {
      const m = JSON.parse(text) as ModelManifest;
      return m.version === 1 && typeof m.key === 'string' && m.files ? m : null;
    } catch {
      return null; // a corrupt manifest is treated as absent: files are re-planned and re-verified
    }
  }

  async writeManifest(m: ModelManifest): Promise<void> {
    await this.backend.writeText(joinPath(this.dirOf(m.key), this.layout.manifestName), JSON.stringify(m));
  }

  async manifestFor(source: StorableSource, baseUrl: string): Promise<ModelManifest> {
    const key = sourceKey(source);
    const existing = await this.readManifest(key);
    if (existing) return existing;
    const now = Date.now();
    return {
      version: 1,
      key,
      label: sourceLabel(source),
      source,
      baseUrl,
      files: {},
      variants: {},
      createdAt: now,
      lastUsedAt: now,
    };
  }

  /** Bytes actually on disk for a file (0 when missing). */
  async storedSize(key: string, file: string): Promise<number> {
    return (await this.backend.size(this.filePath(key, file))) ?? 0;
  }

  async blob(key: string, file: string): Promise<Blob | null> {
    return this.backend.blob(this.filePath(key, file));
  }

  /** Delete a file's bytes and forget everything but its host metadata (size, ETag, expected sha256). */
  async discardFile(m: ModelManifest, file: string): Promise<void> {
    await this.backend.remove(this.filePath(m.key, file));
    const r = m.files[file];
    if (r) {
      m.files[file] = { ...emptyRecord(file), size: r.size, etag: r.etag, expectedSha256: r.expectedSha256 };
    }
    await this.writeManifest(m);
  }

  /** Every stored model, for the storage panel. */
  async list(): Promise<StoredModelSummary[]> {
    const out: StoredModelSummary[] = [];
    for (const dir of await this.backend.list(ROOT)) {
      const m = await this.readManifestAt(joinPath(ROOT, dir));
      if (!m) continue;
      out.push(await this.summarize(m));
    }
    return out.sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  async summarize(m: ModelManifest): Promise<StoredModelSummary> {
    const onDisk = new Map<string, number>();
    for (const r of Object.values(m.files)) {
      let n = r.complete && r.size !== null ? r.size : r.storedBytes;
      if (!r.complete) {
        // A file being written by the worker may refuse reads: fall back to the last checkpoint.
        try {
          n = (await this.backend.size(this.filePath(m.key, r.file))) ?? 0;
        } catch {
          /* keep the checkpoint figure */
        }
      }
      onDisk.set(r.file, n);
    }
    const variants = (Object.entries(m.variants) as [Dtype, string[]][]).map(([dtype, files]) => {
      let totalBytes = 0;
      let storedBytes = 0;
      let complete = true;
      for (const f of files) {
        const r = m.files[f];
        totalBytes += r?.size ?? 0;
        storedBytes += onDisk.get(f) ?? 0;
        if (!r?.complete) complete = false;
      }
      return { dtype, totalBytes, storedBytes, complete };
    });
    return {
      key: m.key,
      label: m.label,
      source: m.source,
      bytesOnDisk: [...onDisk.values()].reduce((a, b) => a + b, 0),
      variants,
      lastUsedAt: m.lastUsedAt,
    };
  }

  /** Remove a model and all its files. */
  async deleteModel(key: string): Promise<void> {
    await this.backend.removeDir(this.dirOf(key));
  }

  async touch(m: ModelManifest): Promise<void> {
    m.lastUsedAt = Date.now();
    await this.writeManifest(m);
  }
}
