/**
 * Messages stored by the release before parts (database version 1) → today's messages.
 *
 * Version 1 kept a question in `content`, an answer in `parts` of kind 'reasoning' | 'answer' with
 * shadows beside them (`reasoningEnded`, `reasoningMs`, `raw`). Now every message is the list of
 * parts the conversation view renders; the reasoning part says itself whether it finished.
 */
import { textPart, type GenerationStats, type MessagePart } from '../../core/index.ts';
import type { ChatMessage } from './types.ts';

/** A message row as version 1 stored it. */
export interface MessageV1 extends Omit<ChatMessage, 'parts'> {
  content: string;
  parts: { kind: 'reasoning' | 'answer'; text: string }[];
  reasoningEnded?: boolean;
  raw?: string;
  reasoningMs?: number;
}

function joined(parts: MessageV1['parts'], kind: 'reasoning' | 'answer'): string {
  return parts.filter((p) => p.kind === kind).map((p) => p.text).join('');
}

/**
 * How long a reasoning that never finished ran: version 1 did not store it, but an answer that
 * ended inside its reasoning spent its whole decoding time there.
 */
function cutDuration(stats: GenerationStats | undefined, createdAt: number, updatedAt: number): number {
  if (stats) return Math.max(0, Math.round(stats.totalMs - stats.timeToFirstTokenMs));
  return Math.max(0, updatedAt - createdAt);
}

/** The parts of a version-1 answer. */
export function answerPartsV1(m: Pick<MessageV1, 'parts' | 'reasoningEnded' | 'reasoningMs' | 'status' | 'stats' | 'createdAt' | 'updatedAt'>): MessagePart[] {
  const reasoning = joined(m.parts, 'reasoning');
  const answer = joined(m.parts, 'answer');
  const streaming = m.status === 'streaming';
  const out: MessagePart[] = [];
  if (reasoning !== '') {
    if (m.reasoningEnded) {
      out.push({ type: 'reasoning', text: reasoning, state: 'done', durationMs: m.reasoningMs ?? m.stats?.reasoningMs ?? 0 });
    } else if (streaming) {
      out.push({ type: 'reasoning', text: reasoning, state: 'streaming' });
    } else {
      out.push({ type: 'reasoning', text: reasoning, state: 'cut', durationMs: m.reasoningMs ?? cutDuration(m.stats, m.createdAt, m.updatedAt) });
    }
  }
  if (answer !== '') out.push({ type: 'text', text: answer, state: streaming ? 'streaming' : 'done' });
  return out;
}

/** One version-1 row → today's message (the shadows are dropped; everything else is kept). */
export function messageFromV1(row: MessageV1): ChatMessage {
  const { content, parts: _old, reasoningEnded: _ended, raw: _raw, reasoningMs: _ms, ...rest } = row;
  const parts = row.role === 'user' ? [textPart(content)] : answerPartsV1(row);
  return { ...rest, parts };
}

/** True for a row still in the version-1 shape (a migration that ran twice changes nothing). */
export function isMessageV1(row: unknown): row is MessageV1 {
  const parts = (row as { parts?: unknown }).parts;
  return Array.isArray(parts) && (typeof (row as { content?: unknown }).content === 'string' || parts.some((p) => typeof p === 'object' && p !== null && 'kind' in p));
}
