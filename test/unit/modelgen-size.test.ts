/**
 * The r1-1.5b preset without generating its weights: the graph is built with lazy tensors, so sizes and the
 * I/O contract can be checked in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../tools/modelgen/presets.ts';
import { buildQwen2Model } from '../../tools/modelgen/qwen2-graph.ts';
import { inlineModelSize, PROTOBUF_LIMIT } from '../../tools/modelgen/onnx-writer.ts';
import { makeScriptTables } from '../../tools/modelgen/script-state.ts';
import type { Dtype } from '../../tools/modelgen/types.ts';

/** onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX onnx/model_q4f16.onnx (model-format.md §1.7). */
const REAL_Q4F16_BYTES = 1_368_849_408;
const r1 = (dtype: Dtype, scripted = false) =>
  buildQwen2Model({
    dims: PRESETS['r1-1.5b'],
    dtype,
    vocab: { nRegular: 151643, compact: false },
    seed: 0,
    producerVersion: 'test',
    ...(scripted
      ? { script: makeScriptTables([[9707, 151643]], 2, 151936) }
      : { suppressIds: [151643, 151645] }),
  });

describe('r1-1.5b preset', () => {
  it('q4f16 is within 2% of the real model_q4f16.onnx, and one file under protobuf’s limit', () => {
    for (const scripted of [false, true]) {
      const size = inlineModelSize(r1('q4f16', scripted));
      expect(Math.abs(size / REAL_Q4F16_BYTES - 1)).toBeLessThan(0.02);
      expect(size).toBeLessThan(PROTOBUF_LIMIT);
    }
  });

  it('q4 matches the real 1.97 GB and fp32 needs external data (7.18 GB)', () => {
    const q4 = inlineModelSize(r1('q4'));
    expect(q4 / 1.966e9).toBeGreaterThan(0.99);
    expect(q4).toBeLessThan(PROTOBUF_LIMIT);
    const fp32 = r1('fp32').graph.initializer.reduce((n, t) => n + t.byteLength, 0);
    expect(fp32).toBeGreaterThan(PROTOBUF_LIMIT);
    expect(fp32 / 7.18e9).toBeGreaterThan(0.98);
    expect(fp32 / 7.18e9).toBeLessThan(1.02);
  });

  it('declares the exact I/O contract transformers.js uses', () => {
    const g = r1('q4f16').graph;
    const dims = (v: (typeof g.input)[number]) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam ?? d.dimValue);
    expect(g.input.map((i) => i.name).slice(0, 5)).toEqual(['input_ids', 'attention_mask', 'position_ids', 'past_key_values.0.key', 'past_key_values.0.value']);
    expect(g.input).toHaveLength(3 + 56);
    expect(dims(g.input.find((i) => i.name === 'past_key_values.27.value')!)).toEqual(['batch_size', 2, 'past_sequence_length', 128]);
    expect(g.input.find((i) => i.name === 'past_key_values.0.key')!.type!.tensorType!.elemType).toBe(10); // float16
    expect(g.output[0]!.name).toBe('logits');
    expect(dims(g.output[0]!)).toEqual(['batch_size', 'sequence_length', 151936]);
    expect(dims(g.output.find((o) => o.name === 'present.27.key')!)).toEqual(['batch_size', 2, 'total_sequence_length', 128]);
  });

  it('uses the operators of the real export', () => {
    const g = r1('q4f16').graph;
    const count = (op: string) => g.node.filter((n) => n.opType === op).length;
    expect(count('MatMulNBits')).toBe(28 * 7 + 1); // q, k, v, o, gate, up, down per layer + lm_head
    expect(count('RotaryEmbedding')).toBe(56);
    expect(count('MultiHeadAttention')).toBe(28);
    expect(count('SimplifiedLayerNormalization')).toBe(1);
    expect(count('SkipSimplifiedLayerNormalization')).toBe(28 * 2);
    expect(count('Sigmoid')).toBe(28);
    expect(count('MatMul')).toBe(0);
    const embed = g.initializer.find((t) => t.name === 'model.embed_tokens.weight')!;
    expect(embed.dims).toEqual([151936, 1536]);
    expect(embed.dataType).toBe(10);
    expect(g.initializer.find((t) => t.name === 'cos_cache')!.dims).toEqual([131072, 64]);
    const lmHead = g.node.find((n) => n.name === '/lm_head/MatMulNBits')!;
    expect(lmHead.output).toEqual(['/lm_head/MatMulNBits/output_0']); // the EOS suppression Add outputs logits
    const attrs = Object.fromEntries(lmHead.attribute!.map((a) => [a.name, Number(a.i)]));
    expect(attrs).toMatchObject({ K: 1536, N: 151936, bits: 4, block_size: 32 });
  });
});
