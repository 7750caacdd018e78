/** The answer being generated: the worker's events fold straight into its message's parts. */
import { finishParts } from '../core/index.ts';
import type { ChatMessage } from '../storage/chats/types.ts';
import type { GenerateHandlers } from '../worker/client.ts';
import { endReasoning, foldDelta } from './fold.ts';
import type { Scheduler } from './scheduler.ts';

export class LiveAnswer {
  message: ChatMessage;
  /** Changed since the last save. */
  dirty = false;
  /** Tokens received (also those without text: a tag, half a character). */
  tokens = 0;
  private reasoningStart: number | null = null;
  private readonly time: Scheduler;
  private readonly changed: () => void;

  constructor(message: ChatMessage, time: Scheduler, changed: () => void) {
    this.message = message;
    this.time = time;
    this.changed = changed;
  }

  get trimmed(): number {
    return this.message.trimmedMessages ?? 0;
  }

  readonly handlers: GenerateHandlers = {
    onStart: (m) => this.set({ trimmedMessages: m.trimmedMessages }),
    onToken: (delta) => {
      this.tokens++;
      if (delta.part === 'reasoning' && this.reasoningStart === null) this.reasoningStart = this.time.now();
      this.set({ parts: foldDelta(this.message.parts, delta, this.reasoningMs()) });
    },
    onReasoningEnd: (m) => this.set({ parts: endReasoning(this.message.parts, m.reasoningMs) }),
  };

  /**
   * The parts once the answer ended: a reasoning still open is cut after the time it ran, as the
   * engine measured it (`engineMs`, so the panel and the stats line agree) or else as seen here.
   */
  finished(engineMs?: number): ChatMessage['parts'] {
    return finishParts(this.message.parts, engineMs !== undefined && engineMs > 0 ? engineMs : this.reasoningMs());
  }

  private reasoningMs(): number {
    return this.reasoningStart === null ? 0 : this.time.now() - this.reasoningStart;
  }

  private set(patch: Partial<ChatMessage>): void {
    this.message = { ...this.message, ...patch };
    this.dirty = true;
    this.changed();
  }
}
