/** What the download progress line says. Pure. */
import type { DownloadProgress } from '../../core/index.ts';
import { formatBytes } from '../../core/units.ts';
import { formatEta, formatPercent, formatSpeed } from '../format.ts';

/** True when a snapshot knows no byte at all (a phase that is only starting to count). */
function knowsNothing(p: DownloadProgress): boolean {
  return p.total <= 0 && p.loaded <= 0;
}

/**
 * The progress to show: once a download has reached a size, an empty snapshot that follows (the next
 * phase starting to count from zero) does not replace it, so the finished size stays on screen.
 */
export function keepKnownProgress(shown: DownloadProgress | null, next: DownloadProgress | null): DownloadProgress | null {
  if (next === null) return null;
  if (shown && knowsNothing(next) && !knowsNothing(shown)) return shown;
  return next;
}

/** `1.2 MB of 3.4 MB · 35% · 2.0 MB/s · 2 s left`; `3.4 MB downloaded` once complete; null while nothing is known. */
export function overallProgressText(p: DownloadProgress): string | null {
  if (knowsNothing(p)) return null;
  if (p.total > 0 && p.loaded >= p.total) return `${formatBytes(p.total)} downloaded`;
  const total = p.total > 0 ? formatBytes(p.total) : '?';
  const left = p.paused ? 'paused' : formatEta(p.etaSec);
  return `${formatBytes(p.loaded)} of ${total} · ${formatPercent(p.loaded, p.total)} · ${formatSpeed(p.bytesPerSec)} · ${left}`;
}
