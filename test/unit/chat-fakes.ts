/** Test doubles for the chat session: a clock that moves only when told, and a worker client the test drives. */
import type { GenerateClient } from '../../src/api/index.ts';
import type { Scheduler } from '../../src/chat/index.ts';
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

/** The worker client's side of the engine; the session talks to it through `chat.completions` (src/api). */
export class FakeEngine implements GenerateClient {
  calls: { messages: ChatTurn[]; handlers: GenerateHandlers; end: (r: GenerationResult) => void; fail: (e: unknown) => void }[] = [];
  stops = 0;
  generate(messages: ChatTurn[], _s: unknown, _c: number, handlers: GenerateHandlers) {
    const answer = new Promise<GenerationResult>((end, fail) => this.calls.push({ messages, handlers, end, fail }));
    // The worker reads the prompt at once here (a refusal comes instead, by `fail`).
    queueMicrotask(() => handlers.onStart?.({ type: 'generation-start', requestId: 'r', promptTokens: 10, reusedTokens: 0, trimmedMessages: 0 }));
    return answer;
  }
  stop() {
    this.stops++;
  }
  reset() {}
  /** Streams one delta as the worker message carrying it, and waits until the session has read its chunk. */
  async token(part: 'reasoning' | 'text', text: string) {
    this.calls.at(-1)!.handlers.onToken?.({ type: 'token', requestId: 'r', tokenIndex: 0, part, text });
    await new Promise((r) => setTimeout(r, 0));
  }
}
