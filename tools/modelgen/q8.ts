/**
 * The 8-bit exports (`onnx/model_quantized.onnx`, `model_uint8.onnx`, `model_int8.onnx`): what transformers.js's
 * `scripts/quantize.py` makes of the fp32 file with onnxruntime's dynamic quantizer (`ONNXQuantizer`,
 * `QuantizationMode.IntegerOps`, per-tensor, full range, `MatMulConstBOnly`):
 *
 *   MatMul(X, W)  →  DynamicQuantizeLinear(X) → X_quantized (uint8), X_scale, X_zero_point   (shared by q/k/v, gate/up)
 *                    MatMulInteger(X_quantized, W_quantized, X_zero_point, W_zero_point) → int32
 *                    Cast(float) · Mul(X_scale · W_scale)
 *   Gather(E, ids) → Gather(E_quantized, ids) → DequantizeLinear(·, E_scale, E_zero_point)
 *
 * `q8` picks uint8 weights for this model (quantize.py does so whenever the graph has MultiHeadAttention), so it is
 * the same graph as `uint8`; `int8` has symmetric int8 weights (zero point 0). The embedding is always uint8:
 * the quantizer treats a Gather's table as an activation. Everything else stays float32: norms, biases, the
 * cos/sin caches, RotaryEmbedding, MultiHeadAttention, the KV cache, the logits — and the scripted models' own
 * script-state path, which is not part of the real export.
 */
import { DataType, asBytes, type TensorSource } from './onnx-writer.ts';
import type { GraphBuilder } from './graph-builder.ts';
import { BLOCK, type QuantizedLinear } from './weights.ts';
import type { PresetDims } from './presets.ts';

export type Q8Dtype = 'q8' | 'int8' | 'uint8';
export type Q8WeightType = 'uint8' | 'int8';

export const Q8_DTYPES: readonly Q8Dtype[] = ['q8', 'int8', 'uint8'];

export function isQ8(dtype: string): dtype is Q8Dtype {
  return (Q8_DTYPES as readonly string[]).includes(dtype);
}

/** quantize.py: `q8` → QUInt8 when the graph has MultiHeadAttention/GroupQueryAttention/Conv (ours does). */
export function q8WeightType(dtype: Q8Dtype): Q8WeightType {
  return dtype === 'int8' ? 'int8' : 'uint8';
}

/** Per-tensor quantization parameters; `scale` is a float32 value (as stored). */
export interface QParams {
  type: Q8WeightType;
  scale: number;
  zeroPoint: number;
}

/**
 * onnxruntime's `quantize_data` for a tensor with range [rmin, rmax] (0 is always inside): uint8 asymmetric over
 * [min(rmin,0), max(rmax,0)] onto 0..255; int8 symmetric, max |r| onto ±127, zero point 0.
 */
export function quantParams(rmin: number, rmax: number, type: Q8WeightType): QParams {
  const lo = Math.min(rmin, 0);
  const hi = Math.max(rmax, 0);
  if (type === 'int8') {
    const m = Math.max(-lo, hi);
    return { type, scale: Math.fround(m > 0 ? m / 127 : 1), zeroPoint: 0 };
  }
  const scale = Math.fround(hi > lo ? (hi - lo) / 255 : 1);
  return { type, scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))) };
}

/** The stored integer for `x` (clamped to the type's range: 0..255, or −127..127 as the symmetric quantizer uses). */
export function quantizeValue(x: number, p: QParams): number {
  const q = Math.round(x / p.scale) + p.zeroPoint;
  return p.type === 'int8' ? Math.min(127, Math.max(-127, q)) : Math.min(255, Math.max(0, q));
}

/** Computes `f()` once, on first use (the r1-1.5b weight ranges need a pass over every block scale). */
export function lazy<T>(f: () => T): () => T {
  let v: { value: T } | undefined;
  return () => (v ??= { value: f() }).value;
}

/**
 * The float32 tensor `src` quantized with `params()` (asked for only when the bytes are), streamed chunk by chunk;
 * chunks must hold whole float32 values.
 */
export function quantizedTensor(src: TensorSource, name: string, type: Q8WeightType, params: () => QParams): TensorSource {
  if (src.dataType !== DataType.FLOAT) throw new Error(`${src.name}: only float32 tensors are quantized`);
  return {
    name,
    dataType: type === 'int8' ? DataType.INT8 : DataType.UINT8,
    dims: src.dims,
    byteLength: src.byteLength / 4,
    *chunks() {
      const p = params();
      for (const chunk of src.chunks()) {
        const f = new Float32Array(chunk.buffer, chunk.byteOffset, chunk.byteLength / 4);
        const out = type === 'int8' ? new Int8Array(f.length) : new Uint8Array(f.length);
        for (let i = 0; i < f.length; i++) out[i] = quantizeValue(f[i]!, p);
        yield asBytes(out);
      }
    },
  };
}

/**
 * Exactly `quantizedTensor(q.denseTensor(…), …)`, computed from the 4-bit codes: every block has at most 16 distinct
 * values, so each block quantizes a 16-entry table instead of 32 floats (3–4× faster on the r1-1.5b file).
 */
export function linearQuantizedTensor(q: QuantizedLinear, name: string, type: Q8WeightType, params: () => QParams): TensorSource {
  const { K, N } = q.spec;
  return {
    name,
    dataType: type === 'int8' ? DataType.INT8 : DataType.UINT8,
    dims: [K, N],
    byteLength: K * N,
    *chunks() {
      const p = params();
      const packed = new Uint8Array(16);
      const lut = new Uint8Array(16);
      for (let kb = 0; kb < q.kBlocks; kb++) {
        const slab = new Uint8Array(BLOCK * N); // rows kb*32 .. kb*32+31 of the [K, N] weight
        for (let n = 0; n < N; n++) {
          q.packedBlock(n, kb, packed, 0);
          const s = q.scale(n, kb);
          for (let c = 0; c < 16; c++) lut[c] = quantizeValue(Math.fround((c - 8) * s), p) & 255;
          for (let j = 0; j < BLOCK; j += 2) {
            const b = packed[j >> 1]!;
            slab[j * N + n] = lut[b & 15]!;
            slab[(j + 1) * N + n] = lut[b >> 4]!;
          }
        }
        yield slab;
      }
    },
  };
}

/** Scalar `<name>_scale` (float32) and `<name>_zero_point` (the weight type) initializers. */
function paramTensors(name: string, type: Q8WeightType, params: () => QParams): [TensorSource, TensorSource] {
  const zpType = type === 'int8' ? DataType.INT8 : DataType.UINT8;
  return [
    { name: `${name}_scale`, dataType: DataType.FLOAT, dims: [], byteLength: 4, chunks: () => [asBytes(Float32Array.of(params().scale))] },
    {
      name: `${name}_zero_point`,
      dataType: zpType,
      dims: [],
      byteLength: 1,
      chunks: () => [asBytes(type === 'int8' ? Int8Array.of(params().zeroPoint) : Uint8Array.of(params().zeroPoint))],
    },
  ];
}

/**
 * max |w| of a born-4-bit linear layer, from its block scales alone (no pass over the weights): a regular block's
 * codes are 1..15 (|code − 8| ≤ 7); an overridden block (the script's code channels) uses its own codes.
 */
export function linearMaxAbs(q: QuantizedLinear): number {
  const { N, blockOverride: o } = q.spec;
  let m = 0;
  for (let n = 0; n < N; n++) {
    const oc = o ? Math.max(...Array.from(o.codes(n), (c) => Math.abs(c - 8))) : 0;
    for (let kb = 0; kb < q.kBlocks; kb++) m = Math.max(m, Math.abs(q.scale(n, kb)) * (o && o.kb === kb ? oc : 7));
  }
  return m;
}

/** Emits the quantized operators into a graph; remembers which activations are already quantized. */
export class Q8Emitter {
  private readonly activations = new Map<string, { q: string; scale: string; zp: string }>();

  constructor(
    private readonly g: GraphBuilder,
    private readonly type: Q8WeightType,
  ) {}

  private quantizeActivation(x: string) {
    let hit = this.activations.get(x);
    if (!hit) {
      const [q, scale, zp] = this.g.node('DynamicQuantizeLinear', [x], {
        name: `${x}_QuantizeLinear`,
        outputs: [`${x}_quantized`, `${x}_scale`, `${x}_zero_point`],
      }) as [string, string, string];
      hit = { q, scale, zp };
      this.activations.set(x, hit);
    }
    return hit;
  }

  /** `MatMul(input, W)` named `nodeName` whose fp32 weight initializer is `weightName`; returns the output name. */
  linear(input: string, w: QuantizedLinear, weightName: string, nodeName: string, outName?: string): string {
    const g = this.g;
    const a = this.quantizeActivation(input);
    const type = this.type;
    const p = lazy(() => {
      const m = linearMaxAbs(w);
      return quantParams(-m, m, type);
    });
    const wq = g.addInitializer(linearQuantizedTensor(w, `${weightName}_quantized`, type, p));
    const [ws, wzp] = paramTensors(weightName, type, p).map((t) => g.addInitializer(t)) as [string, string];
    const out = outName ?? `${nodeName}/output_0`;
    const int = g.node('MatMulInteger', [a.q, wq, a.zp, wzp], { name: `${nodeName}_quant`, outputs: [`${out}_output_quantized`] })[0]!;
    const cast = g.node('Cast', [int], { name: `${int}_cast`, attrs: { to: DataType.FLOAT }, outputs: [`${int}_cast_output`] })[0]!;
    const scales = g.node('Mul', [a.scale, ws], { name: `${nodeName}_quant_scales_mul`, outputs: [`${nodeName}_quant_scales_mul:0`] })[0]!;
    return g.node('Mul', [cast, scales], { name: `${nodeName}_quant_output_scale_mul`, outputs: [out] })[0]!;
  }

  /** `Gather(table, ids)` on the uint8 table, then DequantizeLinear back to float32. `range`: the table's [min, max]. */
  embedding(table: TensorSource, range: [number, number], ids: string, nodeName: string): string {
    const g = this.g;
    const p = lazy(() => quantParams(range[0], range[1], 'uint8'));
    const tq = g.addInitializer(quantizedTensor(table, `${table.name}_quantized`, 'uint8', p));
    const [ts, tzp] = paramTensors(table.name, 'uint8', p).map((t) => g.addInitializer(t)) as [string, string];
    const out = `${nodeName}/output_0`;
    const gq = g.node('Gather', [tq, ids], { name: nodeName, attrs: { axis: 0 }, outputs: [`${out}_quantized`] })[0]!;
    return g.node('DequantizeLinear', [gq, ts, tzp], { name: `${out}_DequantizeLinear`, outputs: [out] })[0]!;
  }
}

/**
 * Closed-form size of the r1-1.5b-shaped 8-bit file, tensor data only (the graph's protobuf framing adds well under
 * 1 MB): one byte per linear weight and per embedding value, a float32 scale and a one-byte zero point per quantized
 * tensor, and float32 norms, q/k/v biases and cos/sin caches. `rows`: embedding/lm_head rows (151936 for the real
 * vocabulary); `extraHeadInputs`: lm_head inputs beyond `hidden` (a scripted model's 32 code channels).
 */
export function q8DataBytes(d: PresetDims, rows: number, extraHeadInputs = 0): number {
  const H = d.hidden;
  const kv = d.kvHeads * d.headDim;
  const perLayer = H * d.heads * d.headDim + 2 * H * kv + d.heads * d.headDim * H + 3 * H * d.intermediate;
  const linearCount = 7 * d.layers + 1;
  const weights = d.layers * perLayer + (H + extraHeadInputs) * rows + rows * H;
  const params = (linearCount + 1) * 5;
  const norms = (2 * d.layers + 1) * H * 4;
  const biases = d.layers * (d.heads * d.headDim + 2 * kv) * 4;
  const caches = 2 * d.maxPositions * (d.headDim / 2) * 4;
  return weights + params + norms + biases + caches;
}
