/**
 * Memory arithmetic for a Qwen2-style decoder (DeepSeek-R1-Distill-Qwen) from its `config.json`:
 * weight bytes per ONNX dtype, KV cache at a context length, the logits of a prefill chunk, the
 * largest single tensor (what WebGPU's `maxStorageBufferBindingSize` must hold), and the bytes a
 * decode step reads. Pure.
 *
 * The layout is the onnx-community export (model-format.md §1.7): every linear layer, the lm_head
 * included, is `MatMulNBits` (4-bit, block 32, one scale per block, no zero points) in q4/q4f16;
 * the embedding is a plain `Gather` table in the activation dtype; `cos_cache`/`sin_cache` are
 * `[max_position_embeddings, head_dim/2]`; q/k/v have biases; RMSNorm weights per layer and final.
 * `q8` (`model_quantized.onnx`, onnxruntime's dynamic quantization) stores every linear weight and the
 * embedding as one byte per weight (one scale and zero point per tensor) and computes in fp32.
 * That reproduces the real file sizes (q4f16 1.37 GB, q4 1.97 GB, q8 1.85 GB, fp16 3.59 GB, fp32 7.18 GB).
 */

/** The fields of `config.json` the arithmetic needs. */
export interface LlmConfig {
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  vocab_size: number;
  max_position_embeddings: number;
  /** Present in some configs; default hidden_size / num_attention_heads. */
  head_dim?: number;
}

export type WeightDtype = 'q4f16' | 'q4' | 'q8' | 'fp16' | 'fp32';

export const WEIGHT_DTYPES: readonly WeightDtype[] = ['q4f16', 'q4', 'q8', 'fp16', 'fp32'];

/** MatMulNBits block size used by transformers.js's quantize.py. */
export const Q4_BLOCK = 32;

/** Bytes of one activation / KV / logits element: fp16 for q4f16 and fp16, fp32 otherwise. */
export function activationBytes(dtype: WeightDtype): 2 | 4 {
  return dtype === 'q4f16' || dtype === 'fp16' ? 2 : 4;
}

export function isQuantized(dtype: WeightDtype): boolean {
  return dtype === 'q4' || dtype === 'q4f16';
}

export function headDim(c: LlmConfig): number {
  return c.head_dim ?? c.hidden_size / c.num_attention_heads;
}

/** Bytes of a `[n, k]` linear weight: 4-bit with one scale per 32 inputs, 8-bit (one byte each), or dense. */
export function linearBytes(n: number, k: number, dtype: WeightDtype): number {
  const a = activationBytes(dtype);
  if (dtype === 'q8') return n * k;
  if (!isQuantized(dtype)) return n * k * a;
  const blocks = Math.ceil(k / Q4_BLOCK);
  return n * blocks * (Q4_BLOCK / 2) + n * blocks * a;
}

export interface TensorSize {
  name: string;
  bytes: number;
}

export interface WeightBreakdown {
  dtype: WeightDtype;
  /** q/k/v/o and gate/up/down of every layer. */
  layers: number;
  lmHead: number;
  embedding: number;
  /** cos and sin caches. */
  rotary: number;
  normsAndBiases: number;
  total: number;
  parameters: number;
  /** The biggest single tensor: it must fit one GPU buffer binding. */
  largest: TensorSize;
}

export function weightBytes(c: LlmConfig, dtype: WeightDtype): WeightBreakdown {
  const h = c.hidden_size;
  const hd = headDim(c);
  const q = c.num_attention_heads * hd;
  const kv = c.num_key_value_heads * hd;
  const m = c.intermediate_size;
  const a = activationBytes(dtype);
  const perLayer: [string, number, number][] = [
    ['q_proj', q, h],
    ['k_proj', kv, h],
    ['v_proj', kv, h],
    ['o_proj', h, q],
    ['gate_proj', m, h],
    ['up_proj', m, h],
    ['down_proj', h, m],
  ];
  const layerBytes = perLayer.reduce((s, [, n, k]) => s + linearBytes(n, k, dtype), 0) * c.num_hidden_layers;
  const lmHead = linearBytes(c.vocab_size, h, dtype);
  const embedding = c.vocab_size * h * (dtype === 'q8' ? 1 : a);
  const rotary = 2 * c.max_position_embeddings * (hd / 2) * a;
  const normParams = (2 * h + q + 2 * kv) * c.num_hidden_layers + h;
  const normsAndBiases = normParams * a;
  const linearParams = perLayer.reduce((s, [, n, k]) => s + n * k, 0) * c.num_hidden_layers + c.vocab_size * h;
  const candidates: TensorSize[] = [
    { name: 'embedding', bytes: embedding },
    { name: 'lm_head', bytes: lmHead },
    { name: 'mlp weight', bytes: linearBytes(m, h, dtype) },
    { name: 'rotary cache', bytes: rotary / 2 },
  ];
  const largest = candidates.reduce((x, y) => (y.bytes > x.bytes ? y : x));
  return {
    dtype,
    layers: layerBytes,
    lmHead,
    embedding,
    rotary,
    normsAndBiases,
    total: layerBytes + lmHead + embedding + rotary + normsAndBiases,
    parameters: linearParams + c.vocab_size * h + normParams,
    largest,
  };
}

/** KV cache: 2 (keys, values) × layers × kv_heads × head_dim × tokens × bytes. */
export function kvCacheBytes(c: LlmConfig, contextTokens: number, dtype: WeightDtype): number {
  return 2 * c.num_hidden_layers * c.num_key_value_heads * headDim(c) * contextTokens * activationBytes(dtype);
}

/** Logits of a forward pass over `tokens` positions (`[1, tokens, vocab]`, activation dtype). */
export function logitsBytes(c: LlmConfig, tokens: number, dtype: WeightDtype): number {
  return tokens * c.vocab_size * activationBytes(dtype);
}

export interface MemoryEstimate {
  weights: WeightBreakdown;
  contextTokens: number;
  prefillChunk: number;
  kvCache: number;
  /** Logits buffer of one prefill chunk. */
  logits: number;
  total: number;
}

export function memoryEstimate(
  c: LlmConfig,
  dtype: WeightDtype,
  contextTokens: number,
  prefillChunk: number,
): MemoryEstimate {
  const weights = weightBytes(c, dtype);
  const kvCache = kvCacheBytes(c, contextTokens, dtype);
  const logits = logitsBytes(c, prefillChunk, dtype);
  return { weights, contextTokens, prefillChunk, kvCache, logits, total: weights.total + kvCache + logits };
}

/**
 * Bytes one decode step reads: every linear weight (lm_head included) once, one embedding row,
 * one row of each rotary cache, the norms and biases, and the KV cache of `contextTokens` tokens.
 */
export function decodeBytesPerToken(c: LlmConfig, dtype: WeightDtype, contextTokens = 0): number {
  const w = weightBytes(c, dtype);
  const a = activationBytes(dtype);
  const embeddingRow = c.hidden_size * (dtype === 'q8' ? 1 : a);
  const rotaryRows = headDim(c) * a;
  return w.layers + w.lmHead + w.normsAndBiases + embeddingRow + rotaryRows + kvCacheBytes(c, contextTokens, dtype);
}

/** DeepSeek-R1-Distill-Qwen-1.5B (model-format.md §1.1). */
export const R1_DISTILL_QWEN_1_5B: LlmConfig = {
  hidden_size: 1536,
  intermediate_size: 8960,
  num_hidden_layers: 28,
  num_attention_heads: 12,
  num_key_value_heads: 2,
  vocab_size: 151936,
  max_position_embeddings: 131072,
};

/** DeepSeek-R1-Distill-Qwen-7B (model-format.md §1.6). */
export const R1_DISTILL_QWEN_7B: LlmConfig = {
  hidden_size: 3584,
  intermediate_size: 18944,
  num_hidden_layers: 28,
  num_attention_heads: 28,
  num_key_value_heads: 4,
  vocab_size: 152064,
  max_position_embeddings: 131072,
};

/** Read the needed fields from a parsed config.json; null if one is missing. */
export function parseLlmConfig(json: unknown): LlmConfig | null {
  if (!json || typeof json !== 'object') return null;
  const o = json as Record<string, unknown>;
  const num = (k: string) => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : undefined);
  const fields = [
    'hidden_size',
    'intermediate_size',
    'num_hidden_layers',
    'num_attention_heads',
    'num_key_value_heads',
    'vocab_size',
    'max_position_embeddings',
  ] as const;
  const out: Partial<Record<(typeof fields)[number], number>> = {};
  for (const f of fields) {
    const v = num(f);
    if (v === undefined || v <= 0) return null;
    out[f] = v;
  }
  const hd = num('head_dim');
  return { ...(out as Omit<LlmConfig, 'head_dim'>), ...(hd ? { head_dim: hd } : {}) };
}

