import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from 'onnx-proto';
import { DataType, asBytes, bytesTensor, inlineModelSize, valueInfo, writeOnnxModel, type OnnxModel, type TensorSource } from '../../tools/modelgen/onnx-writer.ts';

const { onnx } = pkg;
/** The decoded graph, with the generated class's non-null array fields. */
const graphOf = (m: InstanceType<typeof onnx.ModelProto>) => m.graph as InstanceType<typeof onnx.GraphProto>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelgen-writer-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A tensor streamed in several chunks. */
function chunked(name: string, values: Float32Array, parts: number): TensorSource {
  const bytes = asBytes(values);
  const step = Math.ceil(bytes.length / parts);
  return {
    name,
    dataType: DataType.FLOAT,
    dims: [values.length],
    byteLength: bytes.length,
    *chunks() {
      for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
    },
  };
}

function model(): OnnxModel {
  const w = new Float32Array(1000).map((_, i) => i * 0.5);
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'test',
    producerVersion: '1',
    graph: {
      name: 'g',
      node: [{ opType: 'Add', input: ['x', 'w'], output: ['y'], name: 'add' }],
      input: [valueInfo('x', DataType.FLOAT, ['n'])],
      output: [valueInfo('y', DataType.FLOAT, [1000])],
      initializer: [chunked('w', w, 7), bytesTensor('b', DataType.INT64, [2], asBytes(BigInt64Array.of(3n, -4n)))],
    },
  };
}

describe('streaming ONNX writer', () => {
  it('writes a ModelProto that protobuf decodes to the same graph and data', () => {
    const file = path.join(tmp, 'inline.onnx');
    const m = model();
    const res = writeOnnxModel(m, file);
    const bytes = fs.readFileSync(file);
    expect(res.bytes).toBe(bytes.length);
    expect(inlineModelSize(m)).toBe(bytes.length);
    const decoded = onnx.ModelProto.decode(bytes);
    expect(Number(decoded.irVersion)).toBe(8);
    expect(graphOf(decoded).node[0]!.opType).toBe('Add');
    expect(graphOf(decoded).input[0]!.type!.tensorType!.shape!.dim![0]!.dimParam).toBe('n');
    const w = graphOf(decoded).initializer.find((t) => t.name === 'w')!;
    const raw = w.rawData!;
    const f = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    expect(f[999]).toBe(499.5);
    const b = graphOf(decoded).initializer.find((t) => t.name === 'b')!;
    expect(Array.from(new BigInt64Array(new Uint8Array(b.rawData!).buffer))).toEqual([3n, -4n]);
  });

  it('puts tensor bytes in an aligned external data file when asked (small constants stay inline)', () => {
    const file = path.join(tmp, 'ext.onnx');
    const res = writeOnnxModel(model(), file, { externalData: 'ext.onnx_data' });
    const decoded = onnx.ModelProto.decode(fs.readFileSync(file));
    const data = fs.readFileSync(path.join(tmp, 'ext.onnx_data'));
    expect(res.dataBytes).toBe(data.length);
    const small = graphOf(decoded).initializer.find((t) => t.name === 'b')!;
    expect(small.dataLocation ?? 0).toBe(onnx.TensorProto.DataLocation.DEFAULT);
    expect(small.rawData!.length).toBe(16);
    for (const t of graphOf(decoded).initializer.filter((x) => x.name !== 'b')) {
      expect(t.dataLocation).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
      expect(t.rawData?.length ?? 0).toBe(0);
      const kv = Object.fromEntries((t.externalData ?? []).map((e) => [e.key, e.value]));
      expect(kv.location).toBe('ext.onnx_data');
      expect(Number(kv.offset) % 4096).toBe(0);
      if (t.name === 'w') {
        const f = new Float32Array(data.buffer.slice(data.byteOffset + Number(kv.offset), data.byteOffset + Number(kv.offset) + Number(kv.length)));
        expect(f[2]).toBe(1);
        expect(f.length).toBe(1000);
      }
    }
  });

  it('refuses a tensor whose stream does not match its declared size', () => {
    const m = model();
    m.graph.initializer[0] = { ...m.graph.initializer[0]!, byteLength: 8 };
    expect(() => writeOnnxModel(m, path.join(tmp, 'bad.onnx'))).toThrow(/declared/);
  });
});
