/**
 * Splits a streamed R1 answer into its reasoning and its text (the answer).
 *
 * The R1 chat template ends the prompt with `<｜Assistant｜><think>\n`, so the model's output starts
 * inside the reasoning (`startInReasoning: true`) and later emits `</think>` (its own token, id 151649
 * in the real vocabulary) followed by the answer. An older template ends with `<｜Assistant｜>` only,
 * and the model then emits a literal `<think>` first; that is handled too.
 *
 * Tags are recognised by token id when the caller passes one, and also as text (a tag spelled out in
 * ordinary tokens, split across chunks in any way). Tags never reach the output. Whitespace right after
 * a tag (R1 writes `</think>\n\n`) is dropped so the answer starts with its first visible character.
 *
 * Pure and incremental: each `push` costs O(length of the chunk).
 */

import type { PartDelta, PartKind } from './parts.ts';

export type { PartKind };

/** A piece of text for one part (the delta the engine streams), or the end of the reasoning. */
export type ThinkEvent = ({ type: 'delta' } & PartDelta) | { type: 'reasoning-end' };

export interface ThinkParserOptions {
  /** True when the prompt already opened the reasoning (R1 template ending in `<think>\n`). */
  startInReasoning: boolean;
  thinkStartId?: number;
  thinkEndId?: number;
}

export const THINK_START = '<think>';
export const THINK_END = '</think>';
const TAGS = [THINK_START, THINK_END] as const;

export class ThinkParser {
  private part: PartKind;
  /** Text held back because it may be the start of a tag split across chunks. */
  private held = '';
  /** Drop whitespace until the current part shows its first visible character. */
  private trimLeading = true;
  private answerStarted = false;
  private reasoningEnded = false;
  private readonly opts: ThinkParserOptions;

  constructor(opts: ThinkParserOptions) {
    this.opts = opts;
    this.part = opts.startInReasoning ? 'reasoning' : 'text';
  }

  get currentPart(): PartKind {
    return this.part;
  }

  /** True once `</think>` was seen (or the output had no reasoning at all and the answer began). */
  get hasReasoningEnded(): boolean {
    return this.reasoningEnded;
  }

  /**
   * Feed the decoded text of one token (or any chunk). Pass the token id when known: a `</think>` /
   * `<think>` token is then recognised even if its text was decoded differently.
   */
  push(text: string, tokenId?: number): ThinkEvent[] {
    const out: ThinkEvent[] = [];
    const tag =
      tokenId !== undefined && tokenId === this.opts.thinkEndId
        ? THINK_END
        : tokenId !== undefined && tokenId === this.opts.thinkStartId
          ? THINK_START
          : undefined;
    if (tag) {
      // The token's own text is the tag; anything decoded before it (rare) is ordinary text.
      const before = text.endsWith(tag) ? text.slice(0, -tag.length) : text.replace(tag, '');
      this.scan(this.held + before, out, true);
      this.held = '';
      this.onTag(tag, out);
      return out;
    }
    this.scan(this.held + text, out, false);
    return out;
  }

  /** End of the stream: release any held-back text (a partial tag that never completed). */
  end(): ThinkEvent[] {
    const out: ThinkEvent[] = [];
    const rest = this.held;
    this.held = '';
    if (rest) this.emit(rest, out);
    return out;
  }

  private scan(buf: string, out: ThinkEvent[], final: boolean): void {
    let i = 0;
    for (;;) {
      const next = findTag(buf, i);
      if (!next) break;
      this.emit(buf.slice(i, next.index), out);
      this.onTag(next.tag, out);
      i = next.index + next.tag.length;
    }
    const rest = buf.slice(i);
    const keep = final ? 0 : partialTagSuffix(rest);
    this.emit(rest.slice(0, rest.length - keep), out);
    this.held = rest.slice(rest.length - keep);
  }

  private onTag(tag: string, out: ThinkEvent[]): void {
    if (tag === THINK_END) {
      if (this.part === 'reasoning') {
        this.part = 'text';
        this.reasoningEnded = true;
        out.push({ type: 'reasoning-end' });
      }
      // A stray `</think>` inside the answer is dropped.
      this.trimLeading = true;
      return;
    }
    // `<think>`: opens the reasoning only before any answer text (legacy template); otherwise dropped.
    if (this.part === 'text' && !this.answerStarted && !this.reasoningEnded) {
      this.part = 'reasoning';
    }
    this.trimLeading = true;
  }

  private emit(text: string, out: ThinkEvent[]): void {
    if (!text) return;
    if (this.trimLeading) {
      text = text.replace(/^\s+/, '');
      if (!text) return;
      this.trimLeading = false;
    }
    if (this.part === 'text') this.answerStarted = true;
    const last = out.at(-1);
    if (last && last.type === 'delta' && last.part === this.part) last.text += text;
    else out.push({ type: 'delta', part: this.part, text });
  }
}

function findTag(buf: string, from: number): { index: number; tag: string } | undefined {
  let best: { index: number; tag: string } | undefined;
  for (const tag of TAGS) {
    const index = buf.indexOf(tag, from);
    if (index >= 0 && (!best || index < best.index)) best = { index, tag };
  }
  return best;
}

/** Length of the longest suffix of `s` that is a proper prefix of a tag (so it may still become one). */
export function partialTagSuffix(s: string): number {
  const max = Math.min(s.length, THINK_END.length - 1);
  for (let n = max; n > 0; n--) {
    const suffix = s.slice(s.length - n);
    if (TAGS.some((t) => t.startsWith(suffix))) return n;
  }
  return 0;
}
