/** What the download progress line says. Pure. */
import type { DownloadProgress, DownloadRetry } from '../../core/index.ts';
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
  if (shown && knowsNothing(next) && !knowsNothing(shown)) {
    // The sizes stay; a wait before a retry or for another tab (or its end) is news.
    const same = (shown.retry ?? null) === (next.retry ?? null) && Boolean(shown.otherTab) === Boolean(next.otherTab);
    return same ? shown : { ...shown, retry: next.retry ?? null, otherTab: Boolean(next.otherTab) };
  }
  return next;
}

/** The progress line while another tab downloads the same model. */
export const OTHER_TAB_TEXT = 'Waiting for the download in another tab to finish; the files it stores will be loaded here without downloading them again.';

/** `Model host busy (HTTP 503), retrying in 4 s · attempt 2 of 5`; `Connection to the model host failed, …`. */
export function retryText(r: DownloadRetry): string {
  const why =
    r.status === null
      ? 'Connection to the model host failed'
      : r.status === 429 || r.status === 503
        ? `Model host busy (HTTP ${r.status})`
        : `Model host error (HTTP ${r.status})`;
  return `${why}, retrying in ${Math.max(1, Math.round(r.delayMs / 1000))} s · attempt ${r.attempt} of ${r.maxAttempts}`;
}

/**
 * `1.2 MB of 3.4 MB · 35% · 2.0 MB/s · 2 s left`; `3.4 MB downloaded` once complete; null while nothing is known.
 * While a request waits to be retried, the wait (`retryText`) takes the place of the time left.
 */
export function overallProgressText(p: DownloadProgress): string | null {
  if (p.otherTab) return OTHER_TAB_TEXT;
  if (knowsNothing(p)) return p.retry ? retryText(p.retry) : null;
  if (p.total > 0 && p.loaded >= p.total && !p.retry) return `${formatBytes(p.total)} downloaded`;
  const total = p.total > 0 ? formatBytes(p.total) : '?';
  const left = p.paused ? 'paused' : p.retry ? retryText(p.retry) : formatEta(p.etaSec);
  return `${formatBytes(p.loaded)} of ${total} · ${formatPercent(p.loaded, p.total)} · ${formatSpeed(p.bytesPerSec)} · ${left}`;
}
