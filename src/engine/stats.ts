/**
 * Per-answer statistics: time to first token, prefill and decode speed, token counts, reasoning time.
 * Pure: the clock is injected (`performance.now` in the app, a fake in tests).
 *
 * Definitions (so figures are comparable with the peer app, which counts n tokens over n−1 gaps):
 * - time to first token = send → first generated token (includes tokenizing, chunked prefill, the
 *   first forward pass);
 * - prefill tok/s = tokens actually run through the model for the prompt / (first token − prefill start);
 * - decode tok/s = (generated − 1) / (last token − first token);
 * - reasoning time = first token → `</think>`; when `</think>` never came (end of sequence, stop, max
 *   new tokens inside the reasoning), first token → last reasoning token (0 without reasoning).
 */
import type { GenerationStats, PartKind } from '../core/index.ts';

export class StatsTracker {
  private readonly now: () => number;
  private readonly t0: number;
  private prefillStart: number;
  private firstToken: number | null = null;
  private lastToken: number | null = null;
  private reasoningEndAt: number | null = null;
  private lastReasoningAt: number | null = null;
  private generated = 0;
  private reasoning = 0;
  private answer = 0;
  private prompt = { promptTokens: 0, reusedTokens: 0, prefillTokens: 0 };

  constructor(now: () => number) {
    this.now = now;
    this.t0 = now();
    this.prefillStart = this.t0;
  }

  /** The prompt is tokenized and the cache decision made; the model starts reading the prompt now. */
  prefillStarted(promptTokens: number, reusedTokens: number): void {
    this.prompt = { promptTokens, reusedTokens, prefillTokens: promptTokens - reusedTokens };
    this.prefillStart = this.now();
  }

  /** A token was generated and routed to `part` (undefined: a tag or an end token, counted only). */
  token(part: PartKind | undefined): void {
    const t = this.now();
    if (this.firstToken === null) this.firstToken = t;
    this.lastToken = t;
    this.generated++;
    if (part === 'reasoning') {
      this.reasoning++;
      this.lastReasoningAt = t;
    }
    else if (part === 'text') this.answer++;
  }

  /** `</think>` arrived. Returns the reasoning time in ms. */
  reasoningEnded(): number {
    this.reasoningEndAt = this.now();
    return this.reasoningMs();
  }

  reasoningMs(): number {
    const end = this.reasoningEndAt ?? this.lastReasoningAt;
    if (end === null || this.firstToken === null) return 0;
    return Math.max(0, end - this.firstToken);
  }

  finish(): GenerationStats {
    const end = this.now();
    const first = this.firstToken;
    const last = this.lastToken;
    const prefillMs = first !== null ? first - this.prefillStart : 0;
    const decodeMs = first !== null && last !== null ? last - first : 0;
    return {
      ...this.prompt,
      generatedTokens: this.generated,
      reasoningTokens: this.reasoning,
      answerTokens: this.answer,
      timeToFirstTokenMs: first !== null ? first - this.t0 : 0,
      prefillTokensPerSec: rate(this.prompt.prefillTokens, prefillMs),
      decodeTokensPerSec: rate(this.generated - 1, decodeMs),
      reasoningMs: this.reasoningMs(),
      totalMs: end - this.t0,
    };
  }
}

function rate(count: number, ms: number): number {
  return count > 0 && ms > 0 ? (count * 1000) / ms : 0;
}
