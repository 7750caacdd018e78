/** What a generated answer reports: how it ended and how fast it was. */

export interface GenerationStats {
  promptTokens: number;
  /** Prompt tokens served from the KV cache of earlier turns (not re-prefilled). */
  reusedTokens: number;
  /** Prompt tokens actually run through the model this turn. */
  prefillTokens: number;
  generatedTokens: number;
  reasoningTokens: number;
  answerTokens: number;
  /** Send → first generated token, ms. */
  timeToFirstTokenMs: number;
  /** prefillTokens / prefill time. */
  prefillTokensPerSec: number;
  /** (generatedTokens − 1) / (last token time − first token time). */
  decodeTokensPerSec: number;
  /** First token → `</think>`, ms (0 when there was no reasoning). */
  reasoningMs: number;
  totalMs: number;
}

export type StopReason = 'eos' | 'max-tokens' | 'stopped' | 'error';

