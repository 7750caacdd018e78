/**
 * Which setting stopped an answer that ran out of tokens. The engine lets an answer use
 * `min(max new tokens, context window − prompt)`, and says only "max-tokens"; when fewer tokens than
 * the max new tokens setting were generated, it was the context window that was full. Pure.
 */
import type { GenerationStats, StopReason } from '../core/index.ts';
import type { TokenLimit } from '../storage/chats/types.ts';

export function tokenLimitOf(
  reason: StopReason,
  stats: Pick<GenerationStats, 'generatedTokens'>,
  maxNewTokens: number,
  contextWindow: number,
): TokenLimit | undefined {
  if (reason !== 'max-tokens') return undefined;
  return stats.generatedTokens < maxNewTokens
    ? { setting: 'contextWindow', value: contextWindow }
    : { setting: 'maxNewTokens', value: maxNewTokens };
}
