import { describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../src/core/index.ts';
import { keepKnownProgress, overallProgressText } from '../../src/ui/model/progress-text.ts';
import { formatBytes } from '../../src/core/units.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const MB = 1_000_000;
const p = (loaded: number, total: number, more: Partial<DownloadProgress> = {}): DownloadProgress => ({
  files: [],
  loaded,
  total,
  bytesPerSec: 0,
  etaSec: 0,
  paused: false,
  ...more,
});

describe('download progress line', () => {
  it('shows bytes, percent, speed and time left while downloading', () => {
    const text = overallProgressText(f, p(MB, 4 * MB, { bytesPerSec: MB, etaSec: 3 }));
    expect(text).toBe(`${formatBytes(MB)} of ${formatBytes(4 * MB)} · 25% · ${formatBytes(MB)}/s · 3 s left`);
    expect(overallProgressText(f, p(MB, 4 * MB, { paused: true }))).toMatch(/· paused$/);
  });

  it('shows the finished size, not "almost done", once complete', () => {
    const text = overallProgressText(f, p(4 * MB, 4 * MB));
    expect(text).not.toMatch(/almost done|0 B/);
    expect(text).toBe(`${formatBytes(4 * MB)} downloaded`);
  });

  it('shows nothing rather than "0 B of ?" while no size is known', () => {
    expect(overallProgressText(f, p(0, 0))).toBeNull();
  });

  it('keeps the finished download on screen when the next phase starts counting from zero', () => {
    const done = p(4 * MB, 4 * MB);
    const empty = p(0, 0, { files: [{ file: 'config.json', loaded: 0, total: 0, state: 'downloading' }] });
    expect(keepKnownProgress(done, empty)).toBe(done);
    const next = p(10, 100);
    expect(keepKnownProgress(done, next)).toBe(next);
    expect(keepKnownProgress(null, empty)).toBe(empty);
    expect(keepKnownProgress(done, null)).toBeNull();
  });

  it('shows a wait before a retry, in planning (no size yet) and mid-download', () => {
    const retry = { status: 503, attempt: 2, maxAttempts: 5, delayMs: 4000 };
    expect(overallProgressText(f, p(0, 0, { retry }))).toBe('Model host busy (HTTP 503), retrying in 4 s · attempt 2 of 5');
    const mid = overallProgressText(f, p(MB, 4 * MB, { etaSec: null, retry: { status: null, attempt: 3, maxAttempts: 8, delayMs: 1400 } }));
    expect(mid).toBe(`${formatBytes(MB)} of ${formatBytes(4 * MB)} · 25% · – · Connection to the model host failed, retrying in 1 s · attempt 3 of 8`);
    expect(overallProgressText(f, p(0, 0, { retry: { ...retry, status: 502 } }))).toMatch(/^Model host error \(HTTP 502\)/);
  });

  it('keeps the known sizes but shows a retry that starts or ends after them', () => {
    const done = p(4 * MB, 4 * MB);
    const retry = { status: 429, attempt: 2, maxAttempts: 8, delayMs: 2000 };
    const waiting = keepKnownProgress(done, p(0, 0, { retry }));
    expect(waiting).toMatchObject({ loaded: 4 * MB, total: 4 * MB, retry });
    expect(overallProgressText(f, waiting!)).toMatch(/Model host busy \(HTTP 429\), retrying in 2 s · attempt 2 of 8$/);
    expect(keepKnownProgress(waiting, p(0, 0))!.retry).toBeNull();
  });

  it('says when another tab is downloading the model, and stops saying it when this tab goes on', () => {
    const waiting = p(0, 0, { otherTab: true });
    expect(overallProgressText(f, waiting)).toBe('Waiting for the download in another tab to finish; the files it stores will be loaded here without downloading them again.');
    const known = p(1 * MB, 4 * MB);
    expect(overallProgressText(f, keepKnownProgress(known, waiting)!)).toMatch(/^Waiting for the download in another tab/);
    expect(overallProgressText(f, keepKnownProgress(keepKnownProgress(known, waiting), p(0, 0))!)).not.toMatch(/another tab/);
  });
});
