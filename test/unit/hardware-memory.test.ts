import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBinaryBytes, formatBytes } from '../../src/core/units.ts';
import {
  decodeBytesPerToken,
  kvCacheBytes,
  linearBytes,
  logitsBytes,
  memoryEstimate,
  parseLlmConfig,
  R1_DISTILL_QWEN_1_5B,
  weightBytes,
} from '../../src/diagnostics/memory.ts';

/** onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX file sizes (the repo's onnx/ folder as the hub lists it; docs/benchmarks.md), in bytes. */
const REAL_FILE_BYTES = {
  q4f16: 1.37e9, // model_q4f16.onnx
  q4: 1.97e9, // model_q4.onnx
  q8: 1.85e9, // model_quantized.onnx (8-bit weights and embedding)
  fp16: 1.51e9 + 2.09e9, // model_fp16.onnx + model_fp16.onnx_data (§1.7 rounds the sum to 3.59 GB)
  fp32: 0.531e6 + 7.18e9, // model.onnx (graph only) + model.onnx_data
} as const;

const within = (actual: number, expected: number, share: number) => Math.abs(actual - expected) / expected <= share;

describe('memory arithmetic from config.json', () => {
  const c = R1_DISTILL_QWEN_1_5B;

  it.each(Object.entries(REAL_FILE_BYTES))('%s weights match the real model file size within 2%%', (dtype, real) => {
    const w = weightBytes(c, dtype as keyof typeof REAL_FILE_BYTES);
    expect(within(w.total, real, 0.02), `${dtype}: computed ${w.total}, real ${real}`).toBe(true);
  });

  it('reproduces the q4f16 breakdown of §1.7 exactly', () => {
    const w = weightBytes(c, 'q4f16');
    expect(w.layers).toBe(736_985_088);
    expect(w.lmHead).toBe(131_272_704);
    expect(w.embedding).toBe(466_747_392);
    expect(w.rotary).toBe(33_554_432);
    expect(w.normsAndBiases).toBeLessThan(400_000);
    expect(w.largest).toEqual({ name: 'embedding', bytes: 466_747_392 });
    expect(w.parameters / 1e9).toBeCloseTo(1.777, 2);
  });

  it('4-bit linear layers cost 0.5 byte per weight plus one scale per 32 inputs', () => {
    expect(linearBytes(1536, 1536, 'q4f16')).toBe(1536 * 48 * 16 + 1536 * 48 * 2);
    expect(linearBytes(1536, 1536, 'q4')).toBe(1536 * 48 * 16 + 1536 * 48 * 4);
    expect(linearBytes(10, 40, 'q4')).toBe(10 * 2 * 16 + 10 * 2 * 4); // K padded up to whole blocks
    expect(linearBytes(8, 8, 'fp16')).toBe(128);
  });

  it('KV cache = 2 × layers × kv_heads × head_dim × tokens × bytes', () => {
    expect(kvCacheBytes(c, 4096, 'q4f16')).toBe(2 * 28 * 2 * 128 * 4096 * 2); // 117 MB
    expect(kvCacheBytes(c, 4096, 'q4')).toBe(2 * 28 * 2 * 128 * 4096 * 4);
    expect(kvCacheBytes(c, 0, 'q4')).toBe(0);
  });

  it('logits of a prefill chunk: 1,000 fp16 tokens are about 304 MB (§4.5)', () => {
    expect(logitsBytes(c, 1000, 'q4f16')).toBe(1000 * 151936 * 2);
    expect(formatBytes(logitsBytes(c, 1000, 'q4f16'))).toBe('304 MB');
  });

  it('a memory estimate adds weights, KV cache and logits', () => {
    const m = memoryEstimate(c, 'q4f16', 4096, 256);
    expect(m.total).toBe(m.weights.total + m.kvCache + m.logits);
    expect(m.logits).toBe(256 * 151936 * 2);
  });

  it('a decode step reads every linear weight but only one embedding row', () => {
    const w = weightBytes(c, 'q4f16');
    const perToken = decodeBytesPerToken(c, 'q4f16');
    expect(perToken).toBeGreaterThan(w.layers + w.lmHead);
    expect(perToken).toBeLessThan(w.layers + w.lmHead + 1e6);
    expect(decodeBytesPerToken(c, 'q4f16', 1000) - perToken).toBe(kvCacheBytes(c, 1000, 'q4f16'));
  });

  it('parses a config.json and rejects one without the needed fields', () => {
    const cfg = parseLlmConfig({ ...c, model_type: 'qwen2', torch_dtype: 'bfloat16' });
    expect(cfg).toEqual(c);
    expect(parseLlmConfig({ hidden_size: 10 })).toBeNull();
    expect(parseLlmConfig(null)).toBeNull();
    expect(parseLlmConfig({ ...c, vocab_size: '151936' })).toBeNull();
  });

  it('formats sizes the way the Hub does, and limits in binary units', () => {
    expect(formatBytes(1_368_849_408)).toBe('1.37 GB');
    expect(formatBytes(466_747_392)).toBe('467 MB');
    expect(formatBinaryBytes(128 * 1024 ** 2)).toBe('128 MiB');
    expect(formatBinaryBytes(4 * 1024 ** 3)).toBe('4 GiB');
  });

  // The generator's r1-1.5b model is too big to make in a unit test; when a benchmark has made it, check it too.
  const generated = path.resolve(import.meta.dirname, '../../models/r1-1.5b-random');
  it.skipIf(!fs.existsSync(path.join(generated, 'config.json')))('matches the generated r1-1.5b files within 2%', () => {
    const cfg = parseLlmConfig(JSON.parse(fs.readFileSync(path.join(generated, 'config.json'), 'utf8')));
    expect(cfg).not.toBeNull();
    for (const [dtype, file] of [['q4f16', 'model_q4f16.onnx'], ['q4', 'model_q4.onnx'], ['q8', 'model_quantized.onnx']] as const) {
      const p = path.join(generated, 'onnx', file);
      if (!fs.existsSync(p)) continue;
      expect(within(weightBytes(cfg!, dtype).total, fs.statSync(p).size, 0.02)).toBe(true);
    }
  });
});
