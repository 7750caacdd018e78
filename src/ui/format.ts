/** Numbers for people: bytes, speeds, durations, time left, generation stats. Pure. */
import type { GenerationStats } from '../core/index.ts';
import { formatBytes } from '../core/units.ts';


export function formatSpeed(bytesPerSec: number): string {
  return bytesPerSec > 0 ? `${formatBytes(bytesPerSec)}/s` : '–';
}

/** `0.4 s`, `12 s`, `3 min 5 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${Math.max(0, s).toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
}

export function formatEta(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return 'time left unknown';
  if (sec < 1) return 'almost done';
  if (sec < 60) return `${Math.ceil(sec)} s left`;
  if (sec < 3600) return `${Math.ceil(sec / 60)} min left`;
  const h = Math.floor(sec / 3600);
  return `${h} h ${Math.ceil((sec - h * 3600) / 60)} min left`;
}

export function formatPercent(loaded: number, total: number): string {
  if (total <= 0) return '–';
  return `${Math.min(100, Math.floor((loaded / total) * 100))}%`;
}

function rate(x: number): string {
  return x >= 100 ? Math.round(x).toString() : x.toFixed(1);
}

/** The one-line stats shown under an answer. */
export function formatStats(s: GenerationStats): string {
  const parts = [
    `${s.generatedTokens} tokens`,
    `first token ${formatSeconds(s.timeToFirstTokenMs)}`,
    `prefill ${rate(s.prefillTokensPerSec)} tok/s`,
    `decode ${rate(s.decodeTokensPerSec)} tok/s`,
  ];
  if (s.reasoningTokens > 0) parts.push(`reasoning ${s.reasoningTokens} tokens, ${formatSeconds(s.reasoningMs)}`);
  parts.push(s.reusedTokens > 0 ? `${s.reusedTokens} of ${s.promptTokens} prompt tokens from cache` : `${s.promptTokens} prompt tokens`);
  return parts.join(' · ');
}

/** "Thought for 3.2 s" once the reasoning ended. */
export function thoughtFor(ms: number): string {
  return `Thought for ${formatSeconds(ms)}`;
}
