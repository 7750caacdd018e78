/**
 * Every generated token id → decoded text, routed to reasoning or answer by the `</think>` id, counted
 * in the stats and handed to the caller's callbacks. One router per answer.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { StopReason } from '../core/index.ts';
import type { GenerateCallbacks } from './generate-types.ts';
import type { ModelFacts } from './model-hooks.ts';
import type { StatsTracker } from './stats.ts';
import { ThinkParser } from '../core/think-parser.ts';
import { TokenTextStream } from './token-stream.ts';

export class TokenRouter {
  /** The generated token ids (EOS included when it ended the answer). */
  readonly generated: number[] = [];
  private readonly parser: ThinkParser;
  private readonly decoder: TokenTextStream;
  private readonly eos: Set<number>;

  constructor(
    private readonly facts: ModelFacts,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly stats: StatsTracker,
    private readonly cb: GenerateCallbacks,
  ) {
    this.parser = new ThinkParser({
      startInReasoning: facts.promptOpensReasoning,
      thinkEndId: facts.thinkEndTokenId,
      ...(facts.thinkStartTokenId !== undefined ? { thinkStartId: facts.thinkStartTokenId } : {}),
    });
    this.decoder = new TokenTextStream((ids) => tokenizer.decode(ids as number[], { skip_special_tokens: true }));
    this.eos = new Set(facts.eosTokenIds);
  }

  /** One generated token id (the streamer's callback). */
  readonly onTokenId = (id: number): void => {
    const index = this.generated.length;
    this.generated.push(id);
    const text = this.eos.has(id) ? this.decoder.flush() : this.decoder.push(id);
    const partBefore = this.parser.currentPart;
    const emitted = this.route(text, id, index);
    const isTag = id === this.facts.thinkEndTokenId || id === this.facts.thinkStartTokenId || this.eos.has(id);
    this.stats.token(isTag ? undefined : partBefore);
    // Every token reaches the UI, even one that only completes later (half a character).
    if (!emitted) this.cb.onToken?.({ part: this.parser.currentPart, text: '', tokenIndex: index });
  };

  /** After the last token: what the decoder and parser still hold. */
  flush(): void {
    const last = this.generated.length - 1;
    const tail = this.decoder.flush();
    if (tail) this.route(tail, undefined, last);
    for (const ev of this.parser.end()) {
      if (ev.type === 'delta') this.cb.onToken?.({ part: ev.part, text: ev.text, tokenIndex: last });
    }
  }

  stopReason(interrupted: boolean): StopReason {
    const last = this.generated.at(-1);
    if (interrupted) return 'stopped';
    return last !== undefined && this.eos.has(last) ? 'eos' : 'max-tokens';
  }

  /** Reasoning + `</think>` + answer as decoded (special tokens skipped). */
  raw(): string {
    return this.tokenizer.decode(
      this.generated.filter((id) => !this.eos.has(id)),
      { skip_special_tokens: true },
    );
  }

  private route(text: string, id: number | undefined, index: number): boolean {
    let any = false;
    for (const ev of this.parser.push(text, id)) {
      if (ev.type === 'reasoning-end') {
        const ms = this.stats.reasoningEnded();
        this.cb.onReasoningEnd?.(ms);
      } else {
        any = true;
        this.cb.onToken?.({ part: ev.part, text: ev.text, tokenIndex: index });
      }
    }
    return any;
  }
}
