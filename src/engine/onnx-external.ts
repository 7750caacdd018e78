/**
 * Turn a single-file ONNX model into "graph + external data" without copying its weights.
 *
 * Why: onnxruntime-web copies the model bytes it is given into its 4 GiB wasm32 heap before creating a
 * session, so the real 1.97 GB `model_q4.onnx` fails with `std::bad_alloc`. Tensors stored as *external
 * data* are read from a buffer mounted with `sessionOptions.externalData = [{ path, data }]`, and for an
 * initializer that lives on the GPU (WebGPU EP) ORT uploads it from that JS buffer straight into a GPU
 * buffer: the bytes never enter the wasm heap.
 *
 * How: walk the protobuf without decoding it (ModelProto field 7 `graph` → GraphProto field 5
 * `initializer` → TensorProto field 9 `raw_data`), note where each large initializer's `raw_data` sits in
 * the original bytes, and emit a small new ModelProto in which those tensors carry
 * `data_location = EXTERNAL` and `external_data = { location, offset, length }` pointing into the
 * ORIGINAL file. Then give ORT the small graph as the model and the original bytes, unchanged, as the
 * mounted file `location`. Everything else (nodes, inputs, opsets, metadata, small constants, fields this
 * code does not know) is copied byte for byte.
 *
 * Pure: no I/O, works on a `Uint8Array` in the browser and in Node.
 */

/** ModelProto.graph */
const MODEL_GRAPH = 7;
/** GraphProto.initializer */
const GRAPH_INITIALIZER = 5;
/** TensorProto fields. */
const TENSOR_NAME = 8;
const TENSOR_RAW_DATA = 9;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const DATA_LOCATION_EXTERNAL = 1;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/** Default: like onnx's `save_model(..., size_threshold=1024)` — small constants (Reshape shapes) stay inline. */
export const DEFAULT_MIN_EXTERNAL_BYTES = 1024;

export interface ExternalizeOptions {
  /**
   * The file name the new graph points to (`external_data.location`); the session must mount the
   * original bytes under this name. A plain file name (no `/`, no `..`).
   */
  location: string;
  /** Initializers whose `raw_data` has at least this many bytes go external. */
  minBytes?: number;
}

export interface ExternalTensor {
  name: string;
  /** Position of the tensor's bytes in the original file. */
  offset: number;
  length: number;
}

export interface ExternalizedModel {
  /** The new ModelProto (small): give it to ORT as the model. */
  model: Uint8Array;
  /** Tensors that now point into the original bytes, in file order. */
  tensors: ExternalTensor[];
  /** Sum of their lengths. */
  externalBytes: number;
}

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

interface Field {
  field: number;
  wire: number;
  /** First byte of the key. */
  keyStart: number;
  /** Varint value (wire 0) or payload length (wire 2). */
  value: number;
  /** Payload start (after the key, and after the length for wire 2). */
  start: number;
  /** One past the field's last byte. */
  end: number;
}

/** A varint at `pos` → [value, next]. Exact up to 2^53. */
function readVarint(buf: Uint8Array, pos: number, limit: number): [number, number] {
  let result = 0;
  let mult = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= limit) throw new OnnxFormatError(`truncated varint at byte ${pos}`);
    const b = buf[pos++]!;
    result += (b & 0x7f) * mult;
    if (b < 0x80) return [result, pos];
    mult *= 128;
  }
  throw new OnnxFormatError(`varint too long at byte ${pos}`);
}

/** The fields of the message in [start, end), without looking inside them. */
function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const keyStart = pos;
    const [key, p1] = readVarint(buf, pos, end);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let f: Field;
    if (wire === WIRE_VARINT) {
      const [v, p2] = readVarint(buf, p1, end);
      f = { field, wire, keyStart, value: v, start: p1, end: p2 };
    } else if (wire === WIRE_LEN) {
      const [len, p2] = readVarint(buf, p1, end);
      f = { field, wire, keyStart, value: len, start: p2, end: p2 + len };
    } else if (wire === WIRE_FIXED64) {
      f = { field, wire, keyStart, value: 0, start: p1, end: p1 + 8 };
    } else if (wire === WIRE_FIXED32) {
      f = { field, wire, keyStart, value: 0, start: p1, end: p1 + 4 };
    } else {
      throw new OnnxFormatError(`unsupported protobuf wire type ${wire} at byte ${keyStart} (not an ONNX model?)`);
    }
    if (field === 0 || f.end > end) throw new OnnxFormatError(`malformed protobuf field at byte ${keyStart} (not an ONNX model, or a truncated file)`);
    yield f;
    pos = f.end;
  }
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** Bytes of a length-delimited field: key, length, payload. */
function lenField(field: number, payload: Uint8Array): Uint8Array {
  const head = [...varintBytes(field * 8 + WIRE_LEN), ...varintBytes(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

function entry(key: string, value: string): Uint8Array {
  return lenField(TENSOR_EXTERNAL_DATA, concat([lenField(1, utf8.encode(key)), lenField(2, utf8.encode(value))]));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A message being rebuilt: views of the original bytes and new bytes, in order. */
type Pieces = Uint8Array[];

/** The TensorProto in [start, end) with its raw_data moved out, or null to keep it as is. */
function externalizeTensor(
  buf: Uint8Array,
  start: number,
  end: number,
  opts: Required<ExternalizeOptions>,
): { tensor: Uint8Array; ext: ExternalTensor } | null {
  let raw: Field | null = null;
  let name = '';
  for (const f of fields(buf, start, end)) {
    if (f.field === TENSOR_RAW_DATA && f.wire === WIRE_LEN) raw = f;
    else if (f.field === TENSOR_NAME && f.wire === WIRE_LEN) name = utf8d.decode(buf.subarray(f.start, f.end));
    // Already external (or a second raw_data, which protobuf would merge): leave the tensor alone.
    else if (f.field === TENSOR_DATA_LOCATION || f.field === TENSOR_EXTERNAL_DATA) return null;
  }
  if (!raw || raw.value < opts.minBytes) return null;
  const parts: Pieces = [];
  for (const f of fields(buf, start, end)) {
    if (f !== raw && !(f.field === TENSOR_RAW_DATA && f.wire === WIRE_LEN)) parts.push(buf.subarray(f.keyStart, f.end));
  }
  const ext: ExternalTensor = { name, offset: raw.start, length: raw.value };
  parts.push(
    entry('location', opts.location),
    entry('offset', String(ext.offset)),
    entry('length', String(ext.length)),
    Uint8Array.of(TENSOR_DATA_LOCATION * 8 + WIRE_VARINT, DATA_LOCATION_EXTERNAL),
  );
  return { tensor: concat(parts), ext };
}

/**
 * Rewrite `model` (a whole ONNX file) so its large initializers point into `model` itself under the name
 * `opts.location`. The result is small; `model` is not modified and must be kept and mounted as is.
 */
export function externalizeInitializers(model: Uint8Array, opts: ExternalizeOptions): ExternalizedModel {
  if (!/^[^/\\]+$/.test(opts.location) || opts.location === '.' || opts.location === '..') {
    throw new OnnxFormatError(`external data location must be a plain file name, got "${opts.location}"`);
  }
  const o: Required<ExternalizeOptions> = { minBytes: DEFAULT_MIN_EXTERNAL_BYTES, ...opts };
  const tensors: ExternalTensor[] = [];
  const top: Pieces = [];
  let graphs = 0;
  for (const m of fields(model, 0, model.length)) {
    if (m.field !== MODEL_GRAPH || m.wire !== WIRE_LEN) {
      top.push(model.subarray(m.keyStart, m.end));
      continue;
    }
    graphs++;
    const graph: Pieces = [];
    for (const g of fields(model, m.start, m.end)) {
      const rewritten =
        g.field === GRAPH_INITIALIZER && g.wire === WIRE_LEN ? externalizeTensor(model, g.start, g.end, o) : null;
      if (rewritten) {
        graph.push(lenField(GRAPH_INITIALIZER, rewritten.tensor));
        tensors.push(rewritten.ext);
      } else {
        graph.push(model.subarray(g.keyStart, g.end));
      }
    }
    top.push(lenField(MODEL_GRAPH, concat(graph)));
  }
  if (graphs === 0) throw new OnnxFormatError('no graph in this file (not an ONNX model?)');
  return { model: concat(top), tensors, externalBytes: tensors.reduce((n, t) => n + t.length, 0) };
}

/**
 * The session options that load an externalized model on onnxruntime-web: the original bytes, unchanged,
 * mounted under the name the new graph points to.
 */
export function externalDataOption(location: string, original: Uint8Array): { path: string; data: Uint8Array }[] {
  return [{ path: location, data: original }];
}
