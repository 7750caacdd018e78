/**
 * The zero-copy "graph + external data" rewrite (src/engine/onnx-external.ts) on the project's own
 * synthetic models: the rewritten graph is small, every external tensor points at exactly its bytes in
 * the original file, and the model computes the same logits and KV cache as the original on
 * onnxruntime-node (data read from a file next to the graph) and on onnxruntime-web's WASM build in
 * Node (data given as a mounted buffer: `externalData: [{ path, data }]`, the browser's path).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pkg from 'onnx-proto';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_MIN_EXTERNAL_BYTES,
  externalDataOption,
  externalizeInitializers,
  OnnxFormatError,
  type ExternalizedModel,
} from '../../src/engine/onnx-external.ts';
import { ensureModel, REPO_ROOT, TINY_RANDOM } from '../support/models.ts';

const { onnx } = pkg;

type Feeds = Record<string, ortNode.Tensor>;
type Session = { run(feeds: Feeds): Promise<Record<string, { data: unknown; dims: readonly number[] }>>; release(): Promise<void> };

/** A prefill of `ids` with an empty cache, built from the session's input metadata. */
function prefillFeeds(T: typeof ortNode.Tensor, meta: readonly ortNode.InferenceSession.ValueMetadata[], ids: number[]): Feeds {
  const n = ids.length;
  const feeds: Feeds = {
    input_ids: new T('int64', BigInt64Array.from(ids, BigInt), [1, n]),
    attention_mask: new T('int64', new BigInt64Array(n).fill(1n), [1, n]),
    position_ids: new T('int64', BigInt64Array.from(ids.keys(), BigInt), [1, n]),
  };
  for (const m of meta) {
    if (!m.isTensor || !m.name.startsWith('past_key_values')) continue;
    const dims = m.shape.map((d) => (typeof d === 'number' ? d : d === 'batch_size' ? 1 : 0));
    feeds[m.name] = new T('float32', new Float32Array(0), dims);
  }
  return feeds;
}

interface PlainTensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
  external: boolean;
  externalData: Record<string, string>;
}

/** The parts of a decoded model the tests compare, with protobufjs's optional fields made plain. */
function decodeModel(bytes: Uint8Array) {
  const m = onnx.ModelProto.decode(bytes);
  const g = m.graph ?? {};
  const names = (xs: { name?: string | null }[] | null | undefined) => (xs ?? []).map((x) => x.name ?? '');
  const initializers: PlainTensor[] = (g.initializer ?? []).map((t) => ({
    name: t.name ?? '',
    dims: (t.dims ?? []).map(Number),
    dataType: t.dataType ?? 0,
    rawData: t.rawData ?? new Uint8Array(0),
    external: t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: Object.fromEntries((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? ''])),
  }));
  return { opsets: m.opsetImport ?? [], nodes: (g.node ?? []).length, inputs: names(g.input), outputs: names(g.output), initializers };
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function runAll(s: Session, feeds: Feeds): Promise<Map<string, Float32Array>> {
  const out = await s.run(feeds);
  return new Map(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
}

describe('externalizeInitializers', () => {
  let dir: string;
  let original: Uint8Array;
  let split: ExternalizedModel;
  const LOCATION = 'model_q4.onnx';

  beforeAll(async () => {
    dir = await ensureModel('tiny-random', TINY_RANDOM);
    original = new Uint8Array(fs.readFileSync(path.join(dir, 'onnx', 'model_q4.onnx')));
    split = externalizeInitializers(original, { location: LOCATION });
  });

  it('keeps the structure and moves every large initializer out: a graph a few % of the file', () => {
    const before = decodeModel(original);
    const after = decodeModel(split.model);
    expect(after.nodes).toBe(before.nodes);
    expect(after.inputs).toEqual(before.inputs);
    expect(after.outputs).toEqual(before.outputs);
    expect(after.opsets).toEqual(before.opsets);
    expect(after.initializers.map((t) => t.name)).toEqual(before.initializers.map((t) => t.name));
    const big = before.initializers.filter((t) => t.rawData.length >= DEFAULT_MIN_EXTERNAL_BYTES);
    expect(split.tensors.map((t) => t.name)).toEqual(big.map((t) => t.name));
    expect(split.externalBytes).toBe(big.reduce((n, t) => n + t.rawData.length, 0));
    expect(split.model.length).toBeLessThan(original.length * 0.05);
    expect(split.model.length + split.externalBytes).toBeLessThan(original.length + 100 * split.tensors.length);
  });

  it('points each external tensor at exactly its raw bytes in the original file', () => {
    const before = new Map(decodeModel(original).initializers.map((t) => [t.name, t]));
    let external = 0;
    for (const t of decodeModel(split.model).initializers) {
      const orig = before.get(t.name)!;
      expect(t.dims).toEqual(orig.dims);
      expect(t.dataType).toBe(orig.dataType);
      if (!t.external) {
        expect(same(t.rawData, orig.rawData)).toBe(true);
        expect(orig.rawData.length).toBeLessThan(DEFAULT_MIN_EXTERNAL_BYTES);
        continue;
      }
      external++;
      expect(t.rawData.length).toBe(0);
      expect(t.externalData.location).toBe(LOCATION);
      const offset = Number(t.externalData.offset);
      const length = Number(t.externalData.length);
      expect(length).toBe(orig.rawData.length);
      expect(same(original.subarray(offset, offset + length), orig.rawData)).toBe(true);
    }
    expect(external).toBe(split.tensors.length);
    expect(external).toBeGreaterThan(10);
  });

  it('leaves a model whose tensors are already external alone, and honours minBytes', () => {
    const again = externalizeInitializers(split.model, { location: LOCATION });
    expect(again.tensors).toEqual([]);
    expect(same(again.model, split.model)).toBe(true);
    const fewer = externalizeInitializers(original, { location: LOCATION, minBytes: 100_000 });
    expect(fewer.tensors.length).toBeGreaterThan(0);
    expect(fewer.tensors.length).toBeLessThan(split.tensors.length);
    expect(fewer.tensors.every((t) => t.length >= 100_000)).toBe(true);
  });

  it('refuses what is not an ONNX model, a truncated file and a location outside the folder', () => {
    expect(() => externalizeInitializers(new TextEncoder().encode('<!doctype html><html>'), { location: 'x' })).toThrow(OnnxFormatError);
    expect(() => externalizeInitializers(original.subarray(0, original.length - 1000), { location: 'x' })).toThrow(OnnxFormatError);
    expect(() => externalizeInitializers(new Uint8Array(0), { location: 'x' })).toThrow(/no graph/);
    expect(() => externalizeInitializers(original, { location: '../model.onnx' })).toThrow(/plain file name/);
    expect(() => externalizeInitializers(original, { location: 'onnx/model.onnx' })).toThrow(/plain file name/);
  });

  it('computes the same logits and cache as the original on onnxruntime-node (data file beside the graph)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'local-r1-ext-'));
    try {
      fs.writeFileSync(path.join(tmp, 'graph.onnx'), split.model);
      // onnxruntime-node resolves `location` next to the graph (symbolic links out of the folder are refused).
      fs.copyFileSync(path.join(dir, 'onnx', 'model_q4.onnx'), path.join(tmp, LOCATION));
      const a = await ortNode.InferenceSession.create(path.join(dir, 'onnx', 'model_q4.onnx'));
      const b = await ortNode.InferenceSession.create(path.join(tmp, 'graph.onnx'));
      const ids = [5, 17, 42, 3, 99, 7];
      const ra = await runAll(a, prefillFeeds(ortNode.Tensor, a.inputMetadata, ids));
      const rb = await runAll(b, prefillFeeds(ortNode.Tensor, b.inputMetadata, ids));
      expect([...rb.keys()]).toEqual([...ra.keys()]);
      expect(ra.get('logits')!.length).toBeGreaterThan(1000);
      for (const [k, v] of ra) expect(rb.get(k), k).toEqual(v);
      await a.release();
      await b.release();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('computes the same logits on onnxruntime-web (WASM) from the graph and the mounted original bytes', async () => {
    ortWeb.env.wasm.numThreads = 1;
    ortWeb.env.wasm.wasmPaths = path.join(REPO_ROOT, 'node_modules/onnxruntime-web/dist/');
    const a = await ortWeb.InferenceSession.create(original);
    const b = await ortWeb.InferenceSession.create(split.model, { externalData: externalDataOption(LOCATION, original) });
    // Without the mounted bytes the graph alone cannot load: the weights really are outside it.
    await expect(ortWeb.InferenceSession.create(split.model)).rejects.toThrow();
    const ids = [11, 2, 250, 64];
    const ra = await runAll(a as unknown as Session, prefillFeeds(ortWeb.Tensor as unknown as typeof ortNode.Tensor, a.inputMetadata, ids));
    const rb = await runAll(b as unknown as Session, prefillFeeds(ortWeb.Tensor as unknown as typeof ortNode.Tensor, b.inputMetadata, ids));
    for (const [k, v] of ra) expect(rb.get(k), k).toEqual(v);
    await a.release();
    await b.release();
  });
});
