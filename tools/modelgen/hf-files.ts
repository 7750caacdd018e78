/** config.json and generation_config.json in the onnx-community layout (model-format.md §1.1–1.2). */
import type { PresetDims } from './presets.ts';
import type { Dtype, ModelSpec } from './types.ts';
import { VOCAB_SIZE } from './added-tokens.ts';

export const ONNX_FILE: Record<Dtype, string> = {
  fp32: 'model.onnx',
  q4: 'model_q4.onnx',
  q4f16: 'model_q4f16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
};

export function buildConfig(
  spec: ModelSpec,
  dims: PresetDims,
  externalFiles: string[],
  generator: { version: string; scriptTurns?: number },
): Record<string, unknown> {
  const jsConfig: Record<string, unknown> = {
    dtype: spec.dtypes.includes('q4f16') ? 'q4f16' : spec.dtypes[0],
    kv_cache_dtype: { q4f16: 'float16', fp16: 'float16' },
  };
  if (externalFiles.length > 0) {
    jsConfig.use_external_data_format = Object.fromEntries(externalFiles.map((f) => [f, true]));
  }
  return {
    _name_or_path: `local-r1/synthetic-${spec.preset}`,
    architectures: ['Qwen2ForCausalLM'],
    attention_dropout: 0.0,
    bos_token_id: 151643,
    eos_token_id: 151643,
    hidden_act: 'silu',
    hidden_size: dims.hidden,
    initializer_range: 0.02,
    intermediate_size: dims.intermediate,
    max_position_embeddings: dims.maxPositions,
    max_window_layers: dims.maxWindowLayers,
    model_type: 'qwen2',
    num_attention_heads: dims.heads,
    num_hidden_layers: dims.layers,
    num_key_value_heads: dims.kvHeads,
    rms_norm_eps: dims.rmsEps,
    rope_scaling: null,
    rope_theta: dims.ropeTheta,
    sliding_window: null,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
    transformers_version: '4.46.3',
    use_cache: true,
    use_mrope: false,
    use_sliding_window: false,
    vocab_size: VOCAB_SIZE,
    'transformers.js_config': jsConfig,
    // Not read by transformers.js: says what this folder is, for people and for the app's diagnostics.
    local_r1_synthetic: {
      generator: `local-r1 modelgen ${generator.version}`,
      preset: spec.preset,
      behaviour: spec.behaviour.kind,
      template: spec.template ?? 'r1',
      seed: spec.behaviour.kind === 'random' ? spec.behaviour.seed : (spec.behaviour.seed ?? 0),
      ...(generator.scriptTurns !== undefined ? { script_turns: generator.scriptTurns } : {}),
      ...(spec.perturb ? { perturb: spec.perturb } : {}),
      note:
        spec.preset === 'tiny'
          ? 'Synthetic tiny model: max_position_embeddings is 8192 (not 131072) and the vocabulary is a small trained BPE.'
          : 'Synthetic model with the real DeepSeek-R1-Distill-Qwen-1.5B dimensions and Qwen2 vocabulary; the weights are random.',
    },
  };
}

export function buildGenerationConfig(): Record<string, unknown> {
  return { bos_token_id: 151643, pad_token_id: 151643, do_sample: false, eos_token_id: [151645, 151643] };
}
