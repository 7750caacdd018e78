/**
 * Time for the chat session, injectable: the browser's clock, animation frames and timers by
 * default; tests pass a manual one and step it.
 */
export type Cancel = () => void;

export interface Scheduler {
  now(): number;
  /** Before the next paint. */
  frame(cb: () => void): Cancel;
  timeout(ms: number, cb: () => void): Cancel;
  interval(ms: number, cb: () => void): Cancel;
}

/** Real time outside a page (Node, a worker): a frame is the next macrotask. */
export const timerScheduler: Scheduler = {
  now: () => performance.now(),
  frame: (cb) => {
    const id = setTimeout(cb, 0);
    return () => clearTimeout(id);
  },
  timeout: (ms, cb) => {
    const id = setTimeout(cb, ms);
    return () => clearTimeout(id);
  },
  interval: (ms, cb) => {
    const id = setInterval(cb, ms);
    return () => clearInterval(id);
  },
};

/** Real time in a page: a frame is an animation frame. */
export const browserScheduler: Scheduler = {
  ...timerScheduler,
  frame: (cb) => {
    const id = requestAnimationFrame(() => cb());
    return () => cancelAnimationFrame(id);
  },
};

/**
 * Runs `render` at most once per `everyMs`, on an animation frame, however often `request` is
 * called (a render costs about the same whether it shows one token or five).
 */
export class Throttle {
  private pending: Cancel | null = null;
  private last = Number.NEGATIVE_INFINITY;
  private readonly time: Scheduler;
  private readonly everyMs: number;
  private readonly render: () => void;

  constructor(time: Scheduler, everyMs: number, render: () => void) {
    this.time = time;
    this.everyMs = everyMs;
    this.render = render;
  }

  request(): void {
    if (this.pending) return;
    const wait = this.last + this.everyMs - this.time.now();
    let cancelFrame: Cancel = () => undefined;
    const run = () => {
      this.pending = null;
      this.last = this.time.now();
      this.render();
    };
    if (wait <= 0) cancelFrame = this.time.frame(run);
    else {
      const cancelTimer = this.time.timeout(wait, () => (cancelFrame = this.time.frame(run)));
      this.pending = () => {
        cancelTimer();
        cancelFrame();
      };
      return;
    }
    this.pending = () => cancelFrame();
  }

  /** Drops a pending render (the caller renders itself). */
  cancel(): void {
    this.pending?.();
    this.pending = null;
  }
}
