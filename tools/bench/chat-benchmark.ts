/**
 * The bench's chat section: a multi-turn chat on a loaded `LlmEngine`, timed per turn, either through
 * the engine (KV reuse and the read-ahead while the user types) or the peer example's way (plain
 * `generate` + `TextStreamer`, the whole chat re-prefilled every turn, as the transformers.js example
 * does). The same code runs in the bench's worker (Chromium, tools/bench/page/bench-worker.ts) and in
 * Node (native.ts). Not part of the app: only `npm run bench` compares the two ways.
 *
 * The chat's KV cache is dropped first and last (`engine.reset()`): both ways start from an empty cache.
 */
import { TextStreamer, type Tensor } from '@huggingface/transformers';
import type { LlmEngine } from '../../src/engine/llm.ts';
import type { ChatTurn } from '../../src/core/index.ts';
import type { BenchProgress } from '../../src/diagnostics/run-benchmark.ts';

/** A multi-turn chat, timed per turn: the app's engine, or the peer example's way. */
export interface ChatBenchSpec {
  /** `engine`: LlmEngine (KV reuse, read-ahead while the user types). `peer`: plain `generate` +
   * `TextStreamer`, the whole chat re-prefilled every turn (the transformers.js example's way). */
  mode: 'engine' | 'peer';
  turns: number;
  /** Tokens per answer (a random-weights model never stops early). */
  answerTokens: number;
  /** Words per question. */
  questionWords: number;
}

export interface ChatBenchTurn {
  turn: number;
  promptTokens: number;
  /** Prompt tokens run through the model this turn (the rest came from the KV cache). */
  prefillTokens: number;
  ttftMs: number;
  decodeTokensPerSec: number;
  /** Engine mode: reading the answer into the cache after it (while the user would type), ms. */
  readAheadMs: number;
  generatedTokens: number;
  /** The answer, to check that both modes say the same. */
  text: string;
}

const now = () => performance.now();

type Generate = (inputs: Record<string, unknown>) => Promise<unknown>;

const WORDS = 'the model reads every word of the history again unless the cache is kept between turns'.split(' ');

/** Question `k` of the chat benchmark (the same in both modes and in every run). */
export function chatQuestion(k: number, words: number): string {
  const w = Array.from({ length: words }, (_, i) => WORDS[(i + k) % WORDS.length]);
  return `Question ${k + 1}: ${w.join(' ')}?`;
}

const GREEDY = { doSample: false, temperature: 1, topP: 1, topK: 0 };

export async function runChatBenchmark(
  engine: LlmEngine,
  spec: ChatBenchSpec,
  onProgress: BenchProgress = () => {},
): Promise<ChatBenchTurn[]> {
  await engine.reset();
  const history: ChatTurn[] = [];
  const rows: ChatBenchTurn[] = [];
  for (let k = 0; k < spec.turns; k++) {
    onProgress(`turn ${k + 1}`, k, spec.turns);
    history.push({ role: 'user', content: chatQuestion(k, spec.questionWords) });
    const row = spec.mode === 'engine' ? await engineTurn(engine, history, spec, k) : await peerTurn(engine, history, spec, k);
    history.push({ role: 'assistant', content: row.text });
    rows.push(row);
  }
  await engine.reset();
  onProgress('done', spec.turns, spec.turns);
  return rows;
}

async function engineTurn(engine: LlmEngine, history: ChatTurn[], spec: ChatBenchSpec, k: number): Promise<ChatBenchTurn> {
  const r = await engine.generate(history, { ...GREEDY, maxNewTokens: spec.answerTokens }, 1 << 20);
  // The user reads the answer and types: the engine reads the answer into the cache meanwhile.
  const t = now();
  await engine.prepareNextTurn([...history, { role: 'assistant', content: r.raw }]);
  return {
    turn: k + 1,
    promptTokens: r.stats.promptTokens,
    prefillTokens: r.stats.prefillTokens,
    ttftMs: r.stats.timeToFirstTokenMs,
    decodeTokensPerSec: r.stats.decodeTokensPerSec,
    readAheadMs: now() - t,
    generatedTokens: r.stats.generatedTokens,
    text: r.raw,
  };
}

/** The transformers.js example's way: render the whole chat, `generate` with a `TextStreamer`. */
async function peerTurn(engine: LlmEngine, history: ChatTurn[], spec: ChatBenchSpec, k: number): Promise<ChatBenchTurn> {
  const { tokenizer, model } = engine;
  const inputs = tokenizer.apply_chat_template(history, { add_generation_prompt: true, return_dict: true }) as unknown as {
    input_ids: Tensor;
    attention_mask: Tensor;
  };
  const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;
  const times: number[] = [];
  // The example streams text to the page; here only the arrival times count.
  const streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    skip_special_tokens: true,
    callback_function: () => {},
    token_callback_function: () => {
      times.push(now());
    },
  });
  const t0 = now();
  const out = (await (model.generate as unknown as Generate)({
    ...inputs,
    max_new_tokens: spec.answerTokens,
    do_sample: false,
    streamer,
  })) as Tensor;
  const seq = Array.from(out.data as BigInt64Array, Number).slice(promptTokens);
  const text = tokenizer.decode(seq, { skip_special_tokens: true });
  const first = times[0] ?? now();
  const last = times.at(-1) ?? first;
  return {
    turn: k + 1,
    promptTokens,
    prefillTokens: promptTokens,
    ttftMs: first - t0,
    decodeTokensPerSec: times.length > 1 && last > first ? ((times.length - 1) / (last - first)) * 1000 : NaN,
    readAheadMs: 0,
    generatedTokens: times.length,
    text,
  };
}

/** The bench worker's own request (tools/bench/page/bench-worker.ts); answers `chat-benchmark-result` or `error`. */
export interface ChatBenchRequest {
  type: 'chat-benchmark';
  requestId: string;
  spec: ChatBenchSpec;
}

export interface ChatBenchResult {
  type: 'chat-benchmark-result';
  requestId: string;
  spec: ChatBenchSpec;
  turns: ChatBenchTurn[];
}
