/**
 * ModelFileSplitter (src/engine/external-split.ts): what transformers.js reads through the wrapped
 * `env.customCache` / `env.fetch`, and what ONNX Runtime gets as `externalData`, on a real tiny model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  declaresExternalData,
  ModelFileSplitter,
  onnxFileFor,
  splitTarget,
  type ResponseCache,
} from '../../src/engine/external-split.ts';
import { externalizeInitializers } from '../../src/engine/onnx-external.ts';
import { ensureModel, TINY_RANDOM } from '../support/models.ts';

const FILE = 'onnx/model_q4.onnx';

function fileResponse(bytes: Uint8Array): Response {
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(bytes.length) } });
}

/** A store-like cache holding a few files, counting reads. */
function fakeCache(files: Record<string, Uint8Array>) {
  const reads: string[] = [];
  const cache: ResponseCache = {
    async match(key) {
      const hit = Object.keys(files).find((f) => key.endsWith(`/${f}`));
      if (!hit) return undefined;
      reads.push(hit);
      return fileResponse(files[hit]!);
    },
    async put() {},
  };
  return { cache, reads };
}

describe('ModelFileSplitter', () => {
  let model: Uint8Array;
  beforeAll(async () => {
    const dir = await ensureModel('tiny-random', TINY_RANDOM);
    model = new Uint8Array(fs.readFileSync(path.join(dir, FILE)));
  });

  it('serves the small graph for the model file, mounts the original bytes, and passes other files through', async () => {
    const config = new TextEncoder().encode('{"model_type":"qwen2"}');
    const { cache, reads } = fakeCache({ [FILE]: model, 'config.json': config });
    const s = new ModelFileSplitter(FILE, 0);
    const wrapped = s.wrapCache(cache);
    expect(s.externalData[0]!.data.length).toBe(0);

    const key = 'http://127.0.0.1:4000/models/test/tiny/onnx/model_q4.onnx';
    const graph = new Uint8Array(await (await wrapped.match(key))!.arrayBuffer());
    const expected = externalizeInitializers(model, { location: 'model_q4.onnx' });
    expect(Buffer.from(graph).equals(Buffer.from(expected.model))).toBe(true);
    expect(s.externalData[0]!.path).toBe('model_q4.onnx');
    expect(s.externalData[0]!.data).toBe(s.externalData[0]!.data);
    expect(Buffer.from(s.externalData[0]!.data).equals(Buffer.from(model))).toBe(true);
    expect(s.info).toMatchObject({ file: FILE, fileBytes: model.length, graphBytes: graph.length, tensors: expected.tensors.length });

    // A second request (transformers.js probes metadata, then reads) reuses the split.
    const again = await wrapped.match('/models/test/tiny/onnx/model_q4.onnx');
    expect(Number(again!.headers.get('content-length'))).toBe(graph.length);
    expect(s.info!.tensors).toBe(expected.tensors.length);

    const cfg = await wrapped.match('http://127.0.0.1:4000/models/test/tiny/config.json');
    expect(await cfg!.text()).toBe('{"model_type":"qwen2"}');
    expect(await wrapped.match('http://127.0.0.1:4000/models/test/tiny/onnx/model.onnx')).toBeUndefined();
    expect(reads.filter((r) => r === FILE)).toHaveLength(2);

    s.release();
    expect(s.externalData[0]!.data.length).toBe(0);
  });

  it('leaves a file below the threshold alone (not even read)', async () => {
    const s = new ModelFileSplitter(FILE, model.length + 1);
    const res = fileResponse(model);
    expect(await s.wrapCache({ match: async () => res, put: async () => {} }).match(`/x/${FILE}`)).toBe(res);
    expect(res.bodyUsed).toBe(false);
    expect(s.info).toBeNull();
    expect(s.externalData[0]!.data.length).toBe(0);
  });

  it('serves a file that is not a readable ONNX model as it is (the usual error follows) and mounts nothing', async () => {
    const html = new TextEncoder().encode('<!doctype html><title>Not the model</title>');
    const s = new ModelFileSplitter(FILE, 0);
    const out = await s.wrapFetch(async () => fileResponse(html))(`/__local-files__/picked/${FILE}`);
    expect(await out.text()).toBe('<!doctype html><title>Not the model</title>');
    expect(s.info).toBeNull();
    expect(s.externalData[0]!.data.length).toBe(0);
  });

  it('wraps fetch for picked files: the model file by path, not range probes, not other files, not errors', async () => {
    const s = new ModelFileSplitter(FILE, 0);
    let calls = 0;
    const f = s.wrapFetch(async (input) => {
      calls++;
      const url = String(input).split('?')[0]!;
      if (url.endsWith('missing.onnx')) return new Response('Not found', { status: 404 });
      return fileResponse(url.endsWith('.onnx') ? model : new Uint8Array([1, 2, 3]));
    });
    const probe = await f(`http://127.0.0.1/m/${FILE}`, { headers: { Range: 'bytes=0-0' } });
    expect(Number(probe.headers.get('content-length'))).toBe(model.length);
    expect(s.info).toBeNull();
    expect((await f('/__local-files__/picked/onnx/missing.onnx')).status).toBe(404);
    expect(new Uint8Array(await (await f('/__local-files__/picked/tokenizer.json')).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    const graph = await f(`/__local-files__/picked/${encodeURIComponent('onnx')}/model_q4.onnx?x=1`);
    expect(Number(graph.headers.get('content-length'))).toBeLessThan(model.length / 10);
    expect(s.info).not.toBeNull();
    expect(calls).toBe(4);
  });

  it('matches the model file by path only', () => {
    const s = new ModelFileSplitter(FILE, 0);
    expect(s.matches('https://huggingface.co/onnx-community/X/resolve/main/onnx/model_q4.onnx')).toBe(true);
    expect(s.matches('/models/test/tiny/onnx/model_q4.onnx#frag')).toBe(true);
    expect(s.matches(new URL('http://h/a/onnx/model_q4.onnx'))).toBe(true);
    expect(s.matches('/models/test/tiny/onnx/model_q4f16.onnx')).toBe(false);
    expect(s.matches('/models/test/tiny/onnx/model_q4.onnx_data')).toBe(false);
    expect(s.matches('/models/test/tiny/xonnx/model_q4.onnx')).toBe(false);
  });
});

describe('splitTarget', () => {
  it('splits in the browser (WebGPU, WASM), not on Node\'s native runtime, the dtype\'s file, unless the config gives the file data files of its own', () => {
    expect(onnxFileFor('q4')).toBe('onnx/model_q4.onnx');
    expect(onnxFileFor('fp32')).toBe('onnx/model.onnx');
    expect(splitTarget('webgpu', 'q4', 0, {})).toBe('onnx/model_q4.onnx');
    expect(splitTarget('webgpu', 'q4f16', 1e9, null)).toBe('onnx/model_q4f16.onnx');
    expect(splitTarget('wasm', 'q8', 0, {})).toBe('onnx/model_quantized.onnx');
    expect(splitTarget('cpu', 'q8', 0, {})).toBeNull();
    expect(splitTarget('webgpu', 'q4', Infinity, {})).toBeNull();
    const fp16Data = { 'transformers.js_config': { use_external_data_format: { 'model_fp16.onnx': true, 'model.onnx': true } } };
    expect(splitTarget('webgpu', 'fp16', 0, fp16Data)).toBeNull();
    expect(splitTarget('webgpu', 'fp32', 0, fp16Data)).toBeNull();
    expect(splitTarget('webgpu', 'q4', 0, fp16Data)).toBe('onnx/model_q4.onnx');
    expect(declaresExternalData({ 'transformers.js_config': { use_external_data_format: true } }, 'q4')).toBe(true);
    expect(declaresExternalData({ 'transformers.js_config': { use_external_data_format: 2 } }, 'q4')).toBe(true);
    expect(declaresExternalData({ 'transformers.js_config': { use_external_data_format: { model: 1 } } }, 'q4')).toBe(true);
    expect(declaresExternalData({ 'transformers.js_config': { use_external_data_format: false } }, 'q4')).toBe(false);
    expect(declaresExternalData({ 'transformers.js_config': { use_external_data_format: { model: 1, 'model_q4.onnx': false } } }, 'q4')).toBe(false);
  });
});
