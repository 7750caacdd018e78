/**
 * One generation at a time: requests wait their turn in arrival order (one whose client went away
 * while it waited is skipped); past `maxWaiting` waiting, a request is refused with 429 and `Retry-After`.
 */
import { ApiError } from './errors.ts';

export class OneAtATime {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  private readonly maxWaiting: number;

  constructor(maxWaiting = 8) {
    this.maxWaiting = maxWaiting;
  }

  /** Runs `task` once every earlier one has finished; rejects if `signal` aborts while it waits. */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.waiting >= this.maxWaiting) {
      throw new ApiError(429, `${this.waiting} requests are already waiting for the model. Try again shortly.`, { type: 'rate_limit_error', code: 'queue_full', retryAfter: 2 });
    }
    const before = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    this.waiting++;
    try {
      await before;
    } finally {
      this.waiting--;
    }
    try {
      if (signal.aborted) throw new ApiError(499, 'The client went away.', { code: 'client_closed' });
      return await task();
    } finally {
      done();
    }
  }
}
