/**
 * The GPU correctness check, on two loaded engines (one WebGPU, one WASM/CPU). Both read the same
 * token sequences the way the engine reads them when it answers, so positions line up (teacher
 * forcing) and the check covers the code paths a chat really uses:
 *
 * 1. the answer: a greedy answer of `newTokens` tokens is generated on the GPU; then each engine reads
 *    the prompt (in prefill chunks of `tuning.prefillChunk` tokens) and the answer one token at a time
 *    (the decode step), and the logits that predict each answer token are compared;
 * 2. a long prompt: a fixed passage of `LONG_PROMPT_TOKENS` tokens read in the same prefill chunks,
 *    every position compared. (onnxruntime-web 1.31-dev's WebGPU attention is wrong for passes of 32 or
 *    more new tokens on some browser + GPU pairs, SwiftShader included; there the engine caps its passes
 *    at 31 tokens (`LlmEngine.passLimit`), and this part reads the prompt the same way.)
 *
 * Comparison: `src/diagnostics/correctness.ts` (top-1 agreement, largest |Δlogit|).
 */
import { DynamicCache, Tensor } from '@huggingface/transformers';
import { compareLogits } from './correctness.ts';
import { benchmarkPromptIds } from './run-benchmark.ts';
import type { LlmEngine } from '../engine/llm.ts';
import type { LogitComparison } from '../core/index.ts';
import { forwardIntoCache, ids2tensor, ones } from '../engine/tensors.ts';

const now = () => performance.now();

/** Tokens of the long-prompt part (more than one 32-token tile, less than one default chunk). */
export const LONG_PROMPT_TOKENS = 96;


/** Greedy continuation of `promptIds` by `engine`, exactly `newTokens` tokens. */
export async function greedyTokens(engine: LlmEngine, promptIds: readonly number[], newTokens: number): Promise<number[]> {
  const out = (await (engine.model.generate as unknown as (i: Record<string, unknown>) => Promise<unknown>)({
    input_ids: ids2tensor(promptIds),
    attention_mask: ones(promptIds.length),
    max_new_tokens: newTokens,
    min_new_tokens: newTokens,
    do_sample: false,
  })) as Tensor;
  return Array.from(out.data as BigInt64Array, Number).slice(promptIds.length);
}

/**
 * Read `ids` through `engine` with a KV cache: the first `prefix` tokens in passes of at most `chunk`
 * tokens, the rest one token per pass. Returns the logits rows `[from, ids.length)` as float32,
 * row-major, and disposes every tensor it made (GPU ones included).
 */
export async function readLogits(
  engine: LlmEngine,
  ids: readonly number[],
  prefix: number,
  chunk: number,
  from: number,
): Promise<{ data: Float32Array; vocab: number }> {
  const cache = new DynamicCache();
  const rows: Float32Array[] = [];
  let vocab = 0;
  try {
    let pos = 0;
    while (pos < ids.length) {
      const size = pos < prefix ? Math.min(Math.max(1, chunk), prefix - pos) : 1;
      const end = pos + size;
      const outputs = await forwardIntoCache(engine.model, cache, ids, pos, end);
      const logits = outputs.logits;
      if (!logits) throw new Error('the model returned no logits');
      vocab = logits.dims.at(-1)!;
      const data = (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
      for (let r = Math.max(pos, from); r < end; r++) rows.push(data.slice((r - pos) * vocab, (r - pos + 1) * vocab));
      pos = end;
    }
  } finally {
    await cache.dispose();
  }
  const out = new Float32Array(rows.length * vocab);
  rows.forEach((r, i) => out.set(r, i * vocab));
  return { data: out, vocab };
}

export interface LogitCheckRun {
  promptTokens: number;
  comparison: LogitComparison;
  longPrompt: LogitComparison;
  longPromptTokens: number;
  prefillChunk: number;
  gpuMs: number;
  cpuMs: number;
}

type Progress = (stage: string, done: number, total: number) => void;

export async function runLogitCheck(
  gpu: LlmEngine,
  cpu: LlmEngine,
  prompt: string,
  newTokens: number,
  onProgress: Progress = () => {},
): Promise<LogitCheckRun> {
  const chunk = gpu.prefillChunk > 0 ? gpu.prefillChunk : Number.MAX_SAFE_INTEGER;
  const promptIds = gpu.promptIds([{ role: 'user', content: prompt }]);
  const P = promptIds.length;
  let gpuMs = 0;
  let cpuMs = 0;
  const timed = async <T>(side: 'gpu' | 'cpu', f: () => Promise<T>): Promise<T> => {
    const t = now();
    try {
      return await f();
    } finally {
      if (side === 'gpu') gpuMs += now() - t;
      else cpuMs += now() - t;
    }
  };

  onProgress('greedy answer on the GPU', 0, 5);
  const answer = await timed('gpu', () => greedyTokens(gpu, promptIds, newTokens));
  // Rows P-1 … P+N-2 predict the N answer tokens; the last answer token is never fed.
  const seq = [...promptIds, ...answer.slice(0, -1)];
  onProgress('the answer on the GPU', 1, 5);
  const g = await timed('gpu', () => readLogits(gpu, seq, P, chunk, P - 1));
  onProgress('the answer on the CPU', 2, 5);
  const c = await timed('cpu', () => readLogits(cpu, seq, P, chunk, P - 1));
  if (g.vocab !== c.vocab) throw new Error(`the two models have different vocabularies (${g.vocab} vs ${c.vocab})`);
  const comparison = compareLogits(g.data, c.data, g.vocab);

  const long = benchmarkPromptIds(gpu, LONG_PROMPT_TOKENS);
  onProgress('a long prompt on the GPU', 3, 5);
  const gl = await timed('gpu', () => readLogits(gpu, long, long.length, chunk, 0));
  onProgress('a long prompt on the CPU', 4, 5);
  const cl = await timed('cpu', () => readLogits(cpu, long, long.length, chunk, 0));
  const longPrompt = compareLogits(gl.data, cl.data, gl.vocab);
  onProgress('done', 5, 5);
  return {
    promptTokens: P,
    comparison,
    longPrompt,
    longPromptTokens: long.length,
    prefillChunk: Math.min(chunk, long.length),
    gpuMs,
    cpuMs,
  };
}
