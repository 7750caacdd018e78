/** Data the model store keeps per model (one JSON manifest per model folder). */
import type { DownloadProgress, Dtype, ModelSource } from '../../core/index.ts';

export type { DownloadProgress };

/** Sources the store downloads and keeps (local files are read from the user's disk, not copied). */
export type StorableSource = Exclude<ModelSource, { kind: 'local-files' }>;

export interface StoredFileRecord {
  /** Repo-relative path, e.g. `onnx/model_q4f16.onnx`. */
  file: string;
  /** Size the host reported (Content-Range total / Content-Length); null while unknown. */
  size: number | null;
  /** The host's ETag as sent (quotes included). */
  etag: string | null;
  /** sha256 (hex) the host vouched for (hub LFS ETag); null when the host gave none. */
  expectedSha256: string | null;
  /** sha256 (hex) of the stored bytes, computed while downloading; set when complete. */
  sha256: string | null;
  complete: boolean;
  /** What the finished file was checked against: the host's sha256, or only its size. */
  verified: 'sha256' | 'size' | null;
  /** Bytes on disk at the last checkpoint (for the panel while a download runs). */
  storedBytes: number;
  /** Saved incremental-hash state covering the first `bytes` bytes (resume without re-reading). */
  hashState: { bytes: number; state: string } | null;
}

export interface ModelManifest {
  version: 1;
  key: string;
  label: string;
  source: StorableSource;
  /** URL prefix the files were fetched from (ends with `/`). */
  baseUrl: string;
  files: Record<string, StoredFileRecord>;
  /** File list per dtype, fixed at plan time (optional files the host lacks are left out). */
  variants: Partial<Record<Dtype, string[]>>;
  createdAt: number;
  lastUsedAt: number;
}

export interface PlannedFile {
  file: string;
  size: number;
  storedBytes: number;
  complete: boolean;
}

/** What a download of one (model, dtype) involves; `DownloadPlan` in the protocol is a subset. */
export interface ModelPlan {
  key: string;
  label: string;
  source: StorableSource;
  dtype: Dtype;
  baseUrl: string;
  files: PlannedFile[];
  totalBytes: number;
  storedBytes: number;
  /** Bytes still to download (what the quota check compares with the free space). */
  bytesNeeded: number;
  /** Every file is stored and complete: loading needs no network. */
  complete: boolean;
}


/** One model in the storage panel. */
export interface StoredModelSummary {
  key: string;
  label: string;
  source: StorableSource;
  /** Bytes on disk for this model (all dtypes, complete and partial files). */
  bytesOnDisk: number;
  variants: { dtype: Dtype; totalBytes: number; storedBytes: number; complete: boolean }[];
  lastUsedAt: number;
}
