/** What the download progress line says. Pure. */
import type { DownloadProgress, DownloadRetry, LoadPhase } from '../../core/index.ts';
import { bytes, formatEta, formatPercent, formatSpeed, num } from '../format.ts';
import type { Fmt } from '../i18n/types.ts';

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
/** `Model host busy (HTTP 503), retrying in 4 s · attempt 2 of 5`; `Connection to the model host failed, …`. */
export function retryText(f: Fmt, r: DownloadRetry): string {
  const why =
    r.status === null
      ? f.t('progress.connectionFailed')
      : f.t(r.status === 429 || r.status === 503 ? 'progress.hostBusy' : 'progress.hostError', { status: r.status });
  return f.t('progress.retrying', {
    why,
    seconds: num(f, Math.max(1, Math.round(r.delayMs / 1000))),
    attempt: num(f, r.attempt),
    max: num(f, r.maxAttempts),
  });
}

/**
 * `1.2 MB of 3.4 MB · 35% · 2.0 MB/s · 2 s left`; `3.4 MB downloaded` once complete; null while nothing is known.
 * While a request waits to be retried, the wait (`retryText`) takes the place of the time left.
 */
export function overallProgressText(f: Fmt, p: DownloadProgress): string | null {
  if (p.otherTab) return f.t('progress.otherTab');
  if (knowsNothing(p)) return p.retry ? retryText(f, p.retry) : null;
  if (p.total > 0 && p.loaded >= p.total && !p.retry) return f.t('progress.downloaded', { size: bytes(f, p.total) });
  const total = p.total > 0 ? bytes(f, p.total) : '?';
  const left = p.paused ? f.t('progress.paused') : p.retry ? retryText(f, p.retry) : formatEta(f, p.etaSec);
  return f.t('progress.overall', {
    loaded: bytes(f, p.loaded),
    total,
    percent: formatPercent(f, p.loaded, p.total),
    speed: formatSpeed(f, p.bytesPerSec),
    left,
  });
}

/**
 * The buttons under the progress: Cancel alone while the load is planned (config.json and the sizes, a wait to
 * retry them included: nothing to pause yet), Pause and Cancel while bytes are still to come, none after.
 */
export function loadControls(phase: LoadPhase | null, p: DownloadProgress | null): 'cancel' | 'pause-cancel' | null {
  if (phase === 'planning') return 'cancel';
  if (phase === 'downloading' && p && p.loaded < p.total) return 'pause-cancel';
  return null;
}
