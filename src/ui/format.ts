/** Numbers for people, in the user's language: bytes, speeds, durations, time left, generation stats. Pure. */
import type { GenerationStats } from '../core/index.ts';
import { formatBytes } from '../core/units.ts';
import type { Fmt } from './i18n/types.ts';

/** A number with `digits` decimals (or the fewest needed up to `digits` when `exact` is false), as the language writes it. */
export function num(f: Fmt, v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  return v.toLocaleString(f.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Decimal byte units (`1.37 GB`), numbers as the language writes them. */
export function bytes(f: Fmt, b: number): string {
  return formatBytes(b, undefined, f.locale);
}

export function formatSpeed(f: Fmt, bytesPerSec: number): string {
  return bytesPerSec > 0 ? `${bytes(f, bytesPerSec)}/s` : '–';
}

/** `0.4 s`, `12 s`, `3 min 5 s` (`12 秒`, `3 分 5 秒`). */
export function formatSeconds(f: Fmt, ms: number): string {
  const s = ms / 1000;
  if (s < 10) return f.t('units.seconds', { n: num(f, Math.max(0, s), 1) });
  if (s < 60) return f.t('units.seconds', { n: num(f, Math.round(s)) });
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest === 0 ? f.t('units.minutes', { m: num(f, m) }) : f.t('units.minutesSeconds', { m: num(f, m), s: num(f, rest) });
}

export function formatEta(f: Fmt, sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return f.t('eta.unknown');
  if (sec < 1) return f.t('eta.almostDone');
  if (sec < 60) return f.t('eta.seconds', { n: num(f, Math.ceil(sec)) });
  if (sec < 3600) return f.t('eta.minutes', { n: num(f, Math.ceil(sec / 60)) });
  const h = Math.floor(sec / 3600);
  return f.t('eta.hours', { h: num(f, h), m: num(f, Math.ceil((sec - h * 3600) / 60)) });
}

export function formatPercent(f: Fmt, loaded: number, total: number): string {
  if (total <= 0) return '–';
  return (Math.min(100, Math.floor((loaded / total) * 100)) / 100).toLocaleString(f.locale, { style: 'percent' });
}

function rate(f: Fmt, x: number): string {
  return x >= 100 ? num(f, Math.round(x)) : num(f, x, 1);
}

/** The one-line stats shown under an answer. */
export function formatStats(f: Fmt, s: GenerationStats): string {
  const parts = [
    f.t('stats.tokens', { count: s.generatedTokens, n: num(f, s.generatedTokens) }),
    f.t('stats.firstToken', { time: formatSeconds(f, s.timeToFirstTokenMs) }),
    f.t('stats.prefill', { rate: rate(f, s.prefillTokensPerSec) }),
    f.t('stats.decode', { rate: rate(f, s.decodeTokensPerSec) }),
  ];
  if (s.reasoningTokens > 0) {
    parts.push(f.t('stats.reasoning', { count: s.reasoningTokens, n: num(f, s.reasoningTokens), time: formatSeconds(f, s.reasoningMs) }));
  }
  parts.push(
    s.reusedTokens > 0
      ? f.t('stats.fromCache', { reused: num(f, s.reusedTokens), count: s.promptTokens, n: num(f, s.promptTokens) })
      : f.t('stats.prompt', { count: s.promptTokens, n: num(f, s.promptTokens) }),
  );
  return parts.join(' · ');
}

/** "Thought for 3.2 s" once the reasoning ended. */
export function thoughtFor(f: Fmt, ms: number): string {
  return f.t('reasoning.thoughtFor', { time: formatSeconds(f, ms) });
}
