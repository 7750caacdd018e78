/**
 * The inference engine: one loaded R1-style model, the same code in Node (onnxruntime-node, for
 * integration tests and benchmarks) and in the browser worker (onnxruntime-web, WebGPU or WASM).
 *
 * - load → tokenizer + model, with progress; `warmup()` runs `generate` for one token (on WebGPU this
 *   compiles the shaders, and it is where a q4f16 model fails on a GPU without shader-f16).
 * - generate → fits the conversation into the context window, reuses the KV cache of the previous
 *   turn for the longest common token prefix (cutting the cache when needed), prefills long prompts
 *   in chunks, then streams every generated token, routed to reasoning/answer by the `</think>` id.
 * - prepareNextTurn → after an answer, reads the history as the chat template will render it next
 *   time (reasoning removed) into the cache while the user types, so the next question only has to
 *   read its own tokens.
 *
 * The environment (`env.*`: where files come from, wasm paths) is configured by the caller.
 */
import {
  AutoConfig,
  AutoModelForCausalLM,
  AutoTokenizer,
  BaseStreamer,
  DynamicCache,
  InterruptableStoppingCriteria,
  LogitsProcessor,
  LogitsProcessorList,
  Tensor,
  type TextStreamer,
  random,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { runAttentionCheck, type AttentionCheck, type OrtLike } from './attention-check.ts';
import { planCacheReuse, sliceKvData, type CacheAction, type KvArray } from './cache-policy.ts';
import { fitContext } from './context.ts';
import { attentionPassLimit, effectivePrefillChunk } from './device.ts';
import { toEngineError } from './errors.ts';
import type { LibProgressEvent } from './progress.ts';
import { EngineFailure, type AttentionPassLimit, type ChatTurn, type Dtype, type EngineTuning, type GenerationStats, type PartDelta, type SamplingSettings, type StopReason } from '../core/index.ts';
import { applyTopP } from './sampling.ts';
import { StatsTracker } from './stats.ts';
import { THINK_END, THINK_START, ThinkParser } from './think-parser.ts';
import { TokenTextStream } from './token-stream.ts';
import { forwardIntoCache, ids2tensor, ones } from './tensors.ts';

/** transformers.js device names: `cpu` is Node's onnxruntime-node. */
export type LibDevice = 'webgpu' | 'wasm' | 'cpu';

export interface EngineLoadOptions {
  /** A hub repo id, a same-origin id under `env.localModelPath`, or an absolute folder (Node). */
  modelId: string;
  revision?: string;
  device: LibDevice;
  dtype: Dtype;
  onProgress?: (ev: LibProgressEvent) => void;
  /** Passed to ONNX Runtime (e.g. `executionProviders: [{ name: 'webgpu', device }]`). */
  sessionOptions?: Record<string, unknown>;
  /**
   * On WebGPU, test ORT's attention for 32-token passes after loading and cap passes at 31 tokens when
   * it is wrong (attention-check.ts, device.ts `attentionPassLimit`). Default true.
   */
  checkAttention?: boolean;
}

let webGpuCheck: Promise<AttentionCheck> | null = null;

/**
 * The attention check on this worker's WebGPU device, once per worker (it depends on the browser and
 * the adapter only). Called after a WebGPU model session exists, so ORT's device is the model's; the
 * dynamic import returns the onnxruntime-web instance transformers.js uses.
 */
export function webGpuAttentionCheck(): Promise<AttentionCheck> {
  webGpuCheck ??= import('onnxruntime-web/webgpu').then((ort) => runAttentionCheck(ort as unknown as OrtLike, 'webgpu'));
  return webGpuCheck;
}

export type { EngineTuning };

export const DEFAULT_TUNING: EngineTuning = { reuseCache: true, prefillChunk: 256, prepareNextTurn: true };

/** One generated token's delta (its text and the part it belongs to). */
export interface TokenEvent extends PartDelta {
  tokenIndex: number;
}

export interface GenerateCallbacks {
  onStart?: (info: { promptTokens: number; reusedTokens: number; droppedMessages: number }) => void;
  /** Called for every generated token (text may be empty: a tag, EOS, or half a character). */
  onToken?: (t: TokenEvent) => void;
  onReasoningEnd?: (reasoningMs: number) => void;
}

export interface GenerateResult {
  reason: StopReason;
  stats: GenerationStats;
  /** Reasoning + `</think>` + answer as decoded (special tokens skipped): the assistant turn to store. */
  raw: string;
  /** The generated token ids (EOS included when it ended the answer). */
  tokens: number[];
  droppedMessages: number;
  cache: CacheAction;
}

/** Counters for tests and diagnostics. */
export interface EngineCounters {
  /** GPU tensors produced by forward passes (`present.*` on WebGPU). */
  gpuTensorsCreated: number;
  gpuTensorsDisposed: number;
  cacheCuts: number;
  chunkedPrefills: number;
  /** Prompt tokens read ahead by `prepareNextTurn`. */
  preparedTokens: number;
}

export interface ModelFacts {
  thinkStartTokenId: number | undefined;
  thinkEndTokenId: number;
  numLayers: number;
  eosTokenIds: number[];
  /** The chat template's generation prompt opens the reasoning (`…<think>\n`). */
  promptOpensReasoning: boolean;
}

type KvTensor = Tensor & { ort_tensor: { getData(release?: boolean): Promise<unknown> } };

class TopPProcessor extends LogitsProcessor {
  constructor(
    private readonly topP: number,
    private readonly topK: number,
  ) {
    super();
  }
  override _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    applyTopP(logits.data as Float32Array, logits.dims.at(-1)!, this.topP, this.topK);
    return logits;
  }
}

/** Receives every token id from `generate` (the first `put` is the prompt, skipped). */
class TokenStreamer extends BaseStreamer {
  private seenPrompt = false;
  constructor(private readonly onTokenId: (id: number) => void) {
    super();
  }
  override put(value: bigint[][]): void {
    if (!this.seenPrompt) {
      this.seenPrompt = true;
      return;
    }
    for (const id of value[0] ?? []) this.onTokenId(Number(id));
  }
  override end(): void {}
}

const now = () => performance.now();


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
  private cache: DynamicCache | null = null;
  private cachedIds: number[] = [];
  private readonly stopper = new InterruptableStoppingCriteria();
  private busy = false;
  /** The generation in flight, so reset/unload can wait for it to stop. */
  private running: Promise<unknown> | null = null;
  /** The background read-ahead, if one is running, and its stop flag. */
  private preparing: { promise: Promise<void>; cancel: () => void } | null = null;

  private constructor(
    tokenizer: PreTrainedTokenizer,
    model: PreTrainedModel,
    opts: EngineLoadOptions,
    tuning: EngineTuning,
  ) {
    this.tokenizer = tokenizer;
    this.model = model;
    this.device = opts.device;
    this.dtype = opts.dtype;
    this.tuning = tuning;
    this.facts = readFacts(tokenizer, model);
    this.instrument();
  }

  static async load(opts: EngineLoadOptions, tuning: EngineTuning = DEFAULT_TUNING): Promise<LlmEngine> {
    const common = {
      ...(opts.revision ? { revision: opts.revision } : {}),
      ...(opts.onProgress ? { progress_callback: opts.onProgress as (ev: unknown) => void } : {}),
    };
    // config.json first: small, and a missing repo or folder fails here with a clear 404.
    const config = await AutoConfig.from_pretrained(opts.modelId, common);
    let tokenizer: PreTrainedTokenizer;
    try {
      tokenizer = await AutoTokenizer.from_pretrained(opts.modelId, common);
    } catch (e) {
      // With tokenizer_config.json absent, transformers.js fails on an undefined config object.
      if (e instanceof TypeError && /tokenizer_class|undefined/.test(e.message)) {
        throw new EngineFailure({
          code: 'missing-file',
          message: 'The model has no tokenizer files (tokenizer.json and tokenizer_config.json are needed).',
          detail: String(e),
        });
      }
      throw e;
    }
    const model = await AutoModelForCausalLM.from_pretrained(opts.modelId, {
      ...common,
      config,
      device: opts.device,
      dtype: opts.dtype,
      ...(opts.sessionOptions ? { session_options: opts.sessionOptions } : {}),
    });
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
    return this.cachedIds.length;
  }

  /** Number of tensors the cache holds (2 × layers when non-empty). */
  get cacheTensorCount(): number {
    return this.cache ? Object.keys(this.cache).length : 0;
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

  /** Interrupt the running generation (at the next token) or read-ahead (at the next chunk). */
  stop(): void {
    this.stopper.interrupt();
    this.preparing?.cancel();
  }

  /** Forget the KV cache (new conversation). A running answer is stopped first. */
  async reset(): Promise<void> {
    if (this.running) {
      this.stop();
      await this.running.catch(() => undefined);
    }
    await this.cancelPreparation();
    await this.dropCache();
  }

  /** Stop everything and release the sessions and GPU memory. */
  async unload(): Promise<void> {
    this.stop();
    await this.running?.catch(() => undefined);
    await this.cancelPreparation();
    await this.dropCache();
    await this.model.dispose();
  }

  async generate(
    messages: readonly ChatTurn[],
    sampling: SamplingSettings,
    contextWindow: number,
    cb: GenerateCallbacks = {},
  ): Promise<GenerateResult> {
    if (this.busy) throw new EngineFailure({ code: 'busy', message: 'An answer is already being generated.' });
    this.busy = true;
    const run = (async () => {
      await this.cancelPreparation();
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
    this.stopper.reset();

    // 1. Fit the conversation (tokenizing each candidate; the final one is memoised).
    const memo = new Map<number, number[]>();
    const count = (msgs: ChatTurn[]) => {
      const ids = this.promptIds(msgs);
      memo.set(msgs.length, ids);
      return ids.length;
    };
    const fit = fitContext(messages, count, sampling.maxNewTokens, contextWindow);
    if (!fit.ok) throw new EngineFailure(fit.error);
    const prompt = memo.get(fit.messages.length) ?? this.promptIds(fit.messages);

    // 2. Reuse what the cache holds for the longest common prefix.
    const action = await this.alignCache(prompt);
    const reused = action.keep;
    stats.prefillStarted(prompt.length, reused);
    cb.onStart?.({ promptTokens: prompt.length, reusedTokens: reused, droppedMessages: fit.droppedMessages });

    // 3. Stream tokens.
    const parser = new ThinkParser({
      startInReasoning: this.facts.promptOpensReasoning,
      thinkEndId: this.facts.thinkEndTokenId,
      ...(this.facts.thinkStartTokenId !== undefined ? { thinkStartId: this.facts.thinkStartTokenId } : {}),
    });
    const decoder = new TokenTextStream((ids) => this.tokenizer.decode(ids as number[], { skip_special_tokens: true }));
    const generated: number[] = [];
    const eos = new Set(this.facts.eosTokenIds);
    const route = (text: string, id: number | undefined, index: number) => {
      let any = false;
      for (const ev of parser.push(text, id)) {
        if (ev.type === 'reasoning-end') {
          const ms = stats.reasoningEnded();
          cb.onReasoningEnd?.(ms);
        } else {
          any = true;
          cb.onToken?.({ part: ev.part, text: ev.text, tokenIndex: index });
        }
      }
      return any;
    };
    const onTokenId = (id: number) => {
      const index = generated.length;
      generated.push(id);
      const text = eos.has(id) ? decoder.flush() : decoder.push(id);
      const partBefore = parser.currentPart;
      const emitted = route(text, id, index);
      const isTag = id === this.facts.thinkEndTokenId || id === this.facts.thinkStartTokenId || eos.has(id);
      stats.token(isTag ? undefined : partBefore);
      // Every token reaches the UI, even one that only completes later (half a character).
      if (!emitted) cb.onToken?.({ part: parser.currentPart, text: '', tokenIndex: index });
    };

    let result: { sequences: Tensor; past_key_values: DynamicCache };
    try {
      // 4. Chunked prefill of all but the last chunk; `generate` reads the rest (≤ chunk tokens, so
      //    a pass limit holds for its first pass too).
      let pos = reused;
      const chunk = this.prefillChunk;
      if (chunk > 0 && prompt.length - pos > chunk) {
        this.counters.chunkedPrefills++;
        while (prompt.length - pos > chunk) {
          if (this.stopper.interrupted) break;
          await this.forwardChunk(prompt, pos, pos + chunk);
          pos += chunk;
        }
      }
      if (this.stopper.interrupted) {
        const stoppedStats = stats.finish();
        return {
          reason: 'stopped',
          stats: stoppedStats,
          raw: '',
          tokens: [],
          droppedMessages: fit.droppedMessages,
          cache: action,
        };
      }

      if (sampling.seed !== undefined) random.seed(sampling.seed);
      const processors = new LogitsProcessorList();
      if (sampling.doSample && sampling.topP > 0 && sampling.topP < 1) {
        processors.push(new TopPProcessor(sampling.topP, sampling.topK));
      }
      const out = (await this.model.generate({
        input_ids: ids2tensor(prompt),
        attention_mask: ones(prompt.length),
        ...(this.cache ? { past_key_values: this.cache } : {}),
        max_new_tokens: fit.maxNewTokens,
        do_sample: sampling.doSample,
        temperature: sampling.temperature,
        top_k: sampling.topK,
        logits_processor: processors,
        stopping_criteria: [this.stopper],
        // The declared type is TextStreamer; generate only calls put/end (any BaseStreamer works).
        streamer: new TokenStreamer(onTokenId) as unknown as TextStreamer,
        return_dict_in_generate: true,
      })) as unknown as { sequences: Tensor; past_key_values: DynamicCache };
      result = out;
    } catch (e) {
      // The cache may be half-updated: never reuse it.
      await this.dropCache();
      throw new EngineFailure(toEngineError(e, 'generate'));
    }

    // Flush what the decoder and parser still hold.
    const tail = decoder.flush();
    if (tail) route(tail, undefined, generated.length - 1);
    for (const ev of parser.end()) {
      if (ev.type === 'delta') cb.onToken?.({ part: ev.part, text: ev.text, tokenIndex: generated.length - 1 });
    }

    // 5. Keep the cache for the next turn. It holds every token except the last sampled one.
    const seq = Array.from(result.sequences.data as BigInt64Array, Number);
    if (this.cache && this.cache !== result.past_key_values) await this.disposeCache(this.cache);
    this.cache = result.past_key_values;
    this.cachedIds = seq.slice(0, -1);
    if (this.cache.get_seq_length() !== this.cachedIds.length) {
      // Defensive: a mismatch would make reuse wrong; drop it rather than guess.
      await this.dropCache();
    }
    if (!this.tuning.reuseCache) await this.dropCache();

    const last = generated.at(-1);
    const reason: StopReason = this.stopper.interrupted
      ? 'stopped'
      : last !== undefined && eos.has(last)
        ? 'eos'
        : 'max-tokens';
    const raw = this.tokenizer.decode(
      generated.filter((id) => !eos.has(id)),
      { skip_special_tokens: true },
    );
    return {
      reason,
      stats: stats.finish(),
      raw,
      tokens: generated,
      droppedMessages: fit.droppedMessages,
      cache: action,
    };
  }

  /**
   * After an answer: read `history` (ending with that answer) as the template will render it in the
   * next prompt, into the cache, in chunks, stoppable between chunks. Fire and forget; `generate`,
   * `reset` and `unload` wait for it to stop first.
   */
  prepareNextTurn(history: readonly ChatTurn[]): Promise<void> {
    if (!this.tuning.reuseCache || !this.tuning.prepareNextTurn || this.busy || this.preparing) return Promise.resolve();
    let cancelled = false;
    const run = async () => {
      const ids = this.promptIds(history, false);
      // `alignCache` keeps ≥ 1 token to feed; here every token is to be read, so append a dummy target.
      const action = await this.alignCache([...ids, -1]);
      let pos = action.keep;
      const chunk = this.prefillChunk > 0 ? this.prefillChunk : ids.length;
      while (pos < ids.length && !cancelled) {
        const end = Math.min(ids.length, pos + chunk);
        await this.forwardChunk(ids, pos, end);
        this.counters.preparedTokens += end - pos;
        pos = end;
      }
    };
    const promise = run()
      .catch(async () => {
        await this.dropCache();
      })
      .finally(() => {
        if (this.preparing?.promise === promise) this.preparing = null;
      });
    this.preparing = { promise, cancel: () => (cancelled = true) };
    return promise;
  }

  private async cancelPreparation(): Promise<void> {
    const p = this.preparing;
    if (!p) return;
    p.cancel();
    await p.promise;
  }

  /** Make the cache hold exactly the longest usable common prefix of `prompt`. */
  private async alignCache(prompt: readonly number[]): Promise<CacheAction> {
    if (!this.tuning.reuseCache || !this.cache) {
      await this.dropCache();
      return { kind: 'none', keep: 0, reason: 'empty' };
    }
    const action = planCacheReuse(this.cachedIds, prompt);
    if (action.kind === 'none') await this.dropCache();
    else if (action.kind === 'truncate') await this.cutCache(action.keep);
    return action;
  }

  /** Run prompt[start, end) through the model, appending to the cache. */
  private async forwardChunk(ids: readonly number[], start: number, end: number): Promise<void> {
    if (this.cachedIds.length !== start) throw new Error(`cache holds ${this.cachedIds.length} tokens, expected ${start}`);
    const cache = this.cache ?? new DynamicCache();
    await forwardIntoCache(this.model, cache, ids, start, end);
    this.cache = cache;
    this.cachedIds = ids.slice(0, end) as number[];
  }

  /** Keep the first `keep` positions: download GPU tensors once, slice on the CPU, feed back. */
  private async cutCache(keep: number): Promise<void> {
    const old = this.cache;
    if (!old) return;
    const entries: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(old) as [string, KvTensor][]) {
      let data: KvArray;
      if (t.location === 'gpu-buffer') {
        // Download and release the GPU buffer in one go. (A plain `getData()` flips the tensor's
        // location to 'cpu', after which `DynamicCache.dispose()` skips it and the buffer leaks.)
        data = (await t.ort_tensor.getData(true)) as KvArray;
        t.dispose(); // no-op on the GPU now; keeps the disposal count right
      } else {
        data = t.data as unknown as KvArray;
      }
      const dims = [...t.dims];
      const sliced = sliceKvData(data, dims, keep);
      entries[name] = new Tensor(t.type as 'float32', sliced as unknown as Float32Array, [dims[0]!, dims[1]!, keep, dims[3]!]);
    }
    this.cache = new DynamicCache(entries);
    this.cachedIds = this.cachedIds.slice(0, keep);
    this.counters.cacheCuts++;
  }

  private async dropCache(): Promise<void> {
    const c = this.cache;
    this.cache = null;
    this.cachedIds = [];
    if (c) await this.disposeCache(c);
  }

  private async disposeCache(c: DynamicCache): Promise<void> {
    await c.dispose();
  }

  /** Count GPU tensors made by forward passes and their disposals (leak checks in tests). */
  private instrument(): void {
    const model = this.model as PreTrainedModel & { forward: (inputs: unknown) => Promise<Record<string, Tensor>> };
    const forward = model.forward.bind(model);
    const counters = this.counters;
    model.forward = async (inputs: unknown) => {
      const out = await forward(inputs);
      for (const t of Object.values(out) as Tensor[]) {
        if (t?.location === 'gpu-buffer') {
          counters.gpuTensorsCreated++;
          const dispose = t.dispose.bind(t);
          let done = false;
          t.dispose = () => {
            if (!done) {
              done = true;
              counters.gpuTensorsDisposed++;
            }
            dispose();
          };
        }
      }
      return out;
    };
  }
}

function readFacts(tokenizer: PreTrainedTokenizer, model: PreTrainedModel): ModelFacts {
  const single = (text: string): number | undefined => {
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    return ids.length === 1 ? ids[0] : undefined;
  };
  const thinkEnd = single(THINK_END);
  if (thinkEnd === undefined) {
    throw new EngineFailure({
      code: 'corrupt-file',
      message: 'This model has no </think> token, so it is not a DeepSeek-R1 style reasoning model.',
    });
  }
  const config = model.config as unknown as { num_hidden_layers?: number; eos_token_id?: number | number[] };
  const gen = (model as unknown as { generation_config?: { eos_token_id?: number | number[] } }).generation_config;
  const eosRaw = gen?.eos_token_id ?? config.eos_token_id ?? [];
  const eosTokenIds = Array.isArray(eosRaw) ? eosRaw : [eosRaw];
  // Does the generation prompt already open the reasoning? Render a probe and look at its end.
  const probe = tokenizer.apply_chat_template([{ role: 'user', content: 'x' }], {
    add_generation_prompt: true,
    tokenize: false,
  }) as unknown as string;
  return {
    thinkStartTokenId: single(THINK_START),
    thinkEndTokenId: thinkEnd,
    numLayers: config.num_hidden_layers ?? 0,
    eosTokenIds,
    promptOpensReasoning: /<think>\s*$/.test(probe),
  };
}
