/**
 * Waiting before a retry, and a small request (config.json, a size probe) retried as `decideRetry` says.
 * The wait ends early when the signal aborts (Cancel), and is reported so the progress line can show it.
 */
import type { DownloadRetry } from '../../core/index.ts';
import { decideRetry, type RequestFailure, type RetryPolicy } from './retry-policy.ts';

export interface RetryContext {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Aborts the request and any wait (Cancel). */
  signal?: AbortSignal;
  /** Told when a wait starts (with what it is) and when it ends (null). */
  onRetry?: (r: DownloadRetry | null) => void;
}

export const realSleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

/** Wait `ms`, or less when `signal` aborts; then throw its reason. */
export async function waitOrAbort(sleep: (ms: number) => Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  const reason = (): unknown => signal.reason ?? new Error('aborted');
  if (signal.aborted) throw reason();
  let off = () => {};
  const aborted = new Promise<never>((_, reject) => {
    const on = () => reject(reason());
    signal.addEventListener('abort', on, { once: true });
    off = () => signal.removeEventListener('abort', on);
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    off();
  }
}

/** A failing response as a `RequestFailure` (its status and `Retry-After`). */
export function responseFailure(res: Response): RequestFailure {
  return { kind: 'status', status: res.status, retryAfter: res.headers.get('retry-after') };
}

/**
 * `f(url, init)`, tried again after transient answers and failed connections. Returns the first response that
 * is not retried (which may be a failure the caller turns into its sentence, its body unread); throws the last
 * connection error when the attempts run out, or the abort reason when cancelled.
 */
export async function fetchRetrying(f: typeof fetch, url: string, init: RequestInit, ctx: RetryContext): Promise<Response> {
  for (let failed = 1; ; failed++) {
    let res: Response | null = null;
    let error: unknown = null;
    try {
      res = await f(url, { ...init, signal: ctx.signal });
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      error = e;
    }
    if (res && (res.ok || res.status === 206)) return res;
    const failure: RequestFailure = res ? responseFailure(res) : { kind: 'connection' };
    const decision = decideRetry(failure, failed, ctx.policy, { now: ctx.now() });
    if (decision.kind === 'fail') {
      if (res) return res;
      throw error;
    }
    await res?.body?.cancel().catch(() => {});
    ctx.onRetry?.({ status: decision.status, attempt: decision.attempt, maxAttempts: ctx.policy.maxAttempts, delayMs: decision.delayMs });
    try {
      await waitOrAbort(ctx.sleep, decision.delayMs, ctx.signal);
    } finally {
      ctx.onRetry?.(null);
    }
  }
}
