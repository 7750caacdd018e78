/**
 * The KV cache between turns, and the exact token ids whose keys/values it holds. A new prompt is
 * aligned with it (the longest usable common prefix is kept: the rest cut off, or all dropped), the
 * prompt's new tokens extend it, and after an answer the history is read ahead into it while the user
 * types. The counters (cuts, read-ahead tokens) are the engine's diagnostics.
 */
import { DynamicCache, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { planCacheReuse, sliceKvData, type CacheAction, type KvArray } from './cache-policy.ts';
import { forwardIntoCache } from './tensors.ts';

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

type KvTensor = Tensor & { ort_tensor: { getData(release?: boolean): Promise<unknown> } };

export class KvCache {
  private cache: DynamicCache | null = null;
  private ids: number[] = [];

  constructor(
    private readonly model: PreTrainedModel,
    private readonly counters: EngineCounters,
  ) {}

  /** The cache to continue from (`past_key_values`), or null when empty. */
  get current(): DynamicCache | null {
    return this.cache;
  }

  get tokenCount(): number {
    return this.ids.length;
  }

  /** Positions the tensors hold (equals `tokenCount` whenever the cache is consistent). */
  get seqLength(): number {
    return this.cache?.get_seq_length() ?? 0;
  }

  /** Number of tensors the cache holds (2 × layers when non-empty). */
  get tensorCount(): number {
    return this.cache ? Object.keys(this.cache).length : 0;
  }

  /** Make the cache hold exactly the longest usable common prefix of `prompt` (nothing when `reuse` is off). */
  async align(prompt: readonly number[], reuse: boolean): Promise<CacheAction> {
    if (!reuse || !this.cache) {
      await this.drop();
      return { kind: 'none', keep: 0, reason: 'empty' };
    }
    const action = planCacheReuse(this.ids, prompt);
    if (action.kind === 'none') await this.drop();
    else if (action.kind === 'truncate') await this.cut(action.keep);
    return action;
  }

  /** Run ids[start, end) through the model, appending to the cache (which must hold `start` tokens). */
  async extend(ids: readonly number[], start: number, end: number): Promise<void> {
    if (this.ids.length !== start) throw new Error(`cache holds ${this.ids.length} tokens, expected ${start}`);
    const cache = this.cache ?? new DynamicCache();
    await forwardIntoCache(this.model, cache, ids, start, end);
    this.cache = cache;
    this.ids = ids.slice(0, end) as number[];
  }

  /**
   * Read `ids` ahead into the cache from what it already holds, `chunk` tokens a pass (0 = all at once),
   * until done or `cancelled()`. Counted as prepared tokens.
   */
  async readAhead(ids: readonly number[], chunk: number, cancelled: () => boolean): Promise<void> {
    // `align` keeps ≥ 1 token to feed; here every token is to be read, so append a dummy target.
    const action = await this.align([...ids, -1], true);
    let pos = action.keep;
    const step = chunk > 0 ? chunk : ids.length;
    while (pos < ids.length && !cancelled()) {
      const end = Math.min(ids.length, pos + step);
      await this.extend(ids, pos, end);
      this.counters.preparedTokens += end - pos;
      pos = end;
    }
  }

  /**
   * After `generate`: keep the cache it returned, holding `ids` (every token but the last sampled one).
   * A length mismatch would make reuse wrong: the cache is dropped rather than guessed at.
   */
  async adopt(cache: DynamicCache, ids: number[]): Promise<void> {
    if (this.cache && this.cache !== cache) await this.cache.dispose();
    this.cache = cache;
    this.ids = ids;
    if (cache.get_seq_length() !== ids.length) await this.drop();
  }

  /** Keep the first `keep` positions: download GPU tensors once, slice on the CPU, feed back. */
  async cut(keep: number): Promise<void> {
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
    this.ids = this.ids.slice(0, keep);
    this.counters.cacheCuts++;
  }

  async drop(): Promise<void> {
    const c = this.cache;
    this.cache = null;
    this.ids = [];
    if (c) await c.dispose();
  }
}

/** One cancellable background job at a time (the read-ahead): stop flag, and a promise to wait for. */
export class Background {
  private job: { promise: Promise<void>; cancel: () => void } | null = null;

  get running(): boolean {
    return this.job !== null;
  }

  /** Run `work` (it polls `cancelled`); a failure runs `onError` instead of rejecting. */
  start(work: (cancelled: () => boolean) => Promise<void>, onError: () => Promise<void>): Promise<void> {
    let cancelled = false;
    const promise = (async () => work(() => cancelled))()
      .catch(async () => {
        await onError();
      })
      .finally(() => {
        if (this.job?.promise === promise) this.job = null;
      });
    this.job = { promise, cancel: () => (cancelled = true) };
    return promise;
  }

  /** Ask the job to stop at its next check. */
  cancel(): void {
    this.job?.cancel();
  }

  /** Ask the job to stop, and wait until it has. */
  async stop(): Promise<void> {
    const job = this.job;
    if (!job) return;
    job.cancel();
    await job.promise;
  }
}
