/** What `LlmEngine.generate` reports while it runs and when it ends. */
import type { GenerationStats, PartDelta, StopReason } from '../core/index.ts';
import type { CacheAction } from './cache-policy.ts';

/** One generated token's delta (its text and the part it belongs to). */
export interface TokenEvent extends PartDelta {
  tokenIndex: number;
}

export interface GenerateCallbacks {
  onStart?: (info: { promptTokens: number; reusedTokens: number; droppedMessages: number }) => void;
  /** Called for every generated token (text may be empty: a tag, EOS, or half a character). */
  onToken?: (t: TokenEvent) => void;
  onReasoningEnd?: (reasoningMs: number) => void;
}

export interface GenerateResult {
  reason: StopReason;
  stats: GenerationStats;
  /** Reasoning + `</think>` + answer as decoded (special tokens skipped): the assistant turn to store. */
  raw: string;
  /** The generated token ids (EOS included when it ended the answer). */
  tokens: number[];
  droppedMessages: number;
  cache: CacheAction;
}
