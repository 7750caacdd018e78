/**
 * The tokenizer and model of one R1-style model, from files transformers.js finds through `env` (set up
 * by the caller), and the once-per-worker WebGPU attention check.
 */
import {
  AutoConfig,
  AutoModelForCausalLM,
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import { EngineFailure, type Dtype } from '../core/index.ts';
import { runAttentionCheck, type AttentionCheck, type OrtLike } from './attention-check.ts';
import type { LibProgressEvent } from './progress.ts';

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

export async function loadModelParts(opts: EngineLoadOptions): Promise<{ tokenizer: PreTrainedTokenizer; model: PreTrainedModel }> {
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
        key: 'errors.noTokenizer',
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
  return { tokenizer, model };
}
