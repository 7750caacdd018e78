/**
 * Turns transformers.js `progress_callback` events into the protocol's download progress: one row
 * per file, overall bytes, speed and time left. Pure: the clock is injected.
 */
import type { DownloadProgress, FileProgress } from '../core/index.ts';

/** The subset of transformers.js progress events this uses (`utils/core.js` ProgressInfo). */
export interface LibProgressEvent {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
}

export interface ProgressSnapshot {
  files: FileProgress[];
  loaded: number;
  total: number;
  bytesPerSec: number;
  etaSec: number | null;
}

export class DownloadTracker {
  private readonly files = new Map<string, FileProgress>();
  private readonly now: () => number;
  private lastT: number | null = null;
  private lastLoaded = 0;
  private speed = 0;
  /** Smoothing window for the speed estimate, in ms. */
  private readonly tau: number;

  constructor(now: () => number, tauMs = 2000) {
    this.now = now;
    this.tau = tauMs;
  }

  /** Returns true when the snapshot changed. */
  onEvent(ev: LibProgressEvent): boolean {
    const file = ev.file;
    if (!file) return false;
    const row = this.files.get(file) ?? { file, loaded: 0, total: 0, state: 'queued' as const };
    switch (ev.status) {
      case 'initiate':
        break;
      case 'download':
        row.state = 'downloading';
        break;
      case 'progress':
        row.state = 'downloading';
        if (typeof ev.total === 'number' && ev.total > 0) row.total = ev.total;
        if (typeof ev.loaded === 'number') row.loaded = Math.max(row.loaded, ev.loaded);
        break;
      case 'done':
        row.state = 'done';
        if (row.total === 0) row.total = row.loaded;
        row.loaded = row.total;
        break;
      default:
        return false;
    }
    this.files.set(file, row);
    this.updateSpeed();
    return true;
  }

  private updateSpeed(): void {
    const t = this.now();
    const loaded = this.totals().loaded;
    if (this.lastT === null) {
      this.lastT = t;
      this.lastLoaded = loaded;
      return;
    }
    const dt = t - this.lastT;
    if (dt < 50) return; // too short to measure; keep accumulating
    const inst = ((loaded - this.lastLoaded) * 1000) / dt;
    const a = 1 - Math.exp(-dt / this.tau);
    this.speed = this.speed === 0 ? inst : this.speed + a * (inst - this.speed);
    this.lastT = t;
    this.lastLoaded = loaded;
  }

  private totals(): { loaded: number; total: number } {
    let loaded = 0;
    let total = 0;
    for (const f of this.files.values()) {
      loaded += f.loaded;
      total += Math.max(f.total, f.loaded);
    }
    return { loaded, total };
  }

  snapshot(): ProgressSnapshot {
    const { loaded, total } = this.totals();
    const remaining = total - loaded;
    const etaSec = remaining <= 0 ? 0 : this.speed > 0 ? remaining / this.speed : null;
    return {
      files: [...this.files.values()].map((f) => ({ ...f })),
      loaded,
      total,
      bytesPerSec: this.speed,
      etaSec,
    };
  }
}

/**
 * transformers.js's progress events → download progress at most every `intervalMs` (a file's last
 * event always passes); `onModelFileDone` when an `onnx/*.onnx` file has arrived (its session is next).
 */
export function throttledProgress(
  post: (p: DownloadProgress) => void,
  intervalMs: number,
  onModelFileDone: () => void,
): (ev: LibProgressEvent) => void {
  const tracker = new DownloadTracker(() => performance.now());
  let last = -Infinity;
  return (ev) => {
    if (!tracker.onEvent(ev)) return;
    const t = performance.now();
    const final = ev.status === 'done';
    if (!final && t - last < intervalMs) return;
    last = t;
    const s = tracker.snapshot();
    post({ files: s.files, loaded: s.loaded, total: s.total, bytesPerSec: s.bytesPerSec, etaSec: s.etaSec, paused: false });
    if (final && ev.file?.startsWith('onnx/') && ev.file.endsWith('.onnx')) onModelFileDone();
  };
}
