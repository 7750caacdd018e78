/**
 * What an ONNX model file holds, read straight from its protobuf without loading it: every initializer
 * (name, dtype, dims, bytes) and every node's op type and inputs. Streams the file (a 2 GB model is
 * read in small pieces; tensor data is skipped, never read), so it works on the real-size models.
 *
 * `decodeBytesPerToken` turns that into the bytes a decode step reads from memory: every weight once,
 * except tables that are only indexed (the `Gather` embedding, the rotary cos/sin caches), of which one
 * row per token is read. That figure ÷ the GPU's memory bandwidth is the bandwidth bound on decode speed.
 */
import fs from 'node:fs';

export interface Initializer {
  name: string;
  dataType: number;
  dims: number[];
  /** Bytes of the tensor data (raw_data, typed fields or external data). */
  bytes: number;
}

export interface GraphNode {
  opType: string;
  domain: string;
  inputs: string[];
}

export interface OnnxSummary {
  initializers: Initializer[];
  nodes: GraphNode[];
  fileBytes: number;
}

/** Reads a file by position with a small buffer; varints and short fields only. */
class FileReader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  private ensure(pos: number, n: number): void {
    if (pos >= this.bufStart && pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.max(n, 1 << 16);
    const b = Buffer.alloc(Math.min(len, this.size - pos));
    fs.readSync(this.fd, b, 0, b.length, pos);
    this.buf = b;
    this.bufStart = pos;
  }

  byte(pos: number): number {
    this.ensure(pos, 1);
    return this.buf[pos - this.bufStart]!;
  }

  bytes(pos: number, n: number): Buffer {
    if (n > 1 << 24) throw new Error(`refusing to read a ${n}-byte field into memory`);
    this.ensure(pos, n);
    return this.buf.subarray(pos - this.bufStart, pos - this.bufStart + n);
  }

  /** A varint at `pos`: [value, next position]. Values up to 2^53 are exact. */
  varint(pos: number): [number, number] {
    let result = 0;
    let mult = 1;
    for (;;) {
      const b = this.byte(pos++);
      result += (b & 0x7f) * mult;
      if (b < 0x80) return [result, pos];
      mult *= 128;
    }
  }
}

interface Field {
  field: number;
  wire: number;
  /** Varint value, or the length of a length-delimited field. */
  value: number;
  /** Start of the payload (length-delimited) . */
  start: number;
  end: number;
}

/** The fields of the message in [start, end). */
function* fields(r: FileReader, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [key, p1] = r.varint(pos);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [v, p2] = r.varint(p1);
      yield { field, wire, value: v, start: p1, end: p2 };
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = r.varint(p1);
      yield { field, wire, value: len, start: p2, end: p2 + len };
      pos = p2 + len;
    } else if (wire === 1) {
      yield { field, wire, value: 0, start: p1, end: p1 + 8 };
      pos = p1 + 8;
    } else if (wire === 5) {
      yield { field, wire, value: 0, start: p1, end: p1 + 4 };
      pos = p1 + 4;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire} at byte ${pos}`);
    }
  }
}

const str = (r: FileReader, f: Field) => r.bytes(f.start, f.value).toString('utf8');

/** TensorProto.DataType → bytes per element (0 for strings). */
export const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };

function readTensor(r: FileReader, start: number, end: number): Initializer {
  let name = '';
  let dataType = 0;
  const dims: number[] = [];
  let bytes = 0;
  let external = 0;
  for (const f of fields(r, start, end)) {
    if (f.field === 1) {
      if (f.wire === 0) dims.push(f.value);
      else for (let p = f.start; p < f.end; ) {
        const [v, next] = r.varint(p);
        dims.push(v);
        p = next;
      }
    } else if (f.field === 2) dataType = f.value;
    else if (f.field === 8) name = str(r, f);
    else if (f.field === 9) bytes += f.value; // raw_data
    else if (f.field >= 4 && f.field <= 7 && f.wire === 2) bytes += f.value; // packed float/int32/string/int64 data (approximate for varints)
    else if ((f.field === 10 || f.field === 11) && f.wire === 2) bytes += f.value; // double / uint64 data
    else if (f.field === 13) {
      // external_data: StringStringEntryProto { key = 1, value = 2 }
      let key = '';
      let value = '';
      for (const e of fields(r, f.start, f.end)) {
        if (e.field === 1) key = str(r, e);
        else if (e.field === 2) value = str(r, e);
      }
      if (key === 'length') external = Number(value);
    }
  }
  if (external) bytes = external;
  else if (bytes === 0 && ELEMENT_BYTES[dataType]) bytes = dims.reduce((a, b) => a * b, 1) * ELEMENT_BYTES[dataType]!;
  return { name, dataType, dims, bytes };
}

function readNode(r: FileReader, start: number, end: number): GraphNode {
  const node: GraphNode = { opType: '', domain: '', inputs: [] };
  for (const f of fields(r, start, end)) {
    if (f.field === 1) node.inputs.push(str(r, f));
    else if (f.field === 4) node.opType = str(r, f);
    else if (f.field === 7) node.domain = str(r, f);
  }
  return node;
}

export function scanOnnx(file: string): OnnxSummary {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const r = new FileReader(fd, size);
    const out: OnnxSummary = { initializers: [], nodes: [], fileBytes: size };
    for (const m of fields(r, 0, size)) {
      if (m.field !== 7 || m.wire !== 2) continue; // ModelProto.graph
      for (const g of fields(r, m.start, m.end)) {
        if (g.wire !== 2) continue;
        if (g.field === 1) out.nodes.push(readNode(r, g.start, g.end));
        else if (g.field === 5) out.initializers.push(readTensor(r, g.start, g.end));
      }
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

export interface TokenReadBytes {
  /** Every initializer's bytes. */
  weights: number;
  /** Bytes a decode step reads. */
  perToken: number;
  /** The tables read one row per token, with their full size. */
  indexed: { name: string; bytes: number }[];
}

/** Bytes read per decoded token: indexed tables (Gather data, RotaryEmbedding caches) count one row. */
export function decodeBytesPerTokenFromGraph(s: OnnxSummary): TokenReadBytes {
  const indexed = new Set<string>();
  for (const n of s.nodes) {
    if (n.opType === 'Gather' && n.inputs[0]) indexed.add(n.inputs[0]);
    if (n.opType === 'RotaryEmbedding') for (const i of n.inputs.slice(2, 4)) if (i) indexed.add(i);
    if (n.opType === 'GroupQueryAttention') for (const i of n.inputs.slice(7, 9)) if (i) indexed.add(i);
  }
  let weights = 0;
  let perToken = 0;
  const rows: { name: string; bytes: number }[] = [];
  for (const t of s.initializers) {
    weights += t.bytes;
    if (indexed.has(t.name) && t.dims.length >= 2 && t.dims[0]! > 1) {
      perToken += t.bytes / t.dims[0]!;
      rows.push({ name: t.name, bytes: t.bytes });
    } else {
      perToken += t.bytes;
    }
  }
  return { weights, perToken, indexed: rows };
}
