import { describe, expect, it } from 'vitest';
import { decideRetry, parseRetryAfter, type RetryPolicy } from '../../src/storage/models/retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };
const NOW = Date.parse('2026-01-01T00:00:00Z');
const env = { now: NOW, random: () => 1 };
const status = (s: number, retryAfter?: string) => ({ kind: 'status' as const, status: s, retryAfter });

describe('retry policy', () => {
  it('retries busy or failing hosts and failed connections', () => {
    for (const s of [429, 500, 502, 503, 504]) {
      expect(decideRetry(status(s), 1, policy, env)).toEqual({ kind: 'retry', delayMs: 1000, attempt: 2, status: s });
    }
    expect(decideRetry({ kind: 'connection' }, 1, policy, env)).toEqual({ kind: 'retry', delayMs: 1000, attempt: 2, status: null });
  });

  it('fails at once on a missing, denied or bad request', () => {
    for (const s of [400, 401, 403, 404, 410, 501]) expect(decideRetry(status(s), 1, policy, env)).toEqual({ kind: 'fail' });
  });

  it('backs off exponentially with jitter', () => {
    expect(decideRetry(status(503), 1, policy, { now: NOW, random: () => 0 })).toMatchObject({ delayMs: 500 });
    expect(decideRetry(status(503), 3, policy, { now: NOW, random: () => 0 })).toMatchObject({ delayMs: 2000 });
    expect(decideRetry(status(503), 3, policy, env)).toMatchObject({ delayMs: 4000 });
  });

  it('waits at least what Retry-After asks, in seconds or as an HTTP date', () => {
    expect(decideRetry(status(503, '4'), 1, policy, env)).toMatchObject({ delayMs: 4000 });
    const inSeven = new Date(NOW + 7000).toUTCString();
    expect(decideRetry(status(429, inSeven), 1, policy, env)).toMatchObject({ delayMs: 7000 });
    // A shorter Retry-After than the backoff does not shorten it; a date in the past asks for nothing.
    expect(decideRetry(status(503, '0'), 3, policy, env)).toMatchObject({ delayMs: 4000 });
    expect(decideRetry(status(503, new Date(NOW - 60_000).toUTCString()), 1, policy, env)).toMatchObject({ delayMs: 1000 });
  });

  it('never waits longer than the cap, whatever the host asks', () => {
    expect(decideRetry(status(503, '3600'), 1, policy, env)).toMatchObject({ delayMs: 30_000 });
    expect(decideRetry({ kind: 'connection' }, 4, { ...policy, maxAttempts: 20 }, env)).toMatchObject({ delayMs: 8000 });
    expect(decideRetry({ kind: 'connection' }, 12, { ...policy, maxAttempts: 20 }, env)).toMatchObject({ delayMs: 30_000 });
  });

  it('counts attempts, the first included: 5 attempts are 4 retries', () => {
    expect(decideRetry(status(503), 4, policy, env)).toMatchObject({ kind: 'retry', attempt: 5 });
    expect(decideRetry(status(503), 5, policy, env)).toEqual({ kind: 'fail' });
    expect(decideRetry({ kind: 'connection' }, 5, policy, env)).toEqual({ kind: 'fail' });
  });

  it('reads Retry-After forms and ignores garbage', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 2 ', NOW)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('-5', NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
  });
});
