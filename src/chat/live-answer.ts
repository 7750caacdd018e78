/**
 * The answer being generated: the streamed `chat.completions` chunks fold straight into its message's
 * parts (`reasoning_content` → reasoning part, `content` → text part; the first content after a
 * reasoning ends it, after the time measured here).
 */
import { finishParts, type ChatCompletionChunk, type CompletionUsage, type FinishReason, type LocalAnswerInfo, type StopReason } from '../core/index.ts';
import { isAnswerInfo } from '../api/chunks.ts';
import type { ChatMessage, MessageStatus } from '../storage/chats/types.ts';
import { tokenLimitOf } from './token-limit.ts';
import { foldDelta } from './fold.ts';
import type { Scheduler } from './scheduler.ts';

export class LiveAnswer {
  message: ChatMessage;
  /** Changed since the last save. */
  dirty = false;
  /** Chunks with text received. */
  tokens = 0;
  /** How the stream ended (its last chunk), once it has. */
  finish: FinishReason | null = null;
  usage: CompletionUsage | null = null;
  info: LocalAnswerInfo | null = null;
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

  /** One streamed chunk. */
  chunk(chunk: ChatCompletionChunk): void {
    const local = chunk.local_r1;
    if (local && !isAnswerInfo(local) && local.trimmedMessages !== this.trimmed) this.set({ trimmedMessages: local.trimmedMessages });
    if (isAnswerInfo(local)) this.info = local;
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return;
    const { reasoning_content: reasoning, content } = choice.delta;
    if (reasoning) {
      this.tokens++;
      this.reasoningStart ??= this.time.now();
      this.set({ parts: foldDelta(this.message.parts, { part: 'reasoning', text: reasoning }, this.reasoningMs()) });
    }
    if (content) {
      this.tokens++;
      this.set({ parts: foldDelta(this.message.parts, { part: 'text', text: content }, this.reasoningMs()) });
    }
    if (choice.finish_reason) this.finish = choice.finish_reason;
  }

  /**
   * The parts once the answer ended: a reasoning still open is cut after the time it ran. The time is
   * the engine's when it measured one (`engineMs`, so the panel and the stats line agree), else as seen here.
   */
  finished(engineMs?: number): ChatMessage['parts'] {
    const engine = engineMs !== undefined && engineMs > 0 ? Math.round(engineMs) : null;
    const parts = engine === null ? this.message.parts : this.message.parts.map((p) => (p.type === 'reasoning' && p.state === 'done' ? { ...p, durationMs: engine } : p));
    return finishParts(parts, engine ?? this.reasoningMs());
  }

  /** The answer's end as stored: status, stats, which limit cut it. */
  ending(maxNewTokens: number, contextWindow: number): Partial<ChatMessage> {
    const info = this.info;
    const reason = info?.endReason ?? stopReasonOf(this.finish);
    const status: MessageStatus = reason === 'stopped' ? 'stopped' : reason === 'error' ? 'error' : 'done';
    const generatedTokens = info?.stats.generatedTokens ?? this.usage?.completion_tokens ?? maxNewTokens;
    const limit = tokenLimitOf(reason, { generatedTokens }, maxNewTokens, contextWindow);
    return {
      parts: this.finished(info?.stats.reasoningMs),
      status,
      ...(info ? { stats: info.stats } : {}),
      endReason: reason,
      trimmedMessages: this.trimmed,
      ...(limit ? { tokenLimit: limit } : {}),
    };
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

/** How a stream without the local engine's account ended. */
function stopReasonOf(finish: FinishReason | null): StopReason {
  return finish === 'length' ? 'max-tokens' : finish === 'abort' ? 'stopped' : 'eos';
}
