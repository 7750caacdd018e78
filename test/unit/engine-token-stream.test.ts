import { describe, expect, it } from 'vitest';
import { TokenTextStream } from '../../src/engine/token-stream.ts';

/** A byte-level toy tokenizer: each token is a list of bytes; decode = UTF-8 with replacement. */
function byteTokenizer(vocab: number[][]) {
  const dec = new TextDecoder('utf-8');
  let calls = 0;
  let decodedTokens = 0;
  return {
    decode: (ids: readonly number[]) => {
      calls++;
      decodedTokens += ids.length;
      return dec.decode(new Uint8Array(ids.flatMap((i) => vocab[i]!)));
    },
    stats: () => ({ calls, decodedTokens }),
  };
}

const enc = (s: string) => [...new TextEncoder().encode(s)];

describe('TokenTextStream', () => {
  it('never splits a multi-byte character across tokens (emoji, CJK)', () => {
    const text = 'Hi 😀 你好!';
    const bytes = enc(text);
    // One byte per token: the worst case for splitting.
    const vocab = bytes.map((b) => [b]);
    const tok = byteTokenizer(vocab);
    const s = new TokenTextStream(tok.decode);
    const pieces = vocab.map((_, i) => s.push(i));
    pieces.push(s.flush());
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(p).not.toContain('\uFFFD');
    // Every non-empty piece is whole characters.
    expect(pieces.filter(Boolean)).toEqual(['H', 'i', ' ', '😀', ' ', '你', '好', '!']);
  });

  it('emits one delta per token for plain text', () => {
    const words = ['The', ' answer', ' is', ' 4', '.'];
    const tok = byteTokenizer(words.map(enc));
    const s = new TokenTextStream(tok.decode);
    expect(words.map((_, i) => s.push(i))).toEqual(words);
  });

  it('costs O(1) decode work per token, however long the answer', () => {
    const words = Array.from({ length: 50 }, (_, i) => ` w${i}`);
    const tok = byteTokenizer(words.map(enc));
    const s = new TokenTextStream(tok.decode);
    const n = 5000;
    let out = '';
    for (let i = 0; i < n; i++) out += s.push(i % words.length);
    expect(out.length).toBeGreaterThan(n);
    const { decodedTokens } = tok.stats();
    // Each push decodes a window of at most a couple of tokens (twice): bounded, not growing with n.
    expect(decodedTokens / n).toBeLessThanOrEqual(4);
  });

  it('gives up waiting on an invalid byte sequence after maxPending tokens', () => {
    const vocab = [[0xe4], [0x41]]; // a lone lead byte, then 'A'
    const tok = byteTokenizer(vocab);
    const s = new TokenTextStream(tok.decode, 2);
    expect(s.push(0)).toBe('');
    const next = s.push(1);
    expect(next).toContain('A');
  });

  it('flush releases an incomplete character at the end', () => {
    const tok = byteTokenizer([[0xf0, 0x9f]]);
    const s = new TokenTextStream(tok.decode);
    expect(s.push(0)).toBe('');
    expect(s.flush()).toBe('\uFFFD');
  });
});
