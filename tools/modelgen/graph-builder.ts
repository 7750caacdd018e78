/**
 * A small imperative ONNX graph builder: `g.op('Add', [a, b])` returns the output name.
 * Constants are de-duplicated; node and tensor names follow the onnxruntime-genai builder's style
 * (`/model/layers.0/attn/q_proj/MatMul`), which keeps profiles of the synthetic model readable next to the real one.
 */
import {
  AttrType,
  DataType,
  asBytes,
  bytesTensor,
  type NodeProto,
  type OnnxGraph,
  type TensorSource,
  type ValueInfoProto,
} from './onnx-writer.ts';
import { toHalfArray } from './fp16.ts';

/** Attribute values: integers → INT, non-integers → FLOAT; use `{ f }` for an integral float, `{ s }` for a string. */
export type AttrValue = number | number[] | { f: number } | { s: string } | { floats: number[] };

export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorSource[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  private names = new Set<string>();
  private constCache = new Map<string, string>();
  private seq = 0;

  /** Adds a node; returns its output names (`outputs` gives explicit names, '' for an omitted optional output). */
  node(
    opType: string,
    inputs: string[],
    opts: { name?: string; domain?: string; attrs?: Record<string, AttrValue>; outputs?: string[] | number } = {},
  ): string[] {
    const name = this.uniqueName(opts.name ?? `/model/${opType}_${this.seq++}`);
    const outs =
      Array.isArray(opts.outputs) ? opts.outputs : Array.from({ length: opts.outputs ?? 1 }, (_, i) => `${name}/output_${i}`);
    const attribute = Object.entries(opts.attrs ?? {}).map(([k, v]) => toAttr(k, v));
    this.nodes.push({ name, opType, domain: opts.domain ?? '', input: inputs, output: outs, attribute });
    return outs;
  }

  /** Single-output shorthand. */
  op(opType: string, inputs: string[], attrs?: Record<string, AttrValue>, name?: string, domain?: string): string {
    return this.node(opType, inputs, { attrs, name, domain })[0]!;
  }

  ms(opType: string, inputs: string[], attrs: Record<string, AttrValue>, name: string): string {
    return this.node(opType, inputs, { attrs, name, domain: 'com.microsoft' })[0]!;
  }

  addInitializer(t: TensorSource): string {
    if (this.names.has(t.name)) throw new Error(`duplicate tensor name ${t.name}`);
    this.names.add(t.name);
    this.initializers.push(t);
    return t.name;
  }

  /** int64 constant (shape vectors, axes, indices). `scalar` makes a rank-0 tensor. */
  i64(values: number[], scalar = false): string {
    return this.constant('INT64', values, scalar, () =>
      asBytes(BigInt64Array.from(values.map((v) => BigInt(v)))),
    );
  }

  /** float32 constant. */
  f32(values: number[], scalar = false, dims?: number[]): string {
    return this.constant('FLOAT', values, scalar, () => asBytes(Float32Array.from(values)), dims);
  }

  /** Float constant in the given activation type (float32 or float16). */
  float(values: number[], dataType: number, scalar = false, dims?: number[]): string {
    if (dataType === DataType.FLOAT) return this.f32(values, scalar, dims);
    return this.constant('FLOAT16', values, scalar, () => asBytes(toHalfArray(values)), dims);
  }

  private constant(
    type: 'INT64' | 'FLOAT' | 'FLOAT16',
    values: number[],
    scalar: boolean,
    bytes: () => Uint8Array,
    dims?: number[],
  ): string {
    const shape = dims ?? (scalar ? [] : [values.length]);
    const key = `${type}/${JSON.stringify(shape)}/${values.join(',')}`;
    const hit = this.constCache.get(key);
    if (hit) return hit;
    const short = values.length <= 8 ? values.join(', ') : `${values.length} values #${this.constCache.size}`;
    const name = `/model/constants/${type}/${scalar ? short : `[${short}]`}`;
    this.addInitializer(bytesTensor(name, DataType[type], shape, bytes()));
    this.constCache.set(key, name);
    return name;
  }

  build(name: string): OnnxGraph {
    return { name, node: this.nodes, input: this.inputs, output: this.outputs, initializer: this.initializers };
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }
}

function toAttr(name: string, v: AttrValue) {
  if (typeof v === 'number') {
    return Number.isInteger(v) ? { name, type: AttrType.INT, i: v } : { name, type: AttrType.FLOAT, f: v };
  }
  if (Array.isArray(v)) return { name, type: AttrType.INTS, ints: v };
  if ('f' in v) return { name, type: AttrType.FLOAT, f: v.f };
  if ('floats' in v) return { name, type: AttrType.FLOATS, floats: v.floats };
  return { name, type: AttrType.STRING, s: new TextEncoder().encode(v.s) };
}
