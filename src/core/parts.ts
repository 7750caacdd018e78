/**
 * A message is a list of typed parts: what the engine streams, what is stored and what is rendered.
 *
 * - The engine streams deltas (`PartDelta`): a piece of text and the part it belongs to.
 * - An answer is `[reasoning?, text?]`; a question is `[text]`.
 * - A reasoning part is `cut` when the answer ended before `</think>` (stop, max tokens, end of
 *   sequence, error); `durationMs` is the time spent reasoning, also when cut.
 */

/** Where a streamed piece of text goes: the model's reasoning (inside `<think>`) or its visible text. */
export type PartKind = 'reasoning' | 'text';

export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  state: 'streaming' | 'done' | 'cut';
  /** Time spent reasoning in ms; set once the reasoning is done or cut. */
  durationMs?: number;
}

export interface TextPart {
  type: 'text';
  text: string;
  state: 'streaming' | 'done';
}

export type MessagePart = ReasoningPart | TextPart;

/** The engine's streamed unit (one generated token's text, already routed to its part). */
export interface PartDelta {
  part: PartKind;
  text: string;
}

/** All text of the parts of one kind, in order. */
export function partText(parts: readonly MessagePart[], kind: PartKind): string {
  let out = '';
  for (const p of parts) if (p.type === kind) out += p.text;
  return out;
}

export function reasoningOf(parts: readonly MessagePart[]): ReasoningPart | undefined {
  for (const p of parts) if (p.type === 'reasoning') return p;
  return undefined;
}

/** A finished piece of text (a question, or an answer without reasoning). */
export function textPart(text: string): TextPart {
  return { type: 'text', text, state: 'done' };
}

/**
 * The parts of an answer that ended: streaming text is done, reasoning still streaming is `cut`
 * (the answer ended before `</think>`) after `reasoningMs`. Parts already finished are kept as they are.
 */
export function finishParts(parts: readonly MessagePart[], reasoningMs: number): MessagePart[] {
  return parts.map((p): MessagePart => {
    if (p.state !== 'streaming') return p;
    if (p.type === 'text') return { ...p, state: 'done' };
    return { ...p, state: 'cut', durationMs: p.durationMs ?? Math.max(0, Math.round(reasoningMs)) };
  });
}
