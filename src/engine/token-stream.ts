/**
 * Per-token incremental decoding: turns a stream of token ids into text deltas, one per token.
 *
 * Decoding token by token naively breaks characters whose UTF-8 bytes span several byte-level BPE
 * tokens (emoji, CJK: they come out as U+FFFD), and decoding the whole sequence every time costs O(n)
 * per token. Instead this keeps a small window (the approach of text-generation-inference's
 * `decode_token`): decode `window` and `window minus the tokens not yet shown`, emit the difference
 * once it no longer ends in an incomplete character. The window is cut after every emission, so each
 * token costs O(1) decode work (bounded by `maxPending`).
 *
 * `decode` is injected (the tokenizer's `decode(ids, {skip_special_tokens: true})`), keeping this pure.
 */

export type DecodeFn = (ids: readonly number[]) => string;

export class TokenTextStream {
  /** Tokens from `prefix` on; `window[0..read)` is already shown (kept as left context). */
  private window: number[] = [];
  private read = 0;
  private readonly decode: DecodeFn;
  private readonly maxPending: number;

  /**
   * @param maxPending  Emit even an unfinished character after this many pending tokens (a UTF-8
   *                    character is at most 4 bytes, so a valid one never needs more than 4).
   */
  constructor(decode: DecodeFn, maxPending = 8) {
    this.decode = decode;
    this.maxPending = maxPending;
  }

  /** Add one token; returns the text it completes (possibly empty). */
  push(id: number): string {
    this.window.push(id);
    const prefixText = this.read > 0 ? this.decode(this.window.slice(0, this.read)) : '';
    const fullText = this.decode(this.window);
    const pending = this.window.length - this.read;
    const complete = fullText.length > prefixText.length && !fullText.endsWith('\uFFFD');
    if (complete || pending >= this.maxPending) {
      // Keep the just-shown tokens as left context (decoders can depend on the previous token,
      // e.g. a leading space), drop everything older.
      this.window = this.window.slice(this.read);
      this.read = this.window.length;
      return fullText.slice(prefixText.length);
    }
    return '';
  }

  /** End of stream: any text still pending (an incomplete character shows as U+FFFD). */
  flush(): string {
    if (this.read >= this.window.length) return '';
    const prefixText = this.read > 0 ? this.decode(this.window.slice(0, this.read)) : '';
    const fullText = this.decode(this.window);
    this.window = [];
    this.read = 0;
    return fullText.slice(prefixText.length);
  }
}
