/**
 * A remote server's deltas → reasoning and answer text. Servers send the reasoning in one of two ways:
 *
 * - split by the server (DeepSeek's API, vLLM/SGLang with a reasoning parser): `delta.reasoning_content`
 *   (vLLM's newer name: `delta.reasoning`), and the answer alone in `delta.content`;
 * - as raw text in `delta.content` (Ollama, vLLM without a reasoning parser, LM Studio): `<think>…</think>`
 *   around the reasoning, where R1 usually leaves out the opening `<think>` because the chat template
 *   already wrote it.
 *
 * Raw text goes through the engine's own think parser (`src/core/think-parser.ts`), so tags split across
 * chunks are found the same way as locally. Whether text with no opening tag starts inside the reasoning
 * is guessed from the model id (an R1-style reasoning model, `looksLikeReasoningModel`); an explicit
 * `<think>` is recognised either way.
 */
import type { PartKind } from '../core/index.ts';
import { ThinkParser } from '../core/think-parser.ts';

/** One server delta, as sent (servers differ in the name of the reasoning field). */
export interface RawDelta {
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
}

/** What one delta adds to the answer. */
export interface Routed {
  reasoning: string;
  text: string;
}

/** DeepSeek-R1 and its distills, QwQ, and models named for reasoning start their output inside `<think>`. */
export function looksLikeReasoningModel(model: string): boolean {
  return /(^|[^a-z0-9])(r1|qwq)([^a-z0-9]|$)|reason|think/i.test(model);
}

export class RemoteRouter {
  /** The server sends the reasoning in a field of its own; `content` is then the answer alone. */
  private serverSplits = false;
  private parser: ThinkParser | null = null;
  private reasoningStarted = false;

  constructor(private readonly startInReasoning: boolean) {}

  push(delta: RawDelta): Routed {
    const out: Routed = { reasoning: '', text: '' };
    let reasoning = delta.reasoning_content ?? delta.reasoning ?? '';
    if (reasoning && !this.reasoningStarted) reasoning = reasoning.replace(/^\s+/, '');
    if (reasoning) {
      this.serverSplits = true;
      this.reasoningStarted = true;
      out.reasoning += reasoning;
    }
    if (delta.content) {
      this.parser ??= new ThinkParser({ startInReasoning: this.startInReasoning && !this.serverSplits });
      this.add(out, this.parser.push(delta.content));
    }
    return out;
  }

  /** End of the stream: text held back because it might have been the start of a tag. */
  end(): Routed {
    const out: Routed = { reasoning: '', text: '' };
    if (this.parser) this.add(out, this.parser.end());
    return out;
  }

  private add(out: Routed, events: ReturnType<ThinkParser['push']>): void {
    for (const ev of events) {
      if (ev.type !== 'delta') continue;
      const part: PartKind = ev.part;
      if (part === 'reasoning') this.reasoningStarted = true;
      out[part === 'reasoning' ? 'reasoning' : 'text'] += ev.text;
    }
  }
}
