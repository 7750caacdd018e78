/** Test doubles for the chat session: a clock that moves only when told, and an engine the test drives. */
import type { ChatEngine, Scheduler } from '../../src/chat/index.ts';
import type { ChatTurn } from '../../src/core/index.ts';
import type { GenerateHandlers, GenerationResult } from '../../src/worker/client.ts';

/** A clock that moves only when told; frames run on `frame()`. */
export class ManualTime implements Scheduler {
  t = 0;
  private frames: (() => void)[] = [];
  private timers: { at: number; every?: number; cb: () => void }[] = [];
  now = () => this.t;
  frame = (cb: () => void) => {
    this.frames.push(cb);
    return () => (this.frames = this.frames.filter((f) => f !== cb));
  };
  timeout = (ms: number, cb: () => void) => this.add({ at: this.t + ms, cb });
  interval = (ms: number, cb: () => void) => this.add({ at: this.t + ms, every: ms, cb });
  private add(timer: { at: number; every?: number; cb: () => void }) {
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((x) => x !== timer));
  }
  advance(ms: number) {
    this.t += ms;
    for (const x of [...this.timers]) {
      if (x.at > this.t) continue;
      if (x.every) x.at += x.every;
      else this.timers = this.timers.filter((y) => y !== x);
      x.cb();
    }
  }
  /** Runs the pending animation frames; returns how many ran. */
  frame_(): number {
    const fs = this.frames;
    this.frames = [];
    fs.forEach((f) => f());
    return fs.length;
  }
}

export class FakeEngine implements ChatEngine {
  calls: { messages: ChatTurn[]; handlers: GenerateHandlers; end: (r: GenerationResult) => void; fail: (e: unknown) => void }[] = [];
  stops = 0;
  generate(messages: ChatTurn[], _s: unknown, _c: number, handlers: GenerateHandlers) {
    return new Promise<GenerationResult>((end, fail) => this.calls.push({ messages, handlers, end, fail }));
  }
  stop() {
    this.stops++;
  }
  reset() {}
  /** Streams one delta as the worker message carrying it. */
  token(part: 'reasoning' | 'text', text: string) {
    this.calls.at(-1)!.handlers.onToken?.({ type: 'token', requestId: 'r', tokenIndex: 0, part, text });
  }
}
