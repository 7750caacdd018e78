/**
 * The few tensor helpers every engine module needs: token ids and attention masks as int64 tensors,
 * and one forward pass that appends to a KV cache. Kept in one place so the chat path (`llm.ts`), the
 * benchmark and the GPU correctness check read prompts the same way.
 */
import { DynamicCache, Tensor, type PreTrainedModel } from '@huggingface/transformers';

/** `[1, n]` int64 token ids. */
export function ids2tensor(ids: readonly number[]): Tensor {
  return new Tensor('int64', BigInt64Array.from(ids, (i) => BigInt(i)), [1, ids.length]);
}

/** `[1, n]` int64 attention mask of ones. */
export function ones(n: number): Tensor {
  return new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
}

/**
 * Run `ids[start, end)` through the model on top of `cache` (which must hold exactly `start` positions)
 * and store the new keys/values in it; the replaced GPU tensors are disposed by `DynamicCache.update`.
 * Returns the model's outputs (`logits` among them).
 */
export async function forwardIntoCache(
  model: PreTrainedModel,
  cache: DynamicCache,
  ids: readonly number[],
  start: number,
  end: number,
): Promise<Record<string, Tensor>> {
  const outputs = (await model.forward({
    input_ids: ids2tensor(ids.slice(start, end)),
    attention_mask: ones(end),
    past_key_values: cache,
  })) as Record<string, Tensor>;
  const entries: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(outputs)) {
    if (name.startsWith('present')) entries[name.replace('present', 'past_key_values')] = t;
  }
  cache.update(entries);
  return outputs;
}
