/**
 * When a model-host request is tried again, and after how long. Pure: every request path (config.json,
 * the size probes, file downloads) asks `decideRetry` and does what it says.
 *
 * - Transient answers (408, 429, 500, 502, 503, 504) and failed connections are retried; anything else
 *   (404, 401/403, 400, …) fails at once.
 * - The wait grows exponentially with "equal jitter" (attempt 1 → [base/2, base], 2 → [base, 2·base], …),
 *   is at least what the host asked for in `Retry-After` (seconds or an HTTP date), and never over `maxDelayMs`.
 * - `maxAttempts` counts requests, the first one included: with 8, a request is retried at most 7 times.
 */

export interface RetryPolicy {
  /** Requests in a row (the first included) that may fail before giving up. */
  maxAttempts: number;
  baseDelayMs: number;
  /** The longest wait before one retry, whatever the host asks for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

export type FailureKind = 'retry' | 'missing' | 'denied' | 'fatal';

/** What to do with an HTTP status that is not 200/206. */
export function classifyStatus(status: number): FailureKind {
  if (status === 404 || status === 410) return 'missing';
  if (status === 401 || status === 403) return 'denied';
  if ([408, 429, 500, 502, 503, 504].includes(status)) return 'retry';
  return 'fatal';
}

/** Why a request failed: the host's answer (with its `Retry-After`), or no answer at all. */
export type RequestFailure = { kind: 'status'; status: number; retryAfter?: string | null } | { kind: 'connection' };

export type RetryDecision =
  | { kind: 'retry'; delayMs: number; /** The number of the next attempt. */ attempt: number; status: number | null }
  | { kind: 'fail' };

/** `Retry-After` as milliseconds from `nowMs`: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (!header) return null;
  const h = header.trim();
  if (/^\d+$/.test(h)) return Number(h) * 1000;
  if (!/[a-z]/i.test(h)) return null;
  const at = Date.parse(h);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Exponential backoff with equal jitter for failed attempt number `attempt` (1-based), capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

/**
 * After `failedAttempts` requests in a row have failed, the last one with `failure`: wait and retry, or fail.
 */
export function decideRetry(
  failure: RequestFailure,
  failedAttempts: number,
  policy: RetryPolicy,
  env: { now: number; random?: () => number },
): RetryDecision {
  if (failure.kind === 'status' && classifyStatus(failure.status) !== 'retry') return { kind: 'fail' };
  if (failedAttempts >= policy.maxAttempts) return { kind: 'fail' };
  const asked = failure.kind === 'status' ? parseRetryAfter(failure.retryAfter, env.now) : null;
  const delayMs = Math.min(policy.maxDelayMs, Math.max(backoffDelay(failedAttempts, policy, env.random), asked ?? 0));
  return { kind: 'retry', delayMs, attempt: failedAttempts + 1, status: failure.kind === 'status' ? failure.status : null };
}
