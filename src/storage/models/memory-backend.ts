/**
 * An in-memory `StorageBackend` for tests. Behaves like OPFS: folders are implicit, writes append, and with
 * `capacityBytes` set a write that would go past it throws `QuotaExceededError` and writes nothing (as
 * Chromium's OPFS does in a normal profile).
 */
import { joinPath, type FileWriter, type StorageBackend } from './backend.ts';

export class MemoryBackend implements StorageBackend {
  readonly name = 'memory';
  readonly files = new Map<string, Uint8Array>();
  /** Total bytes this backend may hold (all files); null = unlimited. */
  capacityBytes: number | null = null;

  /** Bytes held by all files. */
  usedBytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.byteLength;
    return n;
  }

  private reserve(growth: number): void {
    if (this.capacityBytes === null || growth <= 0) return;
    if (this.usedBytes() + growth > this.capacityBytes) {
      throw new DOMException(`No space available for this operation (capacity ${this.capacityBytes} B)`, 'QuotaExceededError');
    }
  }

  async size(path: string): Promise<number | null> {
    return this.files.get(joinPath(path))?.byteLength ?? null;
  }

  async blob(path: string): Promise<Blob | null> {
    const f = this.files.get(joinPath(path));
    return f ? new Blob([f.slice()]) : null;
  }

  async readText(path: string): Promise<string | null> {
    const f = this.files.get(joinPath(path));
    return f ? new TextDecoder().decode(f) : null;
  }

  async writeText(path: string, text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    this.reserve(bytes.byteLength - (this.files.get(joinPath(path))?.byteLength ?? 0));
    this.files.set(joinPath(path), bytes);
  }

  async openWriter(path: string): Promise<FileWriter> {
    const key = joinPath(path);
    if (!this.files.has(key)) this.files.set(key, new Uint8Array(0));
    const files = this.files;
    const reserve = (n: number) => this.reserve(n);
    let closed = false;
    const check = () => {
      if (closed) throw new Error(`writer for ${key} is closed`);
    };
    return {
      get size() {
        return files.get(key)?.byteLength ?? 0;
      },
      async write(chunk: Uint8Array) {
        check();
        reserve(chunk.byteLength);
        const cur = files.get(key) ?? new Uint8Array(0);
        const next = new Uint8Array(cur.byteLength + chunk.byteLength);
        next.set(cur);
        next.set(chunk, cur.byteLength);
        files.set(key, next);
      },
      async flush() {
        check();
      },
      async truncate(size: number) {
        check();
        const cur = files.get(key) ?? new Uint8Array(0);
        files.set(key, cur.slice(0, size));
      },
      async close() {
        closed = true;
      },
    };
  }

  async remove(path: string): Promise<void> {
    this.files.delete(joinPath(path));
  }

  async removeDir(path: string): Promise<void> {
    const prefix = joinPath(path) + '/';
    for (const k of [...this.files.keys()]) if (k.startsWith(prefix)) this.files.delete(k);
  }

  async list(path: string): Promise<string[]> {
    const prefix = joinPath(path);
    const p = prefix ? prefix + '/' : '';
    const names = new Set<string>();
    for (const k of this.files.keys()) {
      if (k.startsWith(p)) names.add(k.slice(p.length).split('/')[0]);
    }
    return [...names];
  }

  /** Test helper: overwrite bytes in place (simulates on-disk corruption). */
  corrupt(path: string, offset: number, bytes: Uint8Array): void {
    const f = this.files.get(joinPath(path));
    if (!f) throw new Error(`no file ${path}`);
    f.set(bytes, offset);
  }
}
