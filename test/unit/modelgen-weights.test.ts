import { describe, expect, it } from 'vitest';
import { QuantizedLinear, rotaryCache, tableTensor } from '../../tools/modelgen/weights.ts';
import { DataType } from '../../tools/modelgen/onnx-writer.ts';
import { roundToHalf } from '../../tools/modelgen/fp16.ts';
import { codeBlockCodes } from '../../tools/modelgen/script-state.ts';

const concatChunks = (t: { chunks(): Iterable<Uint8Array> }) => new Uint8Array(Buffer.concat([...t.chunks()]));

describe('MatMulNBits weights (bits 4, block 32, symmetric)', () => {
  const spec = { name: 'w', K: 96, N: 5, seed: 42, gain: 1, zeroInputs: [3, 64] };
  const q = new QuantizedLinear(spec);

  it('packs B as [N, K/32, 16] uint8, low nibble = earlier input, codes 1..15 (0 never used)', () => {
    const t = q.packedTensor('B');
    expect(t.dims).toEqual([5, 3, 16]);
    const bytes = concatChunks(t);
    expect(bytes.length).toBe(5 * 3 * 16);
    const w = q.dequantize();
    for (let n = 0; n < 5; n++) {
      for (let k = 0; k < 96; k++) {
        const byte = bytes[n * 48 + Math.floor(k / 32) * 16 + ((k % 32) >> 1)]!;
        const code = k % 2 === 0 ? byte & 15 : byte >> 4;
        expect(code).toBeGreaterThan(0);
        expect((code - 8) * q.scale(n, Math.floor(k / 32))).toBeCloseTo(w[k * 5 + n]!, 12);
      }
    }
  });

  it('zeroes the requested inputs for every output', () => {
    const w = q.dequantize();
    for (let n = 0; n < 5; n++) {
      expect(w[3 * 5 + n]).toBe(0);
      expect(w[64 * 5 + n]).toBe(0);
    }
  });

  it('uses float16-representable scales, and the fp32 file holds the dequantized [K, N] matrix', () => {
    const scales = new Float32Array(concatChunks(q.scalesTensor('s', DataType.FLOAT)).buffer.slice(0));
    for (const s of scales) expect(roundToHalf(s)).toBe(s);
    const dense = new Float32Array(concatChunks(q.denseTensor('d')).buffer.slice(0));
    const w = q.dequantize();
    expect(dense.length).toBe(96 * 5);
    for (let i = 0; i < dense.length; i++) expect(dense[i]).toBeCloseTo(w[i]!, 6);
  });

  it('gives unit inputs an output of roughly the requested standard deviation', () => {
    const big = new QuantizedLinear({ name: 'big', K: 1024, N: 256, seed: 1, gain: 1 });
    const w = big.dequantize();
    let sum = 0;
    for (const x of w) sum += x * x;
    const outStd = Math.sqrt((sum / 256)); // E[(Σ_k w_kn x_k)^2] with unit x
    expect(outStd).toBeGreaterThan(0.9);
    expect(outStd).toBeLessThan(1.1);
  });

  it('is a pure function of the seed (chunking and order do not matter)', () => {
    const a = Buffer.from(concatChunks(new QuantizedLinear(spec).packedTensor('B')));
    const b = Buffer.from(concatChunks(new QuantizedLinear(spec).packedTensor("B")));
    const c = Buffer.from(concatChunks(new QuantizedLinear({ ...spec, seed: 43 }).packedTensor("B")));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('writes the script code block: +1/−1 by the bits of the row index', () => {
    expect(Array.from(codeBlockCodes(5, 4).slice(0, 5))).toEqual([9, 7, 9, 7, 8]);
    const withCode = new QuantizedLinear({ name: 'h', K: 64, N: 6, seed: 1, gain: 1, blockOverride: { kb: 1, codes: (n) => codeBlockCodes(n, 3), scale: 20 } });
    const w = withCode.dequantize();
    // Row 5 = 0b101: inputs 32, 33, 34 carry +20, −20, +20.
    expect([w[32 * 6 + 5], w[33 * 6 + 5], w[34 * 6 + 5], w[35 * 6 + 5]]).toEqual([20, -20, 20, 0]);
  });
});

describe('other tensors', () => {
  it('builds the RoPE caches of the genai builder', () => {
    const cos = new Float32Array(concatChunks(rotaryCache('c', 'cos', 10, 8, 10000, DataType.FLOAT)).buffer.slice(0));
    const sin = new Float32Array(concatChunks(rotaryCache('s', 'sin', 10, 8, 10000, DataType.FLOAT)).buffer.slice(0));
    expect(cos.length).toBe(40);
    expect(cos[0]).toBe(1);
    expect(sin[3 * 4 + 0]).toBeCloseTo(Math.sin(3), 6);
    expect(cos[3 * 4 + 1]).toBeCloseTo(Math.cos(3 / 10000 ** (2 / 8)), 6);
  });

  it('draws float16-representable table values with the requested spread', () => {
    const t = tableTensor('e', [100, 64], DataType.FLOAT, 3, 1);
    const v = new Float32Array(concatChunks(t).buffer.slice(0));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(std).toBeGreaterThan(0.9);
    expect(std).toBeLessThan(1.1);
    for (const x of v.slice(0, 200)) expect(roundToHalf(x)).toBe(x);
  });
});
