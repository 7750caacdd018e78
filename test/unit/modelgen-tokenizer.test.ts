import { describe, expect, it } from 'vitest';
import {
  buildTokenizerConfig,
  buildTokenizerJson,
  loadQwenVocab,
  preTokenize,
  runtimeTokenizer,
  trainBpe,
  zipfWordCounts,
} from '../../tools/modelgen/tokenizer.ts';
import { COMMON_WORDS, SAMPLE_TEXT } from '../../tools/modelgen/sample-text.ts';
import { R1_ADDED_TOKENS } from '../../tools/modelgen/added-tokens.ts';

const script = 'Okay, 2 + 2 is four.\n</think>\n\n**4** — 答案是四。 <b>bold</b> 🚀';

describe('tiny trained BPE tokenizer', () => {
  const vocab = trainBpe([SAMPLE_TEXT, script], 1500, zipfWordCounts(COMMON_WORDS));
  const tok = runtimeTokenizer(buildTokenizerJson(vocab), buildTokenizerConfig('r1'));

  it('round-trips any text exactly (byte-level), added tokens at their real ids', () => {
    for (const text of [script, SAMPLE_TEXT, 'ünïcödé\ttabs\r\n  spaces', '<script>alert(1)</script>', '\\[ \\boxed{4} \\]']) {
      const ids = tok.encode(text, { add_special_tokens: false }).ids;
      expect(tok.decode(ids, { skip_special_tokens: false })).toBe(text.normalize('NFC'));
    }
    const ids = tok.encode('a</think>b<think>', { add_special_tokens: false }).ids;
    expect(ids).toContain(151649);
    expect(ids.at(-1)).toBe(151648);
    for (const t of R1_ADDED_TOKENS) expect(tok.encode(t.content, { add_special_tokens: false }).ids).toEqual([t.id]);
  });

  it('adds one BOS when asked, and only the special tokens are skipped on decode', () => {
    const ids = tok.encode('hi', { add_special_tokens: true }).ids;
    expect(ids[0]).toBe(151646);
    const text = tok.decode([151646, ...tok.encode('x</think>y', { add_special_tokens: false }).ids, 151643], { skip_special_tokens: true });
    expect(text).toBe('x</think>y');
  });

  it('learns merges that look like a real tokenizer (about 3 characters per token on unseen prose)', () => {
    const unseen =
      'Yesterday I walked to the market to buy some apples and bread. The baker told me that the price of flour ' +
      'went up again, so every loaf now costs a little more than last month. On the way home I thought about how ' +
      'small changes add up over a year.';
    const charsPerToken = unseen.length / tok.encode(unseen, { add_special_tokens: false }).ids.length;
    expect(charsPerToken).toBeGreaterThan(2.5);
    expect(charsPerToken).toBeLessThan(4.5);
    expect(vocab.tokens.length).toBeLessThan(2000);
  });

  it('is deterministic, and its pre-tokenizer agrees with the runtime one', () => {
    expect(trainBpe([SAMPLE_TEXT, script], 1500, zipfWordCounts(COMMON_WORDS))).toEqual(vocab);
    const words = preTokenize("Hello, world! It's 2025.\n\n  x");
    expect(words.join('')).toBe(preTokenize("Hello, world! It's 2025.\n\n  x").join(''));
    expect(words).toEqual(['Hello', ',', 'Ġworld', '!', 'ĠIt', "'s", 'Ġ', '2', '0', '2', '5', '.ĊĊ', 'Ġ', 'Ġx']);
  });
});

describe('r1-1.5b tokenizer (real Qwen2 vocabulary + R1 added tokens)', () => {
  const vocab = loadQwenVocab();
  const tok = runtimeTokenizer(buildTokenizerJson(vocab), buildTokenizerConfig('r1'));

  it('has the 151643 regular tokens and 151387 merges of Qwen2', () => {
    expect(vocab.tokens).toHaveLength(151643);
    expect(vocab.merges).toHaveLength(151387);
  });

  it('encodes like the real DeepSeek-R1-Distill-Qwen tokenizer', () => {
    // model-format.md §1.4: this prompt encodes to these ids with the real tokenizer.json.
    const ids = tok.encode('<｜begin▁of▁sentence｜><｜User｜>Hello, world!<｜Assistant｜>', { add_special_tokens: false }).ids;
    expect(ids).toEqual([151646, 151644, 9707, 11, 1879, 0, 151645]);
    expect(tok.encode('<think></think>', { add_special_tokens: false }).ids).toEqual([151648, 151649]);
  });

  it('marks only the real special tokens special (<think>, </think>, User, Assistant are not)', () => {
    const kept = tok.decode([151646, 151644, 151645, 151648, 151649, 151643], { skip_special_tokens: true });
    expect(kept).toBe('<｜User｜><｜Assistant｜><think></think>');
  });
});
