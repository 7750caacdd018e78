/**
 * Assistant messages as a list of parts. Streamed tokens are batched (one render per animation
 * frame) and folded in here: consecutive text of the same kind joins the last part.
 */
import type { ChatTurn, PartKind } from '../../core/index.ts';
import { partText, rawFromParts } from '../../storage/chats/export.ts';
import type { ChatMessage, MessagePart } from '../../storage/chats/types.ts';

export interface TokenChunk {
  part: PartKind;
  text: string;
}

/** Returns new parts with `chunks` appended; earlier part objects are reused unchanged. */
export function appendChunks(parts: readonly MessagePart[], chunks: readonly TokenChunk[]): MessagePart[] {
  const out = parts.slice();
  let last = out.length > 0 ? out[out.length - 1]! : undefined;
  let lastIsNew = false;
  for (const c of chunks) {
    if (c.text === '') continue;
    if (last && last.kind === c.part) {
      if (lastIsNew) last.text += c.text;
      else {
        last = { kind: last.kind, text: last.text + c.text };
        out[out.length - 1] = last;
        lastIsNew = true;
      }
    } else {
      last = { kind: c.part, text: c.text };
      out.push(last);
      lastIsNew = true;
    }
  }
  return out;
}

export { partText };

/**
 * The history the engine's chat template sees. Assistant turns carry the raw model text
 * (reasoning + `</think>` + answer) so the R1 template can drop the reasoning itself.
 * Answers that produced no text at all (failed before the first token) are left out.
 */
export function historyToTurns(messages: readonly ChatMessage[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const m of messages) {
    if (m.role === 'user') turns.push({ role: 'user', content: m.content });
    else {
      const raw = m.raw ?? rawFromParts(m.parts, m.reasoningEnded ?? false);
      if (raw.trim() !== '') turns.push({ role: 'assistant', content: raw });
    }
  }
  return turns;
}
