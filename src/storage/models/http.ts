/** Pure HTTP helpers for the downloader: Content-Range, speed/ETA (the retry policy is retry-policy.ts). */

/** `bytes 100-199/1000` → {start:100, end:199, total:1000}; `bytes *\/1000` → {total:1000}. */
export function parseContentRange(
  header: string | null,
): { start: number; end: number; total: number | null } | { start: null; end: null; total: number } | null {
  if (!header) return null;
  const m = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(header.trim());
  if (!m) return null;
  const total = m[3] === '*' ? null : Number(m[3]);
  if (m[1] === undefined) return total === null ? null : { start: null, end: null, total };
  return { start: Number(m[1]), end: Number(m[2]), total };
}

/** Throughput over a sliding window of samples, and the time left at that pace. */
export class SpeedMeter {
  private samples: { t: number; bytes: number }[] = [];
  constructor(private readonly windowMs = 5000) {}

  /** Record the cumulative byte count at time `t` (ms). */
  add(t: number, bytes: number): void {
    this.samples.push({ t, bytes });
    while (this.samples.length > 2 && t - this.samples[0].t > this.windowMs) this.samples.shift();
  }

  /** Forget history (after a pause, so the pause does not count as slowness). */
  reset(): void {
    this.samples = [];
  }

  bytesPerSec(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0];
    const b = this.samples[this.samples.length - 1];
    const dt = (b.t - a.t) / 1000;
    return dt > 0 ? Math.max(0, (b.bytes - a.bytes) / dt) : 0;
  }

  etaSec(remaining: number): number | null {
    const s = this.bytesPerSec();
    if (remaining <= 0) return 0;
    return s > 0 ? remaining / s : null;
  }
}
