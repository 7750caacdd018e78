/**
 * One graph builder for every preset and dtype, with the operators of the real onnx-community export
 * (an onnxruntime-genai "MHA export", model-format.md §1.7 and §2.5):
 *
 *   Gather(embed_tokens) → [SimplifiedLayerNormalization | com.microsoft::SkipSimplifiedLayerNormalization]
 *   → q/k/v MatMulNBits + bias Add → com.microsoft::RotaryEmbedding (cos/sin caches [max_pos, head_dim/2])
 *   → Concat(past, new) = present.{i}.key/value (KV heads) → repeat_kv (Unsqueeze/Expand/Reshape/Transpose)
 *   → com.microsoft::MultiHeadAttention with a 4D additive causal mask built from attention_mask
 *   → o_proj MatMulNBits → SkipSimplifiedLayerNormalization → gate/up MatMulNBits → Sigmoid·Mul (SiLU) · up
 *   → down MatMulNBits → … → final SkipSimplifiedLayerNormalization → lm_head MatMulNBits → logits
 *
 * fp32 uses MatMul with dense weights instead of MatMulNBits; q4f16 keeps every float tensor (weights' scales,
 * embedding, caches, activations, KV cache, logits) in float16; q8/int8/uint8 use the dynamic 8-bit pattern of
 * q8.ts (DynamicQuantizeLinear + MatMulInteger, a uint8 embedding with DequantizeLinear), float32 elsewhere.
 *
 * Scripted models add a small "script state" path (see script-state.ts) whose per-token state lives in the layer-0
 * value cache, and 32 extra lm_head input channels that turn that state into a logit boost for the script token.
 */
import { DataType, valueInfo, type OnnxModel } from './onnx-writer.ts';
import { GraphBuilder } from './graph-builder.ts';
import { BLOCK, filledTensor, rotaryCache, tableTensor, valuesTensor, type LinearSpec } from './weights.ts';
import { activationType, linearOps } from './linear-ops.ts';
import { FIRST_ADDED_ID, VOCAB_SIZE } from './added-tokens.ts';
import { hash32, hashString, mix } from './rng.ts';
import type { PresetDims } from './presets.ts';
import type { Dtype, Perturb } from './types.ts';
import { addScriptState, codeBlockCodes, CODE_CHANNELS, CODE_SCALE, type ScriptTables } from './script-state.ts';

export const OPSET = 17;
export const IR_VERSION = 8;
/** Additive mask value and the fill for logits of ids the tiny model does not use (finite in float16). */
export const MASK_VALUE = -10000;

/** How token ids map onto the rows of the embedding / lm_head. */
export interface VocabLayout {
  /** Regular BPE ids 0..nRegular-1. */
  nRegular: number;
  /**
   * `true` (tiny): rows = regular ids then the 22 added tokens (151643..151664); the logits are padded back to
   * 151936 with MASK_VALUE. `false` (r1-1.5b): rows = all 151936 ids, as in the real model.
   */
  compact: boolean;
}

export function layoutRows(v: VocabLayout): number {
  return v.compact ? v.nRegular + ADDED_COUNT : VOCAB_SIZE;
}
const ADDED_COUNT = 22;

/** Row of token `id` in the embedding / lm_head. */
export function rowOfId(v: VocabLayout, id: number): number {
  if (!v.compact) return id;
  if (id < v.nRegular) return id;
  if (id >= FIRST_ADDED_ID && id < FIRST_ADDED_ID + ADDED_COUNT) return id - FIRST_ADDED_ID + v.nRegular;
  throw new Error(`token id ${id} has no row in this vocabulary`);
}

export interface BuildOptions {
  dims: PresetDims;
  dtype: Dtype;
  vocab: VocabLayout;
  seed: number;
  /** Scripted behaviour. */
  script?: ScriptTables;
  /** Token ids whose logits are pushed to MASK_VALUE (random behaviour: the two EOS ids). */
  suppressIds?: number[];
  perturb?: Perturb;
  producerVersion: string;
  docString?: string;
}

export function buildQwen2Model(o: BuildOptions): OnnxModel {
  const { dims, dtype, vocab } = o;
  const g = new GraphBuilder();
  const act = activationType(dtype);
  const H = dims.hidden;
  const NH = dims.heads;
  const KVH = dims.kvHeads;
  const D = dims.headDim;
  const rows = layoutRows(vocab);
  const tensorSeed = (name: string) => mix(o.seed, hashString(name));

  // ---- I/O (names, dtypes and dims exactly as transformers.js and the real export expect) ----
  g.inputs.push(valueInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']));
  g.inputs.push(valueInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']));
  g.inputs.push(valueInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']));
  for (let i = 0; i < dims.layers; i++) {
    for (const kv of ['key', 'value']) {
      g.inputs.push(valueInfo(`past_key_values.${i}.${kv}`, act, ['batch_size', KVH, 'past_sequence_length', D]));
    }
  }
  g.outputs.push(valueInfo('logits', act, ['batch_size', 'sequence_length', VOCAB_SIZE]));
  for (let i = 0; i < dims.layers; i++) {
    for (const kv of ['key', 'value']) {
      g.outputs.push(valueInfo(`present.${i}.${kv}`, act, ['batch_size', KVH, 'total_sequence_length', D]));
    }
  }

  // ---- Linear layers ----
  const { linear, embedding } = linearOps(g, dtype, act);
  const bias = (input: string, name: string, n: number, base: string): string => {
    const t = tableTensor(name, [1, n], act, tensorSeed(name), 0.1);
    const b = g.addInitializer({ ...t, dims: [n] });
    return g.op('Add', [input, b], undefined, `${base}/Add`);
  };
  const gamma = (name: string): string => g.addInitializer(filledTensor(name, [H], act, 1));

  // ---- Shapes shared by the mask and the script state ----
  const S = g.op('Gather', [g.op('Shape', ['input_ids'], undefined, '/model/shape/ids'), g.i64([1], true)], { axis: 0 }, '/model/shape/S');
  const P = g.op('Gather', [g.op('Shape', ['past_key_values.0.key'], undefined, '/model/shape/past'), g.i64([2], true)], { axis: 0 }, '/model/shape/P');
  const T = g.op('Add', [P, S], undefined, '/model/shape/T');
  const one = g.i64([1], true);
  const zero = g.i64([0], true);

  // ---- Embedding ----
  let ids = 'input_ids';
  if (vocab.compact) {
    const added = g.op('GreaterOrEqual', [ids, g.i64([FIRST_ADDED_ID], true)], undefined, '/model/embed_tokens/ids/IsAdded');
    const shifted = g.op('Sub', [ids, g.i64([FIRST_ADDED_ID - vocab.nRegular], true)], undefined, '/model/embed_tokens/ids/Shift');
    const row = g.op('Where', [added, shifted, ids], undefined, '/model/embed_tokens/ids/Where');
    ids = g.op('Min', [row, g.i64([rows - 1], true)], undefined, '/model/embed_tokens/ids/Clamp');
  }
  const embedTable = tableTensor('model.embed_tokens.weight', [rows, H], act, tensorSeed('embed'), 1);
  const embeds = embedding(embedTable, [-Math.sqrt(3), Math.sqrt(3)], ids, '/model/embed_tokens/Gather');

  // ---- Attention mask: [B, NH, S, T] additive, causal and padding (the genai builder's MHA reformatting) ----
  const rT = g.op('Range', [zero, T, one], undefined, '/model/attn_mask/RangeT');
  const rQ = g.op('Range', [P, T, one], undefined, '/model/attn_mask/RangeQ');
  const causal = g.op('LessOrEqual', [g.op('Unsqueeze', [rT, g.i64([0])]), g.op('Unsqueeze', [rQ, g.i64([1])])], undefined, '/model/attn_mask/Causal');
  const padOk = g.op('Unsqueeze', [g.op('Cast', ['attention_mask'], { to: DataType.BOOL }), g.i64([1, 2])], undefined, '/model/attn_mask/Padding');
  const allowed = g.op('And', [causal, padOk], undefined, '/model/attn_mask/And');
  const mask2 = g.op('Where', [allowed, g.float([0], act, true), g.float([MASK_VALUE], act, true)], undefined, '/model/attn_mask/Where');
  const attnMask = g.op('Tile', [mask2, g.i64([1, NH, 1, 1])], undefined, '/model/attn_mask/Tile');

  // ---- Rotary caches ----
  const cos = g.addInitializer(rotaryCache('cos_cache', 'cos', dims.maxPositions, D, dims.ropeTheta, act));
  const sin = g.addInitializer(rotaryCache('sin_cache', 'sin', dims.maxPositions, D, dims.ropeTheta, act));

  const script = o.script;
  // The script state lives in the last 3 channels of the last KV head of layer 0's values; the query heads
  // that read that KV head must not see it, so those o_proj inputs are exactly zero.
  const group = NH / KVH;
  const hiddenInputsZeroed: number[] = [];
  if (script) {
    for (let h = (KVH - 1) * group; h < NH; h++) for (let c = D - 3; c < D; c++) hiddenInputsZeroed.push(h * D + c);
  }

  let scriptCode: string | undefined;
  let residual = embeds;
  let layerOut = '';
  for (let l = 0; l < dims.layers; l++) {
    const p = `/model/layers.${l}`;
    const w = `model.layers.${l}`;
    let xn: string;
    if (l === 0) {
      xn = g.op('SimplifiedLayerNormalization', [embeds, gamma(`${w}.input_layernorm.weight`)], { axis: -1, epsilon: dims.rmsEps, stash_type: 1 }, `${p}/input_layernorm/LayerNorm`);
    } else {
      const outs = g.node('SkipSimplifiedLayerNormalization', [layerOut, residual, gamma(`${w}.input_layernorm.weight`)], {
        name: `${p}/input_layernorm/SkipLayerNorm`,
        domain: 'com.microsoft',
        attrs: { epsilon: dims.rmsEps },
        outputs: [`${p}/input_layernorm/output_0`, '', '', `${p}/input_layernorm/output_3`],
      });
      xn = outs[0]!;
      residual = outs[3]!;
    }

    // Attention
    const lin = (name: string, K: number, N: number, gain: number, extra: Partial<LinearSpec> = {}): LinearSpec => ({
      name: `${w}.${name}`,
      K,
      N,
      gain,
      seed: tensorSeed(`${w}.${name}`),
      ...extra,
    });
    let q = linear(xn, lin('attn.q_proj', H, NH * D, 1), `${p}/attn/q_proj`);
    q = bias(q, `${w}.attn.q_proj.Add.bias`, NH * D, `${p}/attn/q_proj`);
    let k = linear(xn, lin('attn.k_proj', H, KVH * D, 1), `${p}/attn/k_proj`);
    k = bias(k, `${w}.attn.k_proj.Add.bias`, KVH * D, `${p}/attn/k_proj`);
    let v = linear(xn, lin('attn.v_proj', H, KVH * D, 1), `${p}/attn/v_proj`);
    v = bias(v, `${w}.attn.v_proj.Add.bias`, KVH * D, `${p}/attn/v_proj`);
    q = g.ms('RotaryEmbedding', [q, 'position_ids', cos, sin], { interleaved: 0, num_heads: 0, rotary_embedding_dim: 0 }, `${p}/attn/q_rotary/RotaryEmbedding`);
    k = g.ms('RotaryEmbedding', [k, 'position_ids', cos, sin], { interleaved: 0, num_heads: 0, rotary_embedding_dim: 0 }, `${p}/attn/k_rotary/RotaryEmbedding`);

    if (script && l === 0) {
      const st = addScriptState(g, { act, kvHeads: KVH, headDim: D, S, P, T, tables: script, valueProj: v });
      v = st.value;
      scriptCode = st.code;
    }

    const repeatKv = (x: string, kind: 'key' | 'value'): string => {
      const base = `${p}/attn/${kind === 'key' ? 'k_proj' : 'v_proj'}/repeat_kv`;
      const r = g.op('Reshape', [x, g.i64([0, 0, KVH, D])], undefined, `${base}/Reshape_1`);
      const t = g.op('Transpose', [r], { perm: [0, 2, 1, 3] }, `${base}/Transpose_1`);
      const present = g.node('Concat', [`past_key_values.${l}.${kind}`, t], {
        name: `${base}/Concat_1`,
        attrs: { axis: 2 },
        outputs: [`present.${l}.${kind}`],
      })[0]!;
      if (group === 1) {
        const tt = g.op('Transpose', [present], { perm: [0, 2, 1, 3] }, `${base}/Transpose_2`);
        return g.op('Reshape', [tt, g.i64([0, 0, NH * D])], undefined, `${base}/Reshape_3`);
      }
      const u = g.op('Unsqueeze', [present, g.i64([2])], undefined, `${base}/Unsqueeze_5`);
      const e = g.op('Expand', [u, g.i64([1, 1, group, 1, 1])], undefined, `${base}/Expand`);
      const r2 = g.op('Reshape', [e, g.i64([0, NH, -1, D])], undefined, `${base}/Reshape_2`);
      const t2 = g.op('Transpose', [r2], { perm: [0, 2, 1, 3] }, `${base}/Transpose_2`);
      return g.op('Reshape', [t2, g.i64([0, 0, NH * D])], undefined, `${base}/Reshape_3`);
    };
    const kRep = repeatKv(k, 'key');
    const vRep = repeatKv(v, 'value');
    const attn = g.ms('MultiHeadAttention', [q, kRep, vRep, '', '', attnMask], { num_heads: NH, scale: 1 / Math.sqrt(D) }, `${p}/attn/MultiHeadAttention`);
    const oSpec = lin('attn.o_proj', NH * D, H, 0.5, l === 0 && script ? { zeroInputs: hiddenInputsZeroed } : {});
    const o = linear(attn, oSpec, `${p}/attn/o_proj`);

    const post = g.node('SkipSimplifiedLayerNormalization', [o, residual, gamma(`${w}.post_attention_layernorm.weight`)], {
      name: `${p}/post_attention_layernorm/SkipLayerNorm`,
      domain: 'com.microsoft',
      attrs: { epsilon: dims.rmsEps },
      outputs: [`${p}/post_attention_layernorm/output_0`, '', '', `${p}/post_attention_layernorm/output_3`],
    });
    residual = post[3]!;

    // MLP (SwiGLU with SiLU as Sigmoid·Mul)
    const gate = linear(post[0]!, lin('mlp.gate_proj', H, dims.intermediate, 1), `${p}/mlp/gate_proj`);
    const up = linear(post[0]!, lin('mlp.up_proj', H, dims.intermediate, 1), `${p}/mlp/up_proj`);
    const sig = g.op('Sigmoid', [gate], undefined, `${p}/mlp/act_fn/Sigmoid`);
    const silu = g.op('Mul', [gate, sig], undefined, `${p}/mlp/act_fn/Mul`);
    const prod = g.op('Mul', [silu, up], undefined, `${p}/mlp/Mul`);
    layerOut = linear(prod, lin('mlp.down_proj', dims.intermediate, H, 0.5), `${p}/mlp/down_proj`);
  }

  const fin = g.node('SkipSimplifiedLayerNormalization', [layerOut, residual, gamma('model.norm.weight')], {
    name: '/model/norm/SkipLayerNorm',
    domain: 'com.microsoft',
    attrs: { epsilon: dims.rmsEps },
    outputs: ['/model/norm/output_0'],
  });
  let head = fin[0]!;
  let headK = H;
  let blockOverride: LinearSpec['blockOverride'];
  if (script) {
    head = g.op('Concat', [head, scriptCode!], { axis: 2 }, '/model/script/ConcatCode');
    headK = H + CODE_CHANNELS;
    blockOverride = { kb: H / BLOCK, codes: (n) => codeBlockCodes(n, script.codeBits), scale: CODE_SCALE };
  }
  const perturb = o.perturb;
  const headSpec: LinearSpec = {
    name: 'lm_head',
    K: headK,
    N: rows,
    gain: 2,
    seed: tensorSeed('lm_head'),
    blockOverride,
    rowScale: perturb
      ? (n) => {
          const h = hash32(mix(perturb.seed, n));
          return (h & 1 ? -1 : 1) * (0.25 + (h >>> 1) / 2 ** 31);
        }
      : undefined,
  };
  const needsPost = vocab.compact || (o.suppressIds?.length ?? 0) > 0;
  let logits = linear(head, headSpec, '/lm_head', needsPost ? undefined : 'logits');

  if (o.suppressIds?.length) {
    const v = new Array<number>(rows).fill(0);
    for (const id of o.suppressIds) v[rowOfId(vocab, id)] = MASK_VALUE;
    const sup = g.addInitializer(valuesTensor('/model/logits/suppress', [rows], act, v));
    logits = g.node('Add', [logits, sup], { name: '/model/logits/Suppress', outputs: vocab.compact ? 1 : ['logits'] })[0]!;
  }
  if (vocab.compact) {
    // Back to the real vocabulary: [regular | fill up to 151643 | 22 added | fill up to 151936].
    const bs = g.op('Slice', [g.op('Shape', [logits]), g.i64([0]), g.i64([2])], undefined, '/model/logits/BatchSeq');
    const fill = (n: number, tag: string) =>
      g.op('Expand', [g.float([MASK_VALUE], act, false, [1, 1, 1]), g.op('Concat', [bs, g.i64([n])], { axis: 0 })], undefined, `/model/logits/Fill${tag}`);
    const regular = g.op('Slice', [logits, g.i64([0]), g.i64([vocab.nRegular]), g.i64([2])], undefined, '/model/logits/Regular');
    const addedPart = g.op('Slice', [logits, g.i64([vocab.nRegular]), g.i64([rows]), g.i64([2])], undefined, '/model/logits/Added');
    g.node('Concat', [regular, fill(FIRST_ADDED_ID - vocab.nRegular, 'Unused'), addedPart, fill(VOCAB_SIZE - FIRST_ADDED_ID - ADDED_COUNT, 'Padding')], {
      name: '/model/logits/Concat',
      attrs: { axis: 2 },
      outputs: ['logits'],
    });
  }

  return {
    irVersion: IR_VERSION,
    opsetImport: [
      { domain: '', version: OPSET },
      { domain: 'com.microsoft', version: 1 },
    ],
    producerName: 'local-r1 modelgen',
    producerVersion: o.producerVersion,
    docString: o.docString,
    graph: g.build('main_graph'),
  };
}
