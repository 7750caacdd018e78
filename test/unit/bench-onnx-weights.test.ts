import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBytesPerTokenFromGraph, scanOnnx, type OnnxSummary } from '../../tools/bench/onnx-weights.ts';
import { ensureModel, TINY_RANDOM } from '../support/models.ts';

describe('bytes per decoded token, read from the ONNX file', () => {
  let q4: OnnxSummary;
  let fp32: OnnxSummary;
  beforeAll(async () => {
    const dir = await ensureModel('tiny-random', TINY_RANDOM);
    q4 = scanOnnx(path.join(dir, 'onnx', 'model_q4.onnx'));
    fp32 = scanOnnx(path.join(dir, 'onnx', 'model.onnx'));
  });

  it('finds every initializer with its dims and bytes, and the nodes', () => {
    const byName = new Map(q4.initializers.map((t) => [t.name, t]));
    const embed = byName.get('model.embed_tokens.weight')!;
    expect(embed.dims.length).toBe(2);
    expect(embed.bytes).toBe(embed.dims[0]! * embed.dims[1]! * 4); // fp32 table in the q4 file
    expect(q4.nodes.some((n) => n.opType === 'MatMulNBits' && n.domain === 'com.microsoft')).toBe(true);
    const total = q4.initializers.reduce((s, t) => s + t.bytes, 0);
    // The initializers are nearly the whole file (the rest is the graph's structure).
    expect(total / q4.fileBytes).toBeGreaterThan(0.8);
    expect(total).toBeLessThan(q4.fileBytes);
  });

  it('counts the embedding and rotary caches one row per token, everything else whole', () => {
    const r = decodeBytesPerTokenFromGraph(q4);
    expect(r.indexed.map((x) => x.name).sort()).toEqual(['cos_cache', 'model.embed_tokens.weight', 'sin_cache']);
    const indexedBytes = r.indexed.reduce((s, x) => s + x.bytes, 0);
    expect(r.perToken).toBeLessThan(r.weights - indexedBytes + indexedBytes / 100);
    expect(r.perToken).toBeGreaterThan(r.weights - indexedBytes);
  });

  it('q4 weights are read in far fewer bytes than fp32', () => {
    const a = decodeBytesPerTokenFromGraph(q4).perToken;
    const b = decodeBytesPerTokenFromGraph(fp32).perToken;
    expect(a / b).toBeLessThan(0.3);
  });
});
