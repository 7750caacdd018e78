/**
 * A remote answer's stats, as observed on this side of the network: the times are when the pieces
 * arrived here (so the time to first token includes the round trip and the server's queue), the token
 * counts are the server's `usage` when it sends one, else the number of streamed pieces.
 */
import type { CompletionUsage, GenerationStats } from '../core/index.ts';
import type { Routed } from './route.ts';

export class ObservedStats {
  private firstAt: number | null = null;
  private lastAt: number | null = null;
  private answerAt: number | null = null;
  private reasoningPieces = 0;
  private answerPieces = 0;

  constructor(
    private readonly startedAt: number,
    private readonly now: () => number,
  ) {}

  /** Something arrived: counted, and timed when it carries text. */
  piece(r: Routed): void {
    if (!r.reasoning && !r.text) return;
    const t = this.now();
    this.firstAt ??= t;
    this.lastAt = t;
    if (r.reasoning) this.reasoningPieces++;
    if (r.text) {
      this.answerPieces++;
      this.answerAt ??= t;
    }
  }

  /** Pieces with text so far (a stand-in for tokens when the server sends no usage). */
  get pieces(): number {
    return this.reasoningPieces + this.answerPieces;
  }

  /** True once reasoning arrived and then answer text. */
  get reasoningEnded(): boolean {
    return this.reasoningPieces > 0 && this.answerAt !== null;
  }

  finish(usage: CompletionUsage | null | undefined): GenerationStats {
    const end = this.now();
    const first = this.firstAt ?? end;
    const last = this.lastAt ?? end;
    const ttft = Math.max(0, first - this.startedAt);
    const promptTokens = usage?.prompt_tokens ?? 0;
    const reused = usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens ?? 0;
    const prefill = Math.max(0, promptTokens - reused);
    const generated = usage?.completion_tokens ?? this.pieces;
    const reasoningTokens = usage?.completion_tokens_details?.reasoning_tokens ?? this.estimateReasoning(generated);
    const decodeMs = last - first;
    const reasoningMs = this.reasoningPieces > 0 ? (this.answerAt ?? last) - first : 0;
    return {
      promptTokens,
      reusedTokens: reused,
      prefillTokens: prefill,
      generatedTokens: generated,
      reasoningTokens,
      answerTokens: Math.max(0, generated - reasoningTokens),
      timeToFirstTokenMs: ttft,
      prefillTokensPerSec: ttft > 0 ? (prefill * 1000) / ttft : 0,
      decodeTokensPerSec: decodeMs > 0 && generated > 1 ? ((generated - 1) * 1000) / decodeMs : 0,
      reasoningMs: Math.max(0, reasoningMs),
      totalMs: Math.max(0, end - this.startedAt),
    };
  }

  /** Without the server's split: the reasoning's share of the pieces, applied to the token count. */
  private estimateReasoning(generated: number): number {
    if (this.pieces === 0) return 0;
    return Math.round((generated * this.reasoningPieces) / this.pieces);
  }
}
