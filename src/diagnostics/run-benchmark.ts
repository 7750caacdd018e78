/**
 * Benchmarks that run on a loaded `LlmEngine`, the same code in the worker (Hardware page,
 * `npm run bench` in Chromium) and in Node (onnxruntime-node, the "native" column of `npm run bench`):
 *
 * `runStandardBenchmark`: fixed prompt cut to `promptTokens`, greedy, exactly `newTokens` new tokens
 * (EOS ignored through `min_new_tokens`), a fresh KV cache per run; per-token arrival times.
 *
 * The chat's KV cache is dropped first (`engine.reset()`): a benchmark must not share the session
 * with a read-ahead, and the next chat turn simply reads its history again.
 */
import { BaseStreamer, DynamicCache } from '@huggingface/transformers';
import { BENCHMARK_PASSAGE } from './benchmark.ts';
import type { LlmEngine } from '../engine/llm.ts';
import { forwardIntoCache, ids2tensor, ones } from '../engine/tensors.ts';
import type { BenchmarkRun, BenchmarkSpec } from '../core/index.ts';

const now = () => performance.now();

export type BenchProgress = (stage: string, done: number, total: number) => void;

/** Records when each generated token arrives (the first `put` is the prompt). */
class TimingStreamer extends BaseStreamer {
  readonly times: number[] = [];
  private seenPrompt = false;
  override put(value: bigint[][]): void {
    if (!this.seenPrompt) {
      this.seenPrompt = true;
      return;
    }
    const t = now();
    for (let i = 0; i < (value[0]?.length ?? 0); i++) this.times.push(t);
  }
  override end(): void {}
}


/** The fixed benchmark passage, repeated and cut to exactly `n` tokens of this model's tokenizer. */
export function benchmarkPromptIds(engine: LlmEngine, n: number): number[] {
  const once = engine.tokenizer.encode(BENCHMARK_PASSAGE, { add_special_tokens: false });
  if (once.length === 0) throw new Error('the tokenizer produced no tokens for the benchmark passage');
  const ids: number[] = [];
  while (ids.length < n) ids.push(...once);
  return ids.slice(0, n);
}

type Generate = (inputs: Record<string, unknown>) => Promise<unknown>;

/**
 * One greedy generation of exactly `newTokens` tokens from `promptIds`, timed per token. The prompt is
 * read the way a chat reads it (`LlmEngine.generate`): in passes of `engine.prefillChunk` tokens — which
 * honours the 31-token cap on GPUs whose WebGPU attention fails at 32 — and `generate` reads the rest.
 */
export async function timedGeneration(engine: LlmEngine, promptIds: readonly number[], newTokens: number): Promise<BenchmarkRun> {
  const streamer = new TimingStreamer();
  const chunk = engine.prefillChunk;
  const t0 = now();
  let cache: DynamicCache | null = null;
  if (chunk > 0 && promptIds.length > chunk) {
    cache = new DynamicCache();
    for (let pos = 0; promptIds.length - pos > chunk; pos += chunk) {
      await forwardIntoCache(engine.model, cache, promptIds, pos, pos + chunk);
    }
  }
  const out = (await (engine.model.generate as unknown as Generate)({
    input_ids: ids2tensor(promptIds),
    attention_mask: ones(promptIds.length),
    ...(cache ? { past_key_values: cache, return_dict_in_generate: true } : {}),
    max_new_tokens: newTokens,
    min_new_tokens: newTokens,
    do_sample: false,
    streamer,
  })) as { past_key_values?: DynamicCache };
  const t1 = now();
  // A cache passed in is ours to free (GPU tensors included), and so is the one generate returns.
  if (cache) {
    const returned = out.past_key_values;
    await cache.dispose();
    if (returned && returned !== cache) await returned.dispose();
  }
  const times = streamer.times.map((t) => t - t0);
  return {
    promptTokens: promptIds.length,
    newTokens: times.length,
    ttftMs: times[0] ?? t1 - t0,
    tokenTimesMs: times,
    totalMs: t1 - t0,
  };
}

export async function runStandardBenchmark(
  engine: LlmEngine,
  spec: BenchmarkSpec,
  onProgress: BenchProgress = () => {},
): Promise<BenchmarkRun[]> {
  await engine.reset();
  const ids = benchmarkPromptIds(engine, spec.promptTokens);
  const total = spec.warmupRuns + spec.runs;
  const runs: BenchmarkRun[] = [];
  for (let i = 0; i < total; i++) {
    const warm = i < spec.warmupRuns;
    onProgress(warm ? 'warm-up' : 'run', i, total);
    const run = await timedGeneration(engine, ids, spec.newTokens);
    if (!warm) runs.push(run);
  }
  onProgress('done', total, total);
  return runs;
}
