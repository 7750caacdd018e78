/**
 * Folding the engine's deltas into a message's parts, and the chat template's history from parts.
 * Pure: each function returns new parts and reuses the part objects it does not change.
 */
import { turnOf } from '../api/chunks.ts';
import { partText, reasoningOf, type ChatCompletionMessageParam, type ChatTurn, type MessagePart, type PartDelta } from '../core/index.ts';
import type { ChatMessage } from '../storage/chats/types.ts';

/** `parts` with one delta appended: joined to the last part of its kind, or a new streaming part. */
export function foldDelta(parts: readonly MessagePart[], delta: PartDelta, now: number): MessagePart[] {
  if (delta.text === '') return parts as MessagePart[];
  const last = parts.at(-1);
  if (last && last.type === delta.part && last.state === 'streaming') {
    return [...parts.slice(0, -1), { ...last, text: last.text + delta.text }];
  }
  // Text after a reasoning that is still open: the reasoning is over (normally `endReasoning` came first).
  const closed = delta.part === 'text' ? endReasoning(parts, now) : parts;
  const part: MessagePart = delta.part === 'text' ? { type: 'text', text: delta.text, state: 'streaming' } : { type: 'reasoning', text: delta.text, state: 'streaming' };
  return [...closed, part];
}

/** The reasoning finished (`</think>`) after `durationMs`. */
export function endReasoning(parts: readonly MessagePart[], durationMs: number): MessagePart[] {
  return parts.map((p) => (p.type === 'reasoning' && p.state === 'streaming' ? { ...p, state: 'done', durationMs: Math.max(0, Math.round(durationMs)) } : p));
}

/**
 * The text of an answer as the engine decoded it and as the chat template reads it back: the
 * reasoning, `</think>`, then the answer. R1 writes `</think>\n\n` and the stream drops the blank
 * line after the tag, so it is put back here; this keeps the history the engine cached for the
 * next turn identical to the one rendered from the stored parts (KV-cache reuse across turns).
 * A reasoning that never finished is all there is (no tag).
 */
export function historyText(parts: readonly MessagePart[]): string {
  const reasoning = reasoningOf(parts);
  const text = partText(parts, 'text');
  if (!reasoning) return text;
  return reasoning.state === 'done' ? `${reasoning.text}</think>\n\n${text}` : reasoning.text + text;
}

/**
 * The history as `chat.completions` messages. A finished reasoning goes as `reasoning_content` (the
 * local engine puts it back before `</think>`: `historyText`); a reasoning cut before `</think>` is
 * part of the content, as the engine decoded it. Answers that produced no text at all (failed before
 * the first token) are left out.
 */
export function historyToMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      out.push({ role: 'user', content: partText(m.parts, 'text') });
      continue;
    }
    if (historyText(m.parts).trim() === '') continue;
    const reasoning = reasoningOf(m.parts);
    if (reasoning?.state === 'done') out.push({ role: 'assistant', content: partText(m.parts, 'text'), reasoning_content: reasoning.text });
    else out.push({ role: 'assistant', content: historyText(m.parts) });
  }
  return out;
}

/** The history the engine's chat template sees (`historyToMessages` as the local engine renders it). */
export function historyToTurns(messages: readonly ChatMessage[]): ChatTurn[] {
  return historyToMessages(messages).map(turnOf);
}
