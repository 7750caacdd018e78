/**
 * What a finished answer says about how it ended: the reasoning panel's title and the note under
 * the answer (stopped, cut off by a token limit, or the model ending while still thinking). Pure.
 */
import { partText, reasoningOf } from '../../core/index.ts';
import type { ChatMessage } from '../../storage/chats/types.ts';
import { formatSeconds, thoughtFor } from '../format.ts';

type Ending = Pick<ChatMessage, 'parts' | 'status' | 'endReason' | 'tokenLimit' | 'stats' | 'error'>;

/** The model was still thinking (no `</think>`) when the answer ended. */
export function endedWhileThinking(m: Ending): boolean {
  return m.status !== 'streaming' && reasoningOf(m.parts)?.state === 'cut';
}

/** The reasoning panel's title: "Thinking…", "Thought for 3.2 s", "Stopped while thinking · 12 s"… */
export function reasoningTitle(m: Ending, thinking: boolean): string {
  const reasoning = reasoningOf(m.parts);
  if (thinking) return 'Thinking…';
  if (reasoning?.state === 'done') return thoughtFor(reasoning.durationMs ?? 0);
  if (!reasoning || !endedWhileThinking(m)) return 'Reasoning';
  const how =
    m.status === 'error' ? 'Failed while thinking' : m.endReason === 'max-tokens' ? 'Cut off while thinking' : 'Stopped while thinking';
  return reasoning.durationMs !== undefined ? `${how} · ${formatSeconds(reasoning.durationMs)}` : how;
}

/** The note under a finished answer on how it ended; null when it simply finished (or failed: the error says it). */
export function endNote(m: Ending): string | null {
  const thinking = endedWhileThinking(m);
  // Stopped because the model went away under it (switched or unloaded): the stored note says so.
  if (m.status === 'stopped' && m.error?.code === 'not-loaded') return m.error.message;
  if (m.status === 'stopped') return thinking ? 'Stopped while thinking: this answer is incomplete.' : 'Stopped: this answer is incomplete.';
  if (m.status !== 'done') return null;
  if (m.endReason === 'max-tokens') return limitNote(m, thinking);
  if (thinking && partText(m.parts, 'text').trim() === '') {
    return 'The model stopped while still thinking and gave no answer. Its reasoning is kept above; Regenerate to try again.';
  }
  return null;
}

function limitNote(m: Ending, thinking: boolean): string {
  const cut = thinking ? 'Cut off while still thinking' : 'Cut off';
  const generated = m.stats?.generatedTokens;
  const limit = m.tokenLimit;
  if (limit?.setting === 'contextWindow') {
    const after = generated !== undefined ? ` after ${generated} new tokens` : '';
    return `${cut}${after}: the ${limit.value}-token context window is full. Raise “Context window (tokens)” in Settings for longer answers.`;
  }
  const at = limit?.value ?? generated;
  const what = at !== undefined ? `the limit of ${at} new tokens` : 'the limit of new tokens';
  return `${cut} at ${what}: raise “Max new tokens” in Settings for longer answers.`;
}
