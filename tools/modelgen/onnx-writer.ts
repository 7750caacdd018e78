/**
 * Writes ONNX ModelProto files without holding the weights in memory.
 *
 * protobufjs (onnx-proto) builds a whole message in one buffer, which for the 1.37 GB q4f16 file would
 * peak at several GB. Protobuf fields may come in any order, so we let onnx-proto encode everything
 * small (opsets, nodes, inputs/outputs, tensor headers) and splice the big `raw_data` fields in ourselves:
 *
 *   ModelProto  = encode({ir_version, opset_import, producer_*}) ++ field 7 (graph, length-delimited)
 *   GraphProto  = encode({name, node, input, output}) ++ field 5 (initializer)*  ++ ...
 *   TensorProto = encode({dims, data_type, name}) ++ field 9 (raw_data, streamed in chunks)
 *
 * With `externalData`, tensors carry `data_location = EXTERNAL` plus `location/offset/length` and their bytes go
 * to a sibling `.onnx_data` file (the layout transformers.js expects with `use_external_data_format`).
 */
import fs from 'node:fs';
import path from 'node:path';
import pkg from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = pkg;

export type NodeProto = OnnxTypes.INodeProto;
export type ValueInfoProto = OnnxTypes.IValueInfoProto;
export const DataType = onnx.TensorProto.DataType;
export const AttrType = onnx.AttributeProto.AttributeType;

/** A tensor whose bytes are produced on demand, in order, in chunks. */
export interface TensorSource {
  name: string;
  dataType: number;
  dims: number[];
  byteLength: number;
  chunks(): Iterable<Uint8Array>;
}

export interface OnnxGraph {
  name: string;
  node: NodeProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  initializer: TensorSource[];
}

export interface OnnxModel {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: OnnxGraph;
}

export interface WriteOptions {
  /**
   * File name (relative to the model file's folder) for external tensor data; inline raw_data when absent.
   * Tensors smaller than EXTERNAL_THRESHOLD stay inline, as with onnx's `save_model(..., size_threshold=1024)`:
   * onnxruntime's shape inference must read small constants (Reshape shapes) from the model itself.
   */
  externalData?: string;
}

export const EXTERNAL_THRESHOLD = 1024;

export interface WriteResult {
  bytes: number;
  dataBytes: number;
}

/** protobuf's hard limit for one message. */
export const PROTOBUF_LIMIT = 2 ** 31 - 1;
const EXTERNAL_ALIGN = 4096;

function varint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

function varintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len++;
  }
  return len;
}

/** Tag byte of a length-delimited field (wire type 2); all fields used here are < 16. */
const lenTag = (field: number): Uint8Array => Uint8Array.of((field << 3) | 2);

/** Sequential file writer with a large buffer (synchronous writes: generation is CPU-bound anyway). */
class FileSink {
  private fd: number;
  private buf: Buffer;
  private used = 0;
  written = 0;
  constructor(file: string, bufferSize = 8 << 20) {
    this.fd = fs.openSync(file, 'w');
    this.buf = Buffer.allocUnsafe(bufferSize);
  }
  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      const n = Math.min(bytes.length - off, this.buf.length - this.used);
      this.buf.set(bytes.subarray(off, off + n), this.used);
      this.used += n;
      off += n;
      if (this.used === this.buf.length) this.flush();
    }
    this.written += bytes.length;
  }
  pad(n: number): void {
    if (n > 0) this.write(new Uint8Array(n));
  }
  private flush(): void {
    let off = 0;
    while (off < this.used) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

function writeChunks(t: TensorSource, sink: FileSink): void {
  let n = 0;
  for (const chunk of t.chunks()) {
    sink.write(chunk);
    n += chunk.length;
  }
  if (n !== t.byteLength) throw new Error(`tensor ${t.name}: produced ${n} bytes, declared ${t.byteLength}`);
}

/** Writes `model` to `file` and returns the byte counts (model file, external data file). */
export function writeOnnxModel(model: OnnxModel, file: string, opts: WriteOptions = {}): WriteResult {
  const external = opts.externalData;
  // 1. Tensor headers, and where each tensor's bytes go.
  let dataOffset = 0;
  const headers: Uint8Array[] = [];
  const isExternal = model.graph.initializer.map((t) => external !== undefined && t.byteLength >= EXTERNAL_THRESHOLD);
  for (const [i, t] of model.graph.initializer.entries()) {
    if (isExternal[i]) {
      dataOffset = Math.ceil(dataOffset / EXTERNAL_ALIGN) * EXTERNAL_ALIGN;
      headers.push(
        onnx.TensorProto.encode({
          name: t.name,
          dataType: t.dataType,
          dims: t.dims,
          dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
          externalData: [
            { key: 'location', value: external! },
            { key: 'offset', value: String(dataOffset) },
            { key: 'length', value: String(t.byteLength) },
          ],
        }).finish(),
      );
      dataOffset += t.byteLength;
    } else {
      const head = onnx.TensorProto.encode({ name: t.name, dataType: t.dataType, dims: t.dims }).finish();
      const raw = concat(lenTag(9), varint(t.byteLength));
      headers.push(concat(head, raw));
    }
  }
  const tensorLength = (i: number): number =>
    headers[i]!.length + (isExternal[i] ? 0 : model.graph.initializer[i]!.byteLength);

  // 2. Graph and model envelopes.
  const graphHead = encodeGraphHead(model);
  let graphLength = graphHead.length;
  for (let i = 0; i < headers.length; i++) {
    const len = tensorLength(i);
    graphLength += 1 + varintLength(len) + len;
  }
  const modelHead = encodeModelHead(model);
  const total = modelHead.length + 1 + varintLength(graphLength) + graphLength;
  if (total > PROTOBUF_LIMIT) {
    throw new Error(
      `${path.basename(file)} would be ${total} bytes, over protobuf's 2 GB limit: write it with external data`,
    );
  }

  // 3. Stream it out.
  const sink = new FileSink(file);
  let dataSink: FileSink | undefined;
  try {
    sink.write(modelHead);
    sink.write(lenTag(7));
    sink.write(varint(graphLength));
    sink.write(graphHead);
    if (external !== undefined) dataSink = new FileSink(path.join(path.dirname(file), external));
    for (let i = 0; i < headers.length; i++) {
      const t = model.graph.initializer[i]!;
      sink.write(lenTag(5));
      sink.write(varint(tensorLength(i)));
      sink.write(headers[i]!);
      if (dataSink && isExternal[i]) {
        dataSink.pad(Math.ceil(dataSink.written / EXTERNAL_ALIGN) * EXTERNAL_ALIGN - dataSink.written);
        writeChunks(t, dataSink);
      } else {
        writeChunks(t, sink);
      }
    }
  } finally {
    sink.close();
    dataSink?.close();
  }
  if (sink.written !== total) throw new Error(`internal: wrote ${sink.written} bytes, computed ${total}`);
  return { bytes: sink.written, dataBytes: dataSink?.written ?? 0 };
}

/** GraphProto without its initializers (they are streamed after it, each as field 5). */
function encodeGraphHead(model: OnnxModel): Uint8Array {
  return onnx.GraphProto.encode({
    name: model.graph.name,
    node: model.graph.node,
    input: model.graph.input,
    output: model.graph.output,
  }).finish();
}

/** ModelProto without its graph (field 7, streamed after it). */
function encodeModelHead(model: OnnxModel): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: model.irVersion,
    opsetImport: model.opsetImport,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    docString: model.docString ?? '',
  }).finish();
}

/** The exact size `writeOnnxModel` would produce inline (used by the size arithmetic and its test). */
export function inlineModelSize(model: OnnxModel): number {
  const graphHead = encodeGraphHead(model);
  let graphLength = graphHead.length;
  for (const t of model.graph.initializer) {
    const head = onnx.TensorProto.encode({ name: t.name, dataType: t.dataType, dims: t.dims }).finish();
    const len = head.length + 1 + varintLength(t.byteLength) + t.byteLength;
    graphLength += 1 + varintLength(len) + len;
  }
  const modelHead = encodeModelHead(model);
  return modelHead.length + 1 + varintLength(graphLength) + graphLength;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tensor sources

/** A tensor whose bytes are already in memory. */
export function bytesTensor(name: string, dataType: number, dims: number[], bytes: Uint8Array): TensorSource {
  const expected = dims.reduce((a, b) => a * b, 1) * elementSize(dataType);
  if (bytes.length !== expected) throw new Error(`tensor ${name}: ${bytes.length} bytes for dims [${dims}]`);
  return { name, dataType, dims, byteLength: bytes.length, chunks: () => [bytes] };
}

export function elementSize(dataType: number): number {
  switch (dataType) {
    case DataType.FLOAT:
    case DataType.INT32:
      return 4;
    case DataType.FLOAT16:
      return 2;
    case DataType.INT64:
      return 8;
    case DataType.UINT8:
    case DataType.INT8:
    case DataType.BOOL:
      return 1;
    default:
      throw new Error(`unsupported tensor data type ${dataType}`);
  }
}

export const asBytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function valueInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}
