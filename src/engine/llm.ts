/**
 * The inference engine: one loaded R1-style model, the same code in Node (onnxruntime-node, for
 * integration tests and benchmarks) and in the browser worker (onnxruntime-web, WebGPU or WASM).
 *
 * - load → tokenizer + model, with progress; `warmup()` runs `generate` for one token (on WebGPU this
 *   compiles the shaders, and it is where a q4f16 model fails on a GPU without shader-f16).
 * - generate → fits the conversation into the context window, reuses the KV cache of the previous
 *   turn for the longest common token prefix (kv-cache.ts), prefills long prompts in chunks, then
 *   streams every generated token, routed to reasoning/answer by the `</think>` id (token-router.ts).
 * - prepareNextTurn → after an answer, reads the history as the chat template will render it next
 *   time (reasoning removed) into the cache while the user types, so the next question only has to
 *   read its own tokens.
 *
 * The environment (`env.*`: where files come from, wasm paths) is configured by the caller.
 */
import { InterruptableStoppingCriteria, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { fitContext, type FitResult } from './context.ts';
import { attentionPassLimit, effectivePrefillChunk } from './device.ts';
import { toEngineError } from './errors.ts';
import { EngineFailure, type AttentionPassLimit, type ChatTurn, type Dtype, type EngineTuning, type SamplingSettings, type StopReason } from '../core/index.ts';
import { Background, KvCache, type EngineCounters } from './kv-cache.ts';
import type { CacheAction } from './cache-policy.ts';
import { loadModelParts, webGpuAttentionCheck, type EngineLoadOptions, type LibDevice } from './model-load.ts';
import { instrumentForward, readFacts, sampleAnswer, type ModelFacts, type SampledAnswer } from './model-hooks.ts';
import { StatsTracker } from './stats.ts';
import type { GenerateCallbacks, GenerateResult, TokenEvent } from './generate-types.ts';
import { TokenRouter } from './token-router.ts';
import { ids2tensor, ones } from './tensors.ts';

export type { EngineCounters, EngineLoadOptions, LibDevice, ModelFacts };
export { webGpuAttentionCheck };

export type { EngineTuning };

export const DEFAULT_TUNING: EngineTuning = { reuseCache: true, prefillChunk: 256, prepareNextTurn: true };

export type { GenerateCallbacks, GenerateResult, TokenEvent };

const now = () => performance.now();

type Fitted = Extract<FitResult, { ok: true }>;

export class LlmEngine {
  readonly tokenizer: PreTrainedTokenizer;
  readonly model: PreTrainedModel;
  readonly facts: ModelFacts;
  readonly device: LibDevice;
  readonly dtype: Dtype;
  tuning: EngineTuning;
  /**
   * The most new tokens one forward pass may hold (WebGPU, where longer passes compute attention
   * wrongly; set by `load`), or null. Every prefill chunk, read-ahead chunk and `generate`'s first pass
   * stays under it.
   */
  passLimit: AttentionPassLimit | null = null;
  readonly counters: EngineCounters = {
    gpuTensorsCreated: 0,
    gpuTensorsDisposed: 0,
    cacheCuts: 0,
    chunkedPrefills: 0,
    preparedTokens: 0,
  };

  /** The KV cache and the exact token ids whose keys/values it holds. */
  private readonly kv: KvCache;
  private readonly stopper = new InterruptableStoppingCriteria();
  private busy = false;
  /** Set by `unload`: the sessions are gone, nothing may run again. */
  private closed = false;
  /** The generation in flight, so reset/unload can wait for it to stop. */
  private running: Promise<unknown> | null = null;
  /** The background read-ahead, if one is running. */
  private readonly preparing = new Background();

  private constructor(tokenizer: PreTrainedTokenizer, model: PreTrainedModel, opts: EngineLoadOptions, tuning: EngineTuning) {
    this.tokenizer = tokenizer;
    this.model = model;
    this.device = opts.device;
    this.dtype = opts.dtype;
    this.tuning = tuning;
    this.facts = readFacts(tokenizer, model);
    this.kv = new KvCache(model, this.counters);
    instrumentForward(model, this.counters);
  }

  static async load(opts: EngineLoadOptions, tuning: EngineTuning = DEFAULT_TUNING): Promise<LlmEngine> {
    const { tokenizer, model } = await loadModelParts(opts);
    const engine = new LlmEngine(tokenizer, model, opts, tuning);
    if (opts.device === 'webgpu' && opts.checkAttention !== false) {
      engine.passLimit = attentionPassLimit(await webGpuAttentionCheck());
    }
    return engine;
  }

  /** Tokens per prefill pass: `tuning.prefillChunk` (0 = whole prompt) under `passLimit`. */
  get prefillChunk(): number {
    return effectivePrefillChunk(this.tuning.prefillChunk, this.passLimit);
  }

  /** One-token generation: compiles WebGPU shaders, and surfaces f16 kernel errors before the user types. */
  async warmup(): Promise<number> {
    const t0 = now();
    const ids = this.promptIds([{ role: 'user', content: 'Hi' }]);
    await this.model.generate({
      input_ids: ids2tensor(ids),
      attention_mask: ones(ids.length),
      max_new_tokens: 1,
      do_sample: false,
    });
    return now() - t0;
  }

  get cachedTokenCount(): number {
    return this.kv.tokenCount;
  }

  /** Positions the cache tensors hold (equals `cachedTokenCount` whenever the cache is consistent). */
  get cacheSeqLength(): number {
    return this.kv.seqLength;
  }

  /** Number of tensors the cache holds (2 × layers when non-empty). */
  get cacheTensorCount(): number {
    return this.kv.tensorCount;
  }

  /** Render the chat template and tokenize. */
  promptIds(messages: readonly ChatTurn[], addGenerationPrompt = true): number[] {
    const ids = this.tokenizer.apply_chat_template(messages as ChatTurn[], {
      add_generation_prompt: addGenerationPrompt,
      tokenize: true,
      return_tensor: false,
      return_dict: false,
    }) as unknown as number[];
    return ids;
  }

  /**
   * Interrupt the running generation (at the next token, prefill chunk or await, whichever comes first)
   * or read-ahead (at the next chunk). The flag is cleared only when `generate` is called, so a stop
   * that arrives at any moment after that wins.
   */
  stop(): void {
    this.stopper.interrupt();
    this.preparing.cancel();
  }

  /** Forget the KV cache (new conversation). A running answer is stopped first. */
  async reset(): Promise<void> {
    if (this.running) {
      this.stop();
      await this.running.catch(() => undefined);
    }
    await this.preparing.stop();
    await this.kv.drop();
  }

  /** Stop everything and release the sessions and GPU memory. */
  async unload(): Promise<void> {
    this.closed = true;
    this.stop();
    await this.running?.catch(() => undefined);
    await this.preparing.stop();
    await this.kv.drop();
    await this.model.dispose();
  }

  async generate(
    messages: readonly ChatTurn[],
    sampling: SamplingSettings,
    contextWindow: number,
    cb: GenerateCallbacks = {},
  ): Promise<GenerateResult> {
    if (this.closed) throw new EngineFailure({ code: 'not-loaded', message: 'The model was unloaded. Load a model first.', key: 'errors.unloaded' });
    if (this.busy) throw new EngineFailure({ code: 'busy', message: 'An answer is already being generated.', key: 'errors.busy' });
    this.busy = true;
    // Cleared here, before any await, and never later: a stop from now on ends this run.
    this.stopper.reset();
    const run = (async () => {
      await this.preparing.stop();
      return this.generateInner(messages, sampling, contextWindow, cb);
    })();
    this.running = run;
    try {
      return await run;
    } finally {
      this.busy = false;
      this.running = null;
    }
  }

  private async generateInner(
    messages: readonly ChatTurn[],
    sampling: SamplingSettings,
    contextWindow: number,
    cb: GenerateCallbacks,
  ): Promise<GenerateResult> {
    const stats = new StatsTracker(now);
    // 1. Fit the conversation; 2. reuse what the cache holds for the longest common prefix.
    const { fit, prompt } = this.fitPrompt(messages, sampling, contextWindow);
    const stopped = (action: CacheAction): GenerateResult => ({
      reason: 'stopped',
      stats: stats.finish(),
      raw: '',
      tokens: [],
      droppedMessages: fit.droppedMessages,
      cache: action,
    });
    // Stopped before the prompt is read (or while the read-ahead was being cancelled): the cache is untouched.
    if (this.stopper.interrupted) return stopped({ kind: 'none', keep: 0, reason: 'empty' });
    const action = await this.kv.align(prompt, this.tuning.reuseCache);
    if (this.stopper.interrupted) return stopped(action);
    stats.prefillStarted(prompt.length, action.keep);
    cb.onStart?.({ promptTokens: prompt.length, reusedTokens: action.keep, droppedMessages: fit.droppedMessages });
    const done = (reason: StopReason, raw: string, tokens: number[]): GenerateResult => ({
      reason,
      stats: stats.finish(),
      raw,
      tokens,
      droppedMessages: fit.droppedMessages,
      cache: action,
    });

    // 3. Prefill in chunks (4), then stream tokens.
    const router = new TokenRouter(this.facts, this.tokenizer, stats, cb);
    let result: SampledAnswer;
    try {
      await this.prefill(prompt, action.keep);
      if (this.stopper.interrupted) return done('stopped', '', []);
      const { maxNewTokens } = fit;
      const cache = this.kv.current;
      result = await sampleAnswer(this.model, { prompt, cache, maxNewTokens, sampling, stopper: this.stopper, onTokenId: router.onTokenId });
    } catch (e) {
      // The cache may be half-updated: never reuse it.
      await this.kv.drop();
      throw new EngineFailure(toEngineError(e, 'generate'));
    }
    router.flush();

    // 5. Keep the cache for the next turn. It holds every token except the last sampled one.
    const seq = Array.from(result.sequences.data as BigInt64Array, Number);
    await this.kv.adopt(result.past_key_values, seq.slice(0, -1));
    if (!this.tuning.reuseCache) await this.kv.drop();
    const reason = router.stopReason(this.stopper.interrupted);
    return done(reason, router.raw(), router.generated);
  }

  /** The conversation fitted into the window (tokenizing each candidate; the final one is memoised). */
  private fitPrompt(messages: readonly ChatTurn[], sampling: SamplingSettings, contextWindow: number): { fit: Fitted; prompt: number[] } {
    const memo = new Map<number, number[]>();
    const count = (msgs: ChatTurn[]) => {
      const ids = this.promptIds(msgs);
      memo.set(msgs.length, ids);
      return ids.length;
    };
    const fit = fitContext(messages, count, sampling.maxNewTokens, contextWindow);
    if (!fit.ok) throw new EngineFailure(fit.error);
    return { fit, prompt: memo.get(fit.messages.length) ?? this.promptIds(fit.messages) };
  }

  /**
   * Chunked prefill of all but the last chunk from `pos`, stoppable between chunks; `generate` reads
   *    the rest (≤ chunk tokens, so a pass limit holds for its first pass too).
   */
  private async prefill(prompt: readonly number[], pos: number): Promise<void> {
    const chunk = this.prefillChunk;
    if (chunk <= 0 || prompt.length - pos <= chunk) return;
    this.counters.chunkedPrefills++;
    while (prompt.length - pos > chunk) {
      if (this.stopper.interrupted) break;
      await this.kv.extend(prompt, pos, pos + chunk);
      pos += chunk;
    }
  }

  /**
   * After an answer: read `history` (ending with that answer) as the template will render it in the
   * next prompt, into the cache, in chunks, stoppable between chunks. Fire and forget; `generate`,
   * `reset` and `unload` wait for it to stop first.
   */
  prepareNextTurn(history: readonly ChatTurn[]): Promise<void> {
    if (this.closed || !this.tuning.reuseCache || !this.tuning.prepareNextTurn || this.busy || this.preparing.running) return Promise.resolve();
    return this.preparing.start(
      (cancelled) => this.kv.readAhead(this.promptIds(history, false), this.prefillChunk, cancelled),
      () => this.kv.drop(),
    );
  }
}
