/**
 * One file of a download as the store holds it: its manifest record, the bytes on disk and the hash
 * that covers them. Writing a response body through the hash (checkpointed with the bytes, so a resume
 * after a reload continues the hash), starting over, and verifying the complete file.
 */
import { ModelStoreError } from './errors.ts';
import { RetryableError, storageOp } from './download-errors.ts';
import { fileUrl } from './files.ts';
import { feedBlob, newSha256, resumeSha256, type Sha256 } from './hasher.ts';
import { configCache } from './planner.ts';
import { emptyRecord, type ModelStore } from './store.ts';
import type { ModelManifest, StoredFileRecord } from './types.ts';

export type Verdict =
  | { kind: 'ok' }
  /** The storage holds other than what was written to it; the file was set aside. */
  | { kind: 'storage'; onDisk: number; written: number }
  /** Size or sha256 differ from the host's; the file was discarded. */
  | { kind: 'mismatch'; sizeOk: boolean; digest: string; onDisk: number };

export class StoredFile {
  readonly url: string;
  readonly path: string;
  rec: StoredFileRecord;

  constructor(
    private readonly store: ModelStore,
    private readonly m: ModelManifest,
    readonly file: string,
  ) {
    this.url = fileUrl(m.baseUrl, file);
    this.path = store.filePath(m.key, file);
    this.rec = m.files[file] ?? emptyRecord(file);
    m.files[file] = this.rec;
  }

  /** A new record (the file changed on the host): what is stored no longer counts. */
  replaceRecord(rec: StoredFileRecord): void {
    this.rec = this.m.files[this.file] = rec;
  }

  /** config.json fetched while planning: store it without a second request. */
  async storePlannedConfig(): Promise<void> {
    const planned = configCache.get(this.m.key);
    if (this.file !== 'config.json' || !planned || (await this.store.storedSize(this.m.key, this.file)) !== 0) return;
    await storageOp(async () => {
      const w = await this.store.backend.openWriter(this.path);
      try {
        await w.write(planned);
      } finally {
        await w.close();
      }
    });
    configCache.delete(this.m.key);
  }

  /** A hasher covering exactly the bytes on disk (resumed from the checkpoint, topped up by reading). */
  async hasher(): Promise<Sha256> {
    const blob = await this.store.backend.blob(this.path);
    const size = blob?.size ?? 0;
    if (!blob || size === 0) return newSha256();
    if (this.rec.size !== null && size > this.rec.size) {
      await this.store.backend.remove(this.path);
      return newSha256();
    }
    let h: Sha256 | null = null;
    const saved = this.rec.hashState;
    if (saved && saved.bytes <= size) h = await resumeSha256(saved.state, saved.bytes);
    h ??= await newSha256();
    await feedBlob(h, blob, h.bytes);
    return h;
  }

  async checkpoint(hasher: Sha256): Promise<void> {
    this.rec.storedBytes = hasher.bytes;
    this.rec.hashState = { bytes: hasher.bytes, state: hasher.save() };
    await this.store.writeManifest(this.m);
  }

  /** Throw away the stored bytes and the hash: the file is fetched from zero. */
  async restart(hasher: Sha256): Promise<void> {
    try {
      hasher.digest();
    } catch {
      /* already finished */
    }
    this.rec.storedBytes = 0;
    this.rec.hashState = null;
    this.rec.complete = false;
    await storageOp(async () => {
      await this.store.backend.remove(this.path);
      await this.store.writeManifest(this.m);
    });
  }

  /**
   * Write `res`'s body at `at` through `hasher`, checkpointing every `checkpointBytes`; `onBytes` after
   * every chunk. Returns the bytes gained (a read that fails throws `RetryableError` with them).
   */
  async write(res: Response, hasher: Sha256, at: number, checkpointBytes: number, onBytes: (n: number) => void): Promise<number> {
    const w = await storageOp(() => this.store.backend.openWriter(this.path));
    const tally = { gained: 0, sinceCheckpoint: 0 };
    try {
      if (w.size !== at) await storageOp(() => w.truncate(at));
      await readBody(res, tally, async (bytes) => {
        if (this.rec.size !== null && hasher.bytes + bytes.byteLength > this.rec.size) {
          throw new ModelStoreError('corrupt-file', `The host sent more bytes than "${this.file}" has.`, undefined, {
            key: 'errors.tooManyBytes',
            values: { file: this.file },
          });
        }
        await storageOp(() => w.write(bytes));
        hasher.update(bytes);
        tally.gained += bytes.byteLength;
        tally.sinceCheckpoint += bytes.byteLength;
        onBytes(bytes.byteLength);
        if (tally.sinceCheckpoint >= checkpointBytes) {
          await storageOp(() => w.flush());
          await storageOp(() => this.checkpoint(hasher));
          tally.sinceCheckpoint = 0;
        }
      });
    } finally {
      // Checkpoint only a hash that covers exactly the bytes in the file (a refused write cut it back).
      const consistent = w.size === hasher.bytes;
      await w.close().catch(() => {});
      if (tally.sinceCheckpoint > 0 && consistent) await this.checkpoint(hasher).catch(() => {});
    }
    return tally.gained;
  }

  /** Check a fully stored file against what the host said; record it complete, or discard it. */
  async verify(hasher: Sha256): Promise<Verdict> {
    const { rec } = this;
    const onDisk = await storageOp(() => this.store.storedSize(this.m.key, this.file));
    const digest = hasher.digest();
    if (onDisk !== hasher.bytes) {
      await storageOp(() => this.store.discardFile(this.m, this.file)).catch(() => {});
      this.rec = this.m.files[this.file];
      return { kind: 'storage', onDisk, written: hasher.bytes };
    }
    const sizeOk = rec.size === null || (onDisk === rec.size && hasher.bytes === rec.size);
    const shaOk = !rec.expectedSha256 || rec.expectedSha256 === digest;
    if (sizeOk && shaOk) {
      rec.complete = true;
      rec.sha256 = digest;
      rec.verified = rec.expectedSha256 ? 'sha256' : 'size';
      rec.storedBytes = onDisk;
      rec.hashState = null;
      if (rec.size === null) rec.size = onDisk;
      await storageOp(() => this.store.writeManifest(this.m));
      return { kind: 'ok' };
    }
    await storageOp(() => this.store.discardFile(this.m, this.file));
    this.rec = this.m.files[this.file];
    return { kind: 'mismatch', sizeOk, digest, onDisk };
  }
}

/** Every chunk of `res`'s body to `onChunk`; a failed read is retryable with the bytes gained so far. */
async function readBody(res: Response, tally: { gained: number }, onChunk: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  const reader = res.body!.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new RetryableError(e, tally.gained);
      }
      if (chunk.done) break;
      await onChunk(chunk.value);
    }
  } finally {
    reader.releaseLock();
    await res.body?.cancel().catch(() => {});
  }
}
