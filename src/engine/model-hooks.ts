/**
 * The small adapters between the engine and transformers.js: its generate with a top-p logits processor
 * and a streamer that hands over every generated token id, the model facts the engine reads at load, and
 * the forward-pass instrumentation that counts GPU tensors (leak checks in tests and diagnostics).
 */
import {
  BaseStreamer,
  LogitsProcessor,
  LogitsProcessorList,
  random,
  type DynamicCache,
  type InterruptableStoppingCriteria,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
  type TextStreamer,
} from '@huggingface/transformers';
import { EngineFailure, type SamplingSettings } from '../core/index.ts';
import { ids2tensor, ones } from './tensors.ts';
import type { EngineCounters } from './kv-cache.ts';
import { applyTopP } from './sampling.ts';
import { THINK_END, THINK_START } from './think-parser.ts';

export interface ModelFacts {
  thinkStartTokenId: number | undefined;
  thinkEndTokenId: number;
  numLayers: number;
  eosTokenIds: number[];
  /** The chat template's generation prompt opens the reasoning (`…<think>\n`). */
  promptOpensReasoning: boolean;
}

export class TopPProcessor extends LogitsProcessor {
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
export class TokenStreamer extends BaseStreamer {
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

export function readFacts(tokenizer: PreTrainedTokenizer, model: PreTrainedModel): ModelFacts {
  const single = (text: string): number | undefined => {
    const ids = tokenizer.encode(text, { add_special_tokens: false });
    return ids.length === 1 ? ids[0] : undefined;
  };
  const thinkEnd = single(THINK_END);
  if (thinkEnd === undefined) {
    throw new EngineFailure({
      code: 'corrupt-file',
      message: 'This model has no </think> token, so it is not a DeepSeek-R1 style reasoning model.',
      key: 'errors.noThinkToken',
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

/** Count GPU tensors made by forward passes and their disposals (leak checks in tests). */
export function instrumentForward(model: PreTrainedModel, counters: EngineCounters): void {
  const m = model as PreTrainedModel & { forward: (inputs: unknown) => Promise<Record<string, Tensor>> };
  const forward = m.forward.bind(m);
  m.forward = async (inputs: unknown) => {
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

export interface SampledAnswer {
  sequences: Tensor;
  past_key_values: DynamicCache;
}

export interface SampleRequest {
  prompt: number[];
  /** The cache holding the prompt's first tokens, or null. */
  cache: DynamicCache | null;
  maxNewTokens: number;
  sampling: SamplingSettings;
  stopper: InterruptableStoppingCriteria;
  onTokenId: (id: number) => void;
}

/** transformers.js's generate over the rest of the prompt, streaming every token id to `onTokenId`. */
export async function sampleAnswer(model: PreTrainedModel, r: SampleRequest): Promise<SampledAnswer> {
  const { sampling } = r;
  if (sampling.seed !== undefined) random.seed(sampling.seed);
  const processors = new LogitsProcessorList();
  if (sampling.doSample && sampling.topP > 0 && sampling.topP < 1) {
    processors.push(new TopPProcessor(sampling.topP, sampling.topK));
  }
  return (await model.generate({
    input_ids: ids2tensor(r.prompt),
    attention_mask: ones(r.prompt.length),
    ...(r.cache ? { past_key_values: r.cache } : {}),
    max_new_tokens: r.maxNewTokens,
    do_sample: sampling.doSample,
    temperature: sampling.temperature,
    top_k: sampling.topK,
    logits_processor: processors,
    stopping_criteria: [r.stopper],
    // The declared type is TextStreamer; generate only calls put/end (any BaseStreamer works).
    streamer: new TokenStreamer(r.onTokenId) as unknown as TextStreamer,
    return_dict_in_generate: true,
  })) as unknown as SampledAnswer;
}
