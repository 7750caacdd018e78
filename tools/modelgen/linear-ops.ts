/**
 * Linear layers and the embedding lookup per dtype: dense `MatMul` (fp32), `com.microsoft::MatMulNBits`
 * (q4, q4f16) or the dynamic 8-bit pattern of q8.ts (q8, int8, uint8). Node and tensor names are the real
 * exports' (`/model/layers.0/attn/q_proj/MatMul`, `model.layers.0.attn.q_proj.MatMul.weight…`).
 */
import { DataType, type TensorSource } from './onnx-writer.ts';
import type { GraphBuilder } from './graph-builder.ts';
import { BLOCK, QuantizedLinear, type LinearSpec } from './weights.ts';
import { Q8Emitter, isQ8, q8WeightType } from './q8.ts';
import type { Dtype } from './types.ts';

/** `(input, spec, base, outName?) → output name`; `base` is the node path without the op (`/model/layers.0/attn/q_proj`). */
export type LinearFn = (input: string, spec: LinearSpec, base: string, outName?: string) => string;

export interface LinearOps {
  linear: LinearFn;
  /** `Gather(table, ids)` (axis 0); `range` is the table's [min, max] (used by the 8-bit dtypes only). */
  embedding: (table: TensorSource, range: [number, number], ids: string, nodeName: string) => string;
}

export function linearOps(g: GraphBuilder, dtype: Dtype, act: number): LinearOps {
  const plainGather = (table: TensorSource, _range: [number, number], ids: string, nodeName: string) =>
    g.op('Gather', [g.addInitializer(table), ids], { axis: 0 }, nodeName);
  if (isQ8(dtype)) {
    const q8 = new Q8Emitter(g, q8WeightType(dtype));
    return {
      linear: (input, spec, base, outName) =>
        q8.linear(input, new QuantizedLinear(spec), `${spec.name}.MatMul.weight`, `${base}/MatMul`, outName),
      embedding: (table, range, ids, nodeName) => q8.embedding(table, range, ids, nodeName),
    };
  }
  const linear: LinearFn = (input, spec, base, outName) => {
    const q = new QuantizedLinear(spec);
    const outputs = outName ? [outName] : 1;
    if (dtype === 'fp32') {
      const w = g.addInitializer(q.denseTensor(`${spec.name}.MatMul.weight`));
      return g.node('MatMul', [input, w], { name: `${base}/MatMul`, outputs })[0]!;
    }
    const b = g.addInitializer(q.packedTensor(`${spec.name}.MatMul.weight_Q4`));
    const s = g.addInitializer(q.scalesTensor(`${spec.name}.MatMul.weight_scales`, act));
    return g.node('MatMulNBits', [input, b, s], {
      name: `${base}/MatMulNBits`,
      domain: 'com.microsoft',
      attrs: { K: spec.K, N: spec.N, bits: 4, block_size: BLOCK },
      outputs,
    })[0]!;
  };
  return { linear, embedding: plainGather };
}

/** Activation (and KV cache, logits) element type: float16 for q4f16, float32 for every other dtype. */
export function activationType(dtype: Dtype): number {
  return dtype === 'q4f16' ? DataType.FLOAT16 : DataType.FLOAT;
}
