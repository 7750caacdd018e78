/**
 * The 8-bit variants (q8 = model_quantized.onnx, int8, uint8): the quantization arithmetic, the size of the
 * r1-1.5b file against the real 1.85 GB one, and the operators/tensors of the real dynamic-quantized export.
 * The r1-1.5b graph is built with lazy tensors, so nothing here touches 1.8 GB.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../tools/modelgen/presets.ts';
import { buildQwen2Model } from '../../tools/modelgen/qwen2-graph.ts';
import { DataType, inlineModelSize, PROTOBUF_LIMIT, type TensorSource } from '../../tools/modelgen/onnx-writer.ts';
import { makeScriptTables } from '../../tools/modelgen/script-state.ts';
import { QuantizedLinear } from '../../tools/modelgen/weights.ts';
import { linearMaxAbs, linearQuantizedTensor, q8DataBytes, quantizedTensor, quantParams, quantizeValue } from '../../tools/modelgen/q8.ts';
import { ONNX_FILE } from '../../tools/modelgen/hf-files.ts';
import type { Dtype } from '../../tools/modelgen/types.ts';

/** onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX: model_quantized/int8/uint8.onnx are listed as 1.85 GB each. */
const REAL_Q8_BYTES = 1.85e9;
const R1 = PRESETS['r1-1.5b'];
const r1 = (dtype: Dtype, scripted = false) =>
  buildQwen2Model({
    dims: R1,
    dtype,
    vocab: { nRegular: 151643, compact: false },
    seed: 0,
    producerVersion: 'test',
    ...(scripted ? { script: makeScriptTables([[9707, 151643]], 2, 151936) } : { suppressIds: [151643, 151645] }),
  });

function bytesOf(t: TensorSource): Uint8Array {
  const parts = [...t.chunks()];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) out.set(p, (off += p.length) - p.length);
  return out;
}

describe('8-bit quantization arithmetic', () => {
  it('uint8 is asymmetric over [min(r,0), max(r,0)] and int8 symmetric with zero point 0; 0.0 stays exact', () => {
    const u = quantParams(-1, 1, 'uint8');
    expect(u.scale).toBeCloseTo(2 / 255, 9);
    expect(Math.abs(u.zeroPoint - 127.5)).toBe(0.5); // 127.5 after float32 rounding of the scale
    expect(quantParams(0.5, 2, 'uint8')).toMatchObject({ zeroPoint: 0 }); // 0 is always in the range
    expect(quantParams(-3, -1, 'uint8').zeroPoint).toBe(255);
    const s = quantParams(-0.5, 2, 'int8');
    expect(s).toMatchObject({ zeroPoint: 0 });
    expect(s.scale).toBeCloseTo(2 / 127, 9);
    expect(quantizeValue(2, s)).toBe(127);
    expect(quantizeValue(-5, s)).toBe(-127);
    expect(quantizeValue(5, u)).toBe(255);
    for (const p of [u, s, quantParams(-0.3, 1.7, 'uint8')]) expect(quantizeValue(0, p)).toBe(p.zeroPoint);
  });

  it('quantizes a born-4-bit layer per tensor within half a step, keeping zeroed inputs exactly zero', () => {
    const q = new QuantizedLinear({ name: 'w', K: 64, N: 24, seed: 3, gain: 1, zeroInputs: [5, 40] });
    const m = linearMaxAbs(q);
    const w = q.dequantize();
    const actualMax = w.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
    expect(m).toBeGreaterThanOrEqual(actualMax);
    expect(m).toBeLessThan(actualMax * 1.5);
    for (const type of ['uint8', 'int8'] as const) {
      const p = quantParams(-m, m, type);
      const t = quantizedTensor(q.denseTensor('w'), 'w_quantized', type, () => p);
      expect(t.dataType).toBe(type === 'int8' ? DataType.INT8 : DataType.UINT8);
      expect(t.dims).toEqual([64, 24]);
      const raw = bytesOf(t);
      const codes = type === 'int8' ? new Int8Array(raw.buffer) : raw;
      expect(codes.length).toBe(64 * 24);
      for (let i = 0; i < codes.length; i++) {
        const back = (codes[i]! - p.zeroPoint) * p.scale;
        expect(Math.abs(back - w[i]!)).toBeLessThanOrEqual(p.scale / 2 + 1e-7);
      }
      for (const k of [5, 40]) for (let n = 0; n < 24; n++) expect(codes[k * 24 + n]).toBe(p.zeroPoint);
      // The fast path (per-block tables from the 4-bit codes) writes exactly the same bytes.
      expect(Buffer.from(bytesOf(linearQuantizedTensor(q, 'w_quantized', type, () => p))).equals(Buffer.from(raw))).toBe(true);
    }
  });

  it('quantizes the script’s lm_head code block (±20 among small weights) the same way on both paths', () => {
    const codes = (n: number) => Uint8Array.from({ length: 32 }, (_, k) => (k < 5 ? ((n >> k) & 1 ? 9 : 7) : 8));
    const q = new QuantizedLinear({ name: 'h', K: 96, N: 40, seed: 1, gain: 2, blockOverride: { kb: 2, codes, scale: 20 } });
    expect(linearMaxAbs(q)).toBe(20);
    for (const type of ['uint8', 'int8'] as const) {
      const p = quantParams(-20, 20, type);
      const slow = bytesOf(quantizedTensor(q.denseTensor('h'), 'h_q', type, () => p));
      expect(Buffer.from(bytesOf(linearQuantizedTensor(q, 'h_q', type, () => p))).equals(Buffer.from(slow))).toBe(true);
    }
  });
});

describe('r1-1.5b 8-bit file', () => {
  it('has the file names transformers.js asks for', () => {
    expect([ONNX_FILE.q8, ONNX_FILE.int8, ONNX_FILE.uint8]).toEqual(['model_quantized.onnx', 'model_int8.onnx', 'model_uint8.onnx']);
  });

  it('size arithmetic is within 2% of the real 1.85 GB, and the built graph matches it (one file, no external data)', () => {
    const data = q8DataBytes(R1, 151936);
    expect(Math.abs(data / REAL_Q8_BYTES - 1)).toBeLessThan(0.02);
    for (const scripted of [false, true]) {
      const expected = q8DataBytes(R1, 151936, scripted ? 32 : 0);
      for (const dtype of ['q8', 'int8', 'uint8'] as const) {
        const size = inlineModelSize(r1(dtype, scripted));
        expect(size).toBeLessThan(PROTOBUF_LIMIT);
        // Protobuf framing, node protos, small constants and (random) the EOS suppression vector: under 2 MB.
        expect(size - expected).toBeGreaterThan(0);
        expect(size - expected).toBeLessThan(2 << 20);
      }
    }
  });

  it('uses the dynamic-quantization operators and keeps I/O, norms, caches and attention in float32', () => {
    for (const dtype of ['q8', 'int8'] as const) {
      const g = r1(dtype).graph;
      const count = (op: string) => g.node.filter((n) => n.opType === op).length;
      expect(count('MatMulInteger')).toBe(28 * 7 + 1);
      // One per distinct input: q/k/v share the norm output, gate/up the post-attention norm's; + lm_head.
      expect(count('DynamicQuantizeLinear')).toBe(28 * 4 + 1);
      expect(count('DequantizeLinear')).toBe(1);
      expect(count('MatMulNBits') + count('MatMul')).toBe(0);
      expect(count('MultiHeadAttention')).toBe(28);
      expect(count('RotaryEmbedding')).toBe(56);
      const init = (name: string) => g.initializer.find((t) => t.name === name)!;
      const wType = dtype === 'int8' ? DataType.INT8 : DataType.UINT8;
      expect(init('model.layers.0.attn.q_proj.MatMul.weight_quantized')).toMatchObject({ dims: [1536, 1536], dataType: wType });
      expect(init('lm_head.MatMul.weight_quantized')).toMatchObject({ dims: [1536, 151936], dataType: wType });
      expect(init('lm_head.MatMul.weight_zero_point')).toMatchObject({ dims: [], dataType: wType });
      expect(init('lm_head.MatMul.weight_scale')).toMatchObject({ dims: [], dataType: DataType.FLOAT });
      expect(init('model.embed_tokens.weight_quantized')).toMatchObject({ dims: [151936, 1536], dataType: DataType.UINT8 });
      expect(init('cos_cache')).toMatchObject({ dims: [131072, 64], dataType: DataType.FLOAT });
      expect(init('model.layers.3.post_attention_layernorm.weight').dataType).toBe(DataType.FLOAT);
      const q = g.node.find((n) => n.name === '/model/layers.0/attn/q_proj/MatMul_quant')!;
      const k = g.node.find((n) => n.name === '/model/layers.0/attn/k_proj/MatMul_quant')!;
      expect(q.input![0]).toBe('/model/layers.0/input_layernorm/LayerNorm/output_0_quantized');
      expect(k.input![0]).toBe(q.input![0]);
      for (const v of [...g.input.slice(3), ...g.output]) expect(v.type!.tensorType!.elemType).toBe(DataType.FLOAT);
    }
  });
});
