/**
 * What a finished answer says about how it ended: the reasoning panel's title and the note under
 * the answer (stopped, cut off by a token limit, or the model ending while still thinking). Pure.
 */
import { partText, reasoningOf } from '../../core/index.ts';
import type { ChatMessage } from '../../storage/chats/types.ts';
import { formatSeconds, num, thoughtFor } from '../format.ts';
import { errorSentence } from '../i18n/messages.ts';
import type { Fmt } from '../i18n/types.ts';

type Ending = Pick<ChatMessage, 'parts' | 'status' | 'endReason' | 'tokenLimit' | 'stats' | 'error'>;

/** The model was still thinking (no `</think>`) when the answer ended. */
export function endedWhileThinking(m: Ending): boolean {
  return m.status !== 'streaming' && reasoningOf(m.parts)?.state === 'cut';
}

/** The reasoning panel's title: "Thinking…", "Thought for 3.2 s", "Stopped while thinking · 12 s"… */
export function reasoningTitle(f: Fmt, m: Ending, thinking: boolean): string {
  const reasoning = reasoningOf(m.parts);
  if (thinking) return f.t('reasoning.thinking');
  if (reasoning?.state === 'done') return thoughtFor(f, reasoning.durationMs ?? 0);
  if (!reasoning || !endedWhileThinking(m)) return f.t('reasoning.title');
  const how = f.t(
    m.status === 'error'
      ? 'reasoning.failedWhileThinking'
      : m.endReason === 'max-tokens'
        ? 'reasoning.cutWhileThinking'
        : 'reasoning.stoppedWhileThinking',
  );
  return reasoning.durationMs !== undefined ? f.t('reasoning.withTime', { how, time: formatSeconds(f, reasoning.durationMs) }) : how;
}

/** The note under a finished answer on how it ended; null when it simply finished (or failed: the error says it). */
export function endNote(f: Fmt, m: Ending): string | null {
  const thinking = endedWhileThinking(m);
  // Stopped because the model went away under it (switched or unloaded): the stored note says so.
  if (m.status === 'stopped' && m.error?.code === 'not-loaded') return errorSentence(f, m.error);
  if (m.status === 'stopped') return f.t(thinking ? 'endNotes.stoppedThinking' : 'endNotes.stopped');
  if (m.status !== 'done') return null;
  if (m.endReason === 'max-tokens') return limitNote(f, m, thinking);
  if (thinking && partText(m.parts, 'text').trim() === '') return f.t('endNotes.noAnswer');
  return null;
}

function limitNote(f: Fmt, m: Ending, thinking: boolean): string {
  const cut = f.t(thinking ? 'endNotes.cutThinking' : 'endNotes.cut');
  const generated = m.stats?.generatedTokens;
  const limit = m.tokenLimit;
  if (limit?.setting === 'contextWindow') {
    const window = num(f, limit.value);
    return generated !== undefined
      ? f.t('endNotes.contextFullAfter', { cut, generated: num(f, generated), window })
      : f.t('endNotes.contextFull', { cut, window });
  }
  const at = limit?.value ?? generated;
  return at !== undefined ? f.t('endNotes.limit', { cut, limit: num(f, at) }) : f.t('endNotes.limitUnknown', { cut });
}
