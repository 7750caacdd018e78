/**
 * The storage a model store writes to, kept small so the same downloader runs on OPFS in the browser,
 * in memory in unit tests and on the file system in Node (`npm run fetch-model`).
 *
 * Paths are `/`-separated, relative to the backend's root (e.g. `models/<dir>/files/<name>`).
 */

/** Appends bytes at the end of a file opened for writing. */
export interface FileWriter {
  /** Bytes in the file now (what a resumed download starts from). */
  readonly size: number;
  write(chunk: Uint8Array): Promise<void>;
  /** Make what was written durable (best effort; cheap on memory backends). */
  flush(): Promise<void>;
  /** Cut the file to `size` bytes (a restart from zero is `truncate(0)`). */
  truncate(size: number): Promise<void>;
  close(): Promise<void>;
}

export interface StorageBackend {
  /** Human name for messages: "OPFS", "memory", the folder path. */
  readonly name: string;
  /** Size in bytes, or null when the file does not exist. */
  size(path: string): Promise<number | null>;
  /** The file as a Blob (an OPFS `File`, a Node `fs.openAsBlob`, …), or null. */
  blob(path: string): Promise<Blob | null>;
  readText(path: string): Promise<string | null>;
  /** Replace a small file's contents (manifests). */
  writeText(path: string, text: string): Promise<void>;
  /** Open for appending; creates the file (and folders) if missing. Only one writer per file at a time. */
  openWriter(path: string): Promise<FileWriter>;
  remove(path: string): Promise<void>;
  /** Remove a folder and everything under it (no error when missing). */
  removeDir(path: string): Promise<void>;
  /** Names of the direct children of a folder (files and folders), or [] when missing. */
  list(path: string): Promise<string[]>;
}

export function joinPath(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p.length > 0)
    .join('/');
}
