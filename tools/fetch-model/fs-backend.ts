/** `StorageBackend` on a local folder (Node), for `npm run fetch-model`. Appends in place, like OPFS in a worker. */
import fs from 'node:fs';
import path from 'node:path';
import type { FileWriter, StorageBackend } from '../../src/storage/models/backend.ts';

export class FsBackend implements StorageBackend {
  readonly name: string;
  constructor(private readonly root: string) {
    this.name = root;
  }

  private abs(p: string): string {
    const abs = path.resolve(this.root, ...p.split('/').filter(Boolean));
    if (abs !== path.resolve(this.root) && !abs.startsWith(path.resolve(this.root) + path.sep)) {
      throw new Error(`path escapes the output folder: ${p}`);
    }
    return abs;
  }

  async size(p: string): Promise<number | null> {
    try {
      return (await fs.promises.stat(this.abs(p))).size;
    } catch {
      return null;
    }
  }

  async blob(p: string): Promise<Blob | null> {
    try {
      return await fs.openAsBlob(this.abs(p));
    } catch {
      return null;
    }
  }

  async readText(p: string): Promise<string | null> {
    try {
      return await fs.promises.readFile(this.abs(p), 'utf8');
    } catch {
      return null;
    }
  }

  async writeText(p: string, text: string): Promise<void> {
    const abs = this.abs(p);
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
    const tmp = `${abs}.tmp-${process.pid}`;
    await fs.promises.writeFile(tmp, text);
    await fs.promises.rename(tmp, abs); // atomic: a crash never leaves half a manifest
  }

  async openWriter(p: string): Promise<FileWriter> {
    const abs = this.abs(p);
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
    const fh = await fs.promises.open(abs, 'a+');
    let size = (await fh.stat()).size;
    return {
      get size() {
        return size;
      },
      async write(chunk: Uint8Array) {
        let off = 0;
        while (off < chunk.byteLength) {
          const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off, size);
          off += bytesWritten;
          size += bytesWritten;
        }
      },
      async flush() {
        await fh.datasync();
      },
      async truncate(n: number) {
        await fh.truncate(n);
        size = n;
      },
      async close() {
        await fh.close();
      },
    };
  }

  async remove(p: string): Promise<void> {
    await fs.promises.rm(this.abs(p), { force: true });
  }

  async removeDir(p: string): Promise<void> {
    await fs.promises.rm(this.abs(p), { recursive: true, force: true });
  }

  async list(p: string): Promise<string[]> {
    try {
      return await fs.promises.readdir(this.abs(p));
    } catch {
      return [];
    }
  }
}
