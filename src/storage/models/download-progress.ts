/**
 * A download's progress as the UI sees it: one row per file (state, bytes), totals, speed and time left,
 * reported at most every `intervalMs` unless forced (a state change always is).
 */
import type { DownloadRetry, FileProgress } from '../../core/index.ts';
import type { DownloadControl } from './download-control.ts';
import { SpeedMeter } from './http.ts';
import type { DownloadProgress, ModelPlan } from './types.ts';

/**
 * Progress that knows no byte yet, only a request waiting to be retried (or that the wait ended: null): what
 * planning reports while config.json or a size probe waits out a busy host, so the progress line shows the wait.
 */
export function retryOnlyProgress(retry: DownloadRetry | null): DownloadProgress {
  return { files: [], loaded: 0, total: 0, bytesPerSec: 0, etaSec: null, paused: false, retry };
}

export class ProgressBoard {
  readonly rows: FileProgress[];
  private readonly meter = new SpeedMeter();
  private lastEmit = 0;
  /** The wait before a retry, while there is one. */
  retry: DownloadRetry | null = null;

  constructor(
    plan: ModelPlan,
    private readonly control: DownloadControl,
    /** Body bytes received so far in this download (for the speed). */
    private readonly received: () => number,
    private readonly now: () => number,
    private readonly intervalMs: number,
    private readonly onProgress?: (p: DownloadProgress) => void,
  ) {
    this.rows = plan.files.map((p) => ({
      file: p.file,
      loaded: p.storedBytes,
      total: p.size,
      state: p.complete ? 'cached' : 'queued',
    }));
  }

  row(file: string): FileProgress {
    return this.rows.find((r) => r.file === file)!;
  }

  get total(): number {
    return this.rows.reduce((s, p) => s + p.total, 0);
  }

  /** Bytes stored, no row counting more than its file's size. */
  get stored(): number {
    return this.rows.reduce((s, p) => s + Math.min(p.loaded, p.total || p.loaded), 0);
  }

  /** Forget the speed history (after a pause, so the pause does not count as slowness). */
  resetSpeed(): void {
    this.meter.reset();
  }

  emit(force = false): void {
    const t = this.now();
    if (!force && t - this.lastEmit < this.intervalMs) return;
    this.lastEmit = t;
    const loaded = this.rows.reduce((s, p) => s + p.loaded, 0);
    const total = this.total;
    this.meter.add(t, this.received());
    this.onProgress?.({
      files: this.rows.map((p) => ({ ...p })),
      loaded,
      total,
      bytesPerSec: this.meter.bytesPerSec(),
      etaSec: this.control.paused || this.retry ? null : this.meter.etaSec(total - loaded),
      paused: this.control.paused,
      retry: this.retry,
    });
  }
}
