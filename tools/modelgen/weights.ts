/**
 * Seeded synthetic weights, produced as streams so the 1.5B preset never sits in memory.
 *
 * Linear layers are *born quantized*: every weight is `(code - 8) * scale` with a 4-bit code and one scale per
 * block of 32 inputs (MatMulNBits, bits 4, block 32, symmetric, default zero point 8). The q4/q4f16 files store
 * exactly that; the fp32 file stores the dequantized values. Scales are float16-representable, so fp32, q4 and
 * q4f16 compute the same function up to arithmetic precision. Element values depend only on (seed, coordinates).
 */
import { DataType, asBytes, type TensorSource } from './onnx-writer.ts';
import { roundToHalf, toHalfBits } from './fp16.ts';
import { hash32 } from './rng.ts';

export const BLOCK = 32;
/** Standard deviation of (code - 8) for our code distribution (1..15 uniform, 0 remapped to 8). */
const CODE_STD = Math.sqrt(17.5);
const CHUNK_BYTES = 4 << 20;

export function blockSeed(seed: number, n: number, kb: number): number {
  return hash32((seed + Math.imul(n, 0x9e3779b1) + Math.imul(kb, 0x85ebca77)) >>> 0);
}

/** Byte → byte with both nibbles' 0 replaced by 8 (zero weight): codes are 1..15, mean 8, symmetric. */
const FIX = new Uint8Array(256);
for (let b = 0; b < 256; b++) FIX[b] = ((b & 15) || 8) | (((b >> 4) || 8) << 4);

/** Overrides of whole 32-input blocks (the script code channels of the lm_head) or single inputs (zeroed rows). */
export interface LinearSpec {
  name: string;
  /** Input features (a multiple of 32). */
  K: number;
  /** Output features. */
  N: number;
  seed: number;
  /** Output standard deviation for unit-variance inputs. */
  gain: number;
  /** Inputs whose weights are exactly zero (code 8) for every output. */
  zeroInputs?: number[];
  /** Replaces block `kb` of every output row: codes (32, values 0..15) and the block's scale. */
  blockOverride?: { kb: number; codes: (n: number) => Uint8Array; scale: number };
  /** Multiplies the scales of output row n (perturbation); may be negative. */
  rowScale?: (n: number) => number;
}

export class QuantizedLinear {
  readonly kBlocks: number;
  private readonly baseScale: number;
  private readonly zeroByBlock = new Map<number, number[]>();

  constructor(readonly spec: LinearSpec) {
    if (spec.K % BLOCK !== 0) throw new Error(`${spec.name}: K=${spec.K} is not a multiple of ${BLOCK}`);
    this.kBlocks = spec.K / BLOCK;
    this.baseScale = spec.gain / (CODE_STD * Math.sqrt(spec.K));
    for (const k of spec.zeroInputs ?? []) {
      const kb = Math.floor(k / BLOCK);
      const list = this.zeroByBlock.get(kb) ?? [];
      list.push(k % BLOCK);
      this.zeroByBlock.set(kb, list);
    }
  }

  /** Writes the 16 packed bytes (low nibble = earlier input) of block (n, kb) at out[off..off+16). */
  packedBlock(n: number, kb: number, out: Uint8Array, off: number): void {
    const o = this.spec.blockOverride;
    if (o && o.kb === kb) {
      const c = o.codes(n);
      for (let i = 0; i < 16; i++) out[off + i] = c[2 * i]! | (c[2 * i + 1]! << 4);
      return;
    }
    let s = blockSeed(this.spec.seed, n, kb) || 1;
    for (let i = 0; i < 4; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const r = s >>> 0;
      out[off + 4 * i] = FIX[r & 255]!;
      out[off + 4 * i + 1] = FIX[(r >>> 8) & 255]!;
      out[off + 4 * i + 2] = FIX[(r >>> 16) & 255]!;
      out[off + 4 * i + 3] = FIX[r >>> 24]!;
    }
    const zeros = this.zeroByBlock.get(kb);
    if (zeros) {
      for (const j of zeros) {
        const b = off + (j >> 1);
        out[b] = j & 1 ? (out[b]! & 0x0f) | 0x80 : (out[b]! & 0xf0) | 0x08;
      }
    }
  }

  /** The block's scale (a float16-representable number). */
  scale(n: number, kb: number): number {
    const o = this.spec.blockOverride;
    let s: number;
    if (o && o.kb === kb) s = o.scale;
    else {
      const u = hash32(blockSeed(this.spec.seed ^ 0x5ca1ab1e, n, kb)) / 4294967296;
      s = this.baseScale * (0.75 + 0.5 * u);
    }
    if (this.spec.rowScale) s *= this.spec.rowScale(n);
    return roundToHalf(s);
  }

  /** MatMulNBits input B: uint8 [N, K/32, 16]. */
  packedTensor(name: string): TensorSource {
    const { N } = this.spec;
    const rowBytes = this.kBlocks * 16;
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes));
    const self = this;
    return {
      name,
      dataType: DataType.UINT8,
      dims: [N, this.kBlocks, 16],
      byteLength: N * rowBytes,
      *chunks() {
        for (let n0 = 0; n0 < N; n0 += rowsPerChunk) {
          const rows = Math.min(rowsPerChunk, N - n0);
          const buf = new Uint8Array(rows * rowBytes);
          for (let r = 0; r < rows; r++) {
            for (let kb = 0; kb < self.kBlocks; kb++) self.packedBlock(n0 + r, kb, buf, r * rowBytes + kb * 16);
          }
          yield buf;
        }
      },
    };
  }

  /** MatMulNBits input scales: [N * K/32] in the activation type. */
  scalesTensor(name: string, dataType: number): TensorSource {
    const { N } = this.spec;
    const kB = this.kBlocks;
    const half = dataType === DataType.FLOAT16;
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (kB * 4)));
    const self = this;
    return {
      name,
      dataType,
      dims: [N * kB],
      byteLength: N * kB * (half ? 2 : 4),
      *chunks() {
        for (let n0 = 0; n0 < N; n0 += rowsPerChunk) {
          const rows = Math.min(rowsPerChunk, N - n0);
          const out = half ? new Uint16Array(rows * kB) : new Float32Array(rows * kB);
          for (let r = 0; r < rows; r++) {
            for (let kb = 0; kb < kB; kb++) {
              const s = self.scale(n0 + r, kb);
              out[r * kB + kb] = half ? toHalfBits(s) : s;
            }
          }
          yield asBytes(out);
        }
      },
    };
  }

  /** Plain MatMul input B: the dequantized weight as float32 [K, N] (streamed 32 input rows at a time). */
  denseTensor(name: string): TensorSource {
    const { K, N } = this.spec;
    const self = this;
    return {
      name,
      dataType: DataType.FLOAT,
      dims: [K, N],
      byteLength: K * N * 4,
      *chunks() {
        const packed = new Uint8Array(16);
        for (let kb = 0; kb < self.kBlocks; kb++) {
          const slab = new Float32Array(BLOCK * N); // a fresh buffer per chunk: consumers may keep chunks
          for (let n = 0; n < N; n++) {
            self.packedBlock(n, kb, packed, 0);
            const s = self.scale(n, kb);
            for (let j = 0; j < BLOCK; j++) {
              const code = j & 1 ? packed[j >> 1]! >> 4 : packed[j >> 1]! & 15;
              slab[j * N + n] = (code - 8) * s;
            }
          }
          yield asBytes(slab);
        }
      },
    };
  }

  /** Dequantized weight W[k][n] as numbers (tests and small checks only). */
  dequantize(): Float64Array {
    const { K, N } = this.spec;
    const w = new Float64Array(K * N);
    const packed = new Uint8Array(16);
    for (let n = 0; n < N; n++) {
      for (let kb = 0; kb < this.kBlocks; kb++) {
        this.packedBlock(n, kb, packed, 0);
        const s = this.scale(n, kb);
        for (let j = 0; j < BLOCK; j++) {
          const code = j & 1 ? packed[j >> 1]! >> 4 : packed[j >> 1]! & 15;
          w[(kb * BLOCK + j) * N + n] = (code - 8) * s;
        }
      }
    }
    return w;
  }
}

/**
 * A dense float tensor whose element (row, col) is drawn from a 4096-entry table of float16-representable values
 * (uniform, standard deviation `std`, mean `mean`), seeded per row: fast enough for the 233M-value embedding.
 */
export function tableTensor(
  name: string,
  dims: [number, number],
  dataType: number,
  seed: number,
  std: number,
  mean = 0,
): TensorSource {
  const [rows, cols] = dims;
  const table = new Float32Array(4096);
  const tableHalf = new Uint16Array(4096);
  for (let i = 0; i < 4096; i++) {
    const v = roundToHalf(mean + std * Math.sqrt(3) * ((i + 0.5) / 2048 - 1));
    table[i] = v;
    tableHalf[i] = toHalfBits(v);
  }
  const half = dataType === DataType.FLOAT16;
  const esize = half ? 2 : 4;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (cols * esize)));
  return {
    name,
    dataType,
    dims,
    byteLength: rows * cols * esize,
    *chunks() {
      for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, rows - r0);
        const out = half ? new Uint16Array(n * cols) : new Float32Array(n * cols);
        const src = half ? tableHalf : table;
        for (let r = 0; r < n; r++) {
          let s = blockSeed(seed, r0 + r, 0x7ab1e) || 1;
          const base = r * cols;
          for (let c = 0; c < cols; c += 2) {
            s ^= s << 13;
            s ^= s >>> 17;
            s ^= s << 5;
            const x = s >>> 0;
            out[base + c] = src[x & 4095]!;
            if (c + 1 < cols) out[base + c + 1] = src[(x >>> 12) & 4095]!;
          }
        }
        yield asBytes(out);
      }
    },
  };
}

/** A constant-filled float tensor. */
export function filledTensor(name: string, dims: number[], dataType: number, value: number): TensorSource {
  const count = dims.reduce((a, b) => a * b, 1);
  const half = dataType === DataType.FLOAT16;
  const arr = half ? new Uint16Array(count).fill(toHalfBits(value)) : new Float32Array(count).fill(value);
  return { name, dataType, dims, byteLength: arr.byteLength, chunks: () => [asBytes(arr)] };
}

/** A float tensor from explicit values. */
export function valuesTensor(name: string, dims: number[], dataType: number, values: ArrayLike<number>): TensorSource {
  const half = dataType === DataType.FLOAT16;
  const arr = half ? new Uint16Array(values.length) : new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) arr[i] = half ? toHalfBits(values[i]!) : values[i]!;
  return { name, dataType, dims, byteLength: arr.byteLength, chunks: () => [asBytes(arr)] };
}

/** RoPE caches of the onnxruntime-genai builder: cos/sin(pos * theta^(-2i/headDim)), shape [maxPos, headDim/2]. */
export function rotaryCache(
  name: string,
  kind: 'cos' | 'sin',
  maxPos: number,
  headDim: number,
  theta: number,
  dataType: number,
): TensorSource {
  const halfDim = headDim / 2;
  const invFreq = Array.from({ length: halfDim }, (_, i) => 1 / theta ** ((2 * i) / headDim));
  const half = dataType === DataType.FLOAT16;
  const fn = kind === 'cos' ? Math.cos : Math.sin;
  const rowsPerChunk = 8192;
  return {
    name,
    dataType,
    dims: [maxPos, halfDim],
    byteLength: maxPos * halfDim * (half ? 2 : 4),
    *chunks() {
      for (let p0 = 0; p0 < maxPos; p0 += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, maxPos - p0);
        const out = half ? new Uint16Array(n * halfDim) : new Float32Array(n * halfDim);
        for (let r = 0; r < n; r++) {
          for (let i = 0; i < halfDim; i++) {
            // The angle in float32, as torch computes it (pos * inv_freq in float32).
            const angle = Math.fround(Math.fround(p0 + r) * Math.fround(invFreq[i]!));
            const v = fn(angle);
            out[r * halfDim + i] = half ? toHalfBits(v) : v;
          }
        }
        yield asBytes(out);
      }
    },
  };
}
