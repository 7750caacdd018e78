/**
 * `StorageBackend` on the Origin Private File System (`navigator.storage.getDirectory()`).
 *
 * Writing: in a dedicated worker (where the engine downloads) it uses `createSyncAccessHandle()`, which writes
 * in place — bytes written before a crash or a closed tab stay in the file, so a download resumes from them.
 * The handle's write counts are checked (`sync-writer.ts`): a private window's storage reports "full" as a
 * bogus count instead of an exception.
 * Elsewhere (a window) it falls back to `createWritable({ keepExistingData: true })`, whose writes only land on
 * `close()`; `flush()` then closes and reopens (Chromium copies the file on reopen, so this path is for small
 * files and tests only).
 *
 * Reading (`blob`) works in windows and workers; while a worker holds a sync access handle on a file, reads of
 * that file fail — the store never reads a file that is being written.
 */
import { joinPath, type FileWriter, type StorageBackend } from './backend.ts';
import { StorageFullError, syncHandleReplace, syncHandleWriter, type SyncAccessHandle } from './sync-writer.ts';

type SyncCapableHandle = FileSystemFileHandle & { createSyncAccessHandle?: () => Promise<SyncAccessHandle> };

function isNotFound(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError');
}

/** How long creating a file or folder may take before it counts as storage full (see `createEntry`). */
export const CREATE_TIMEOUT_MS = 30_000;

/** `p`, or `onTimeout()` thrown if it has not settled within `ms` (the promise itself is left to itself). */
export function settleWithin<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * Look an entry up, creating it when missing. In a private window whose OPFS is all but full, Chromium 156 can
 * leave `getFileHandle`/`getDirectoryHandle` with `create: true` for a *new* name unsettled (measured: a worker
 * whose write was just refused, a few hundred bytes of room left, no answer after 20 s; with no room at all it
 * throws QuotaExceededError at once; existing entries are always fine). So the lookup goes without `create`
 * first, and only a real creation waits — at most `CREATE_TIMEOUT_MS`, then it fails as storage full instead of
 * hanging the load for good.
 */
async function createEntry<T>(lookup: (o: { create: boolean }) => Promise<T>, what: string): Promise<T> {
  try {
    return await lookup({ create: false });
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return settleWithin(
    lookup({ create: true }),
    CREATE_TIMEOUT_MS,
    () => new StorageFullError(`OPFS did not create ${what} within ${CREATE_TIMEOUT_MS / 1000} s (a full private-window store does this)`, 0),
  );
}

export class OpfsBackend implements StorageBackend {
  readonly name = 'OPFS';
  private rootPromise: Promise<FileSystemDirectoryHandle> | null = null;

  static isAvailable(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
  }

  private root(): Promise<FileSystemDirectoryHandle> {
    this.rootPromise ??= navigator.storage.getDirectory();
    return this.rootPromise;
  }

  private async dir(parts: string[], create: boolean): Promise<FileSystemDirectoryHandle | null> {
    let d = await this.root();
    for (const p of parts) {
      const parent = d;
      if (create) {
        d = await createEntry((o) => parent.getDirectoryHandle(p, o), `the folder "${p}"`);
        continue;
      }
      try {
        d = await parent.getDirectoryHandle(p);
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    }
    return d;
  }

  private async file(path: string, create: boolean): Promise<FileSystemFileHandle | null> {
    const parts = joinPath(path).split('/');
    const name = parts.pop();
    if (!name) throw new Error(`bad path "${path}"`);
    const d = await this.dir(parts, create);
    if (!d) return null;
    if (create) return createEntry((o) => d.getFileHandle(name, o), `the file "${name}"`);
    try {
      return await d.getFileHandle(name);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async size(path: string): Promise<number | null> {
    const h = await this.file(path, false);
    if (!h) return null;
    return (await h.getFile()).size;
  }

  async blob(path: string): Promise<Blob | null> {
    const h = await this.file(path, false);
    return h ? h.getFile() : null;
  }

  async readText(path: string): Promise<string | null> {
    const b = await this.blob(path);
    return b ? b.text() : null;
  }

  async writeText(path: string, text: string): Promise<void> {
    const h = (await this.file(path, true))!;
    const sync = (h as SyncCapableHandle).createSyncAccessHandle;
    if (typeof sync === 'function' && isDedicatedWorker()) {
      const a = await sync.call(h);
      try {
        syncHandleReplace(a, new TextEncoder().encode(text));
      } finally {
        a.close();
      }
      return;
    }
    const w = await h.createWritable({ keepExistingData: false });
    await w.write(text);
    await w.close();
  }

  async openWriter(path: string): Promise<FileWriter> {
    const h = (await this.file(path, true))!;
    const sync = (h as SyncCapableHandle).createSyncAccessHandle;
    if (typeof sync === 'function' && isDedicatedWorker()) {
      return syncHandleWriter(await sync.call(h));
    }
    return windowWriter(h);
  }

  async remove(path: string): Promise<void> {
    const parts = joinPath(path).split('/');
    const name = parts.pop()!;
    const d = await this.dir(parts, false);
    if (!d) return;
    try {
      await d.removeEntry(name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async removeDir(path: string): Promise<void> {
    const parts = joinPath(path).split('/');
    const name = parts.pop()!;
    const d = await this.dir(parts, false);
    if (!d) return;
    try {
      await d.removeEntry(name, { recursive: true });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async list(path: string): Promise<string[]> {
    const p = joinPath(path);
    const d = await this.dir(p ? p.split('/') : [], false);
    if (!d) return [];
    const names: string[] = [];
    // `keys()` is in every browser with OPFS; the DOM lib types it on FileSystemDirectoryHandle.
    for await (const name of (d as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names;
  }
}

function isDedicatedWorker(): boolean {
  const g = globalThis as { DedicatedWorkerGlobalScope?: unknown; document?: unknown };
  return typeof g.DedicatedWorkerGlobalScope !== 'undefined' && typeof g.document === 'undefined';
}

async function windowWriter(h: FileSystemFileHandle): Promise<FileWriter> {
  let size = (await h.getFile()).size;
  let w = await h.createWritable({ keepExistingData: true });
  await w.seek(size);
  return {
    get size() {
      return size;
    },
    async write(chunk: Uint8Array) {
      await w.write(chunk as Uint8Array<ArrayBuffer>);
      size += chunk.byteLength;
    },
    async flush() {
      await w.close();
      w = await h.createWritable({ keepExistingData: true });
      await w.seek(size);
    },
    async truncate(n: number) {
      await w.truncate(n);
      await w.seek(n);
      size = n;
    },
    async close() {
      await w.close();
    },
  };
}
