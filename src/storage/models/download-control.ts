/**
 * Pause / resume / cancel of a running download: the UI's buttons (through the worker) change it, and
 * the downloader waits on it and aborts its request when it changes.
 */
/** Pause / resume / cancel, shared between the UI's buttons (via the worker) and a running download. */
export class DownloadControl {
  private _paused = false;
  private _cancelled = false;
  private waiters = new Set<() => void>();
  private listeners = new Set<() => void>();

  get paused(): boolean {
    return this._paused;
  }
  get cancelled(): boolean {
    return this._cancelled;
  }
  pause(): void {
    if (this._cancelled) return;
    this._paused = true;
    this.notify();
  }
  resume(): void {
    this._paused = false;
    this.notify();
  }
  cancel(): void {
    this._cancelled = true;
    this._paused = false;
    this.notify();
  }
  /** Called on every state change (the downloader aborts its request on pause/cancel). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  /** Resolves when not paused (or cancelled). */
  whenRunnable(): Promise<void> {
    if (!this._paused) return Promise.resolve();
    return new Promise((r) => this.waiters.add(r));
  }
  private notify() {
    for (const fn of this.listeners) fn();
    if (!this._paused) {
      for (const w of this.waiters) w();
      this.waiters.clear();
    }
  }
}
