import { describe, expect, it } from 'vitest';
import {
  ATTENTION_CHECK_MODEL_BASE64,
  ATTENTION_CHECK_SHAPE,
  decodeBase64,
  runAttentionCheck,
  type OrtLike,
} from '../../src/engine/attention-check.ts';
import { attentionReference, type AttentionCase } from '../../src/engine/attention-math.ts';
import { attentionPassLimit, effectivePrefillChunk } from '../../src/engine/device.ts';
import { buildModel } from '../../tools/bench/mha-webgpu-repro.ts';
import { emulateOrtFlashPrefill } from '../../tools/bench/mha-reference.ts';

type Kernel = (c: AttentionCase) => Float32Array;

/**
 * An onnxruntime stand-in whose one node computes `kernel(S)`: the exact reference, or ORT's WebGPU
 * FlashAttention prefill kernel as it runs on SwiftShader (4-lane subgroups, scores carried between key
 * steps; tools/bench/mha-reference.ts, which matches SwiftShader to 1e-7) for passes of ≥ 32 tokens.
 */
function fakeOrt(kernel: (S: number) => Kernel, failCreate = false): OrtLike & { models: Uint8Array[] } {
  const models: Uint8Array[] = [];
  class Tensor {
    constructor(
      readonly type: string,
      readonly data: Float32Array,
      readonly dims: number[],
    ) {}
  }
  return {
    models,
    Tensor: Tensor as unknown as OrtLike['Tensor'],
    InferenceSession: {
      async create(model) {
        if (failCreate) throw new Error('no WebGPU device');
        models.push(model);
        return {
          async run(feeds) {
            const t = (n: string) => feeds[n] as unknown as Tensor;
            const [, S, hidden] = t('q').dims as [number, number, number];
            const T = t('k').dims[1]!;
            const { heads, headSize } = ATTENTION_CHECK_SHAPE;
            expect(hidden).toBe(heads * headSize);
            expect(t('bias').dims).toEqual([1, heads, S, T]);
            const c: AttentionCase = { heads, headSize, S, T, q: t('q').data, k: t('k').data, v: t('v').data, bias: { heads, data: t('bias').data } };
            return { out: { data: kernel(S)(c) } };
          },
          async release() {},
        };
      },
    },
  };
}

const exact: Kernel = attentionReference;
const swiftShader: Kernel = (c) => emulateOrtFlashPrefill(c, 4, true);
const vulkan16: Kernel = (c) => emulateOrtFlashPrefill(c, 16, true);

describe('the load-time WebGPU attention check', () => {
  it('ships the one-node MultiHeadAttention model onnx-proto builds (2 heads × 16, per-head causal bias)', () => {
    const built = buildModel({ name: 'check', heads: 2, headSize: 16, sizes: [], past: 0, bias: 'bh', kv: 'concat', dtype: 'fp32', unidirectional: false, hideSubgroups: false });
    expect(Array.from(decodeBase64(ATTENTION_CHECK_MODEL_BASE64))).toEqual(Array.from(built));
  });

  it('an exact GPU: both passes pass, no limit', async () => {
    const ort = fakeOrt(() => exact);
    const check = await runAttentionCheck(ort);
    expect(check.passes.map((p) => [p.tokens, p.ok])).toEqual([
      [31, true],
      [32, true],
    ]);
    expect(ort.models).toHaveLength(1);
    expect(attentionPassLimit(check)).toBeNull();
  });

  it.each([
    ['SwiftShader (4-lane subgroups)', swiftShader],
    ['a 16-lane GPU under the Vulkan backend', vulkan16],
  ])('%s: the 32-token pass is wrong, so passes are capped at 31 tokens, with the reason', async (_name, prefill) => {
    const check = await runAttentionCheck(fakeOrt((S) => (S >= 32 ? prefill : exact)));
    expect(check.passes[0]).toMatchObject({ tokens: 31, ok: true });
    expect(check.passes[1]).toMatchObject({ tokens: 32, ok: false });
    expect(check.passes[1]!.maxAbsDiff).toBeGreaterThan(0.01);
    const limit = attentionPassLimit(check);
    expect(limit?.tokens).toBe(31);
    expect(limit?.reason).toMatch(/32 or more new tokens wrongly.*at most 31 tokens at a time/);
  });

  it('no cap when even the 31-token pass is wrong (nothing would help), or when the check could not run', async () => {
    const broken = await runAttentionCheck(fakeOrt(() => swiftShaderEverywhere));
    expect(broken.passes.every((p) => !p.ok)).toBe(true);
    expect(attentionPassLimit(broken)).toBeNull();
    const failed = await runAttentionCheck(fakeOrt(() => exact, true));
    expect(failed).toMatchObject({ passes: [], error: 'no WebGPU device' });
    expect(attentionPassLimit(failed)).toBeNull();
    expect(attentionPassLimit(null)).toBeNull();
  });
});

/** A kernel wrong at every length (the 31-token pass included). */
const swiftShaderEverywhere: Kernel = (c) => {
  const out = attentionReference(c);
  out[out.length - 1] = out[out.length - 1]! + 1;
  return out;
};

describe('effectivePrefillChunk', () => {
  const limit = { tokens: 31, reason: 'test' };
  it('leaves the tuning alone without a limit', () => {
    expect(effectivePrefillChunk(256, null)).toBe(256);
    expect(effectivePrefillChunk(0, null)).toBe(0);
  });
  it('caps the chunk, and turns "whole prompt" (0) into passes of the limit', () => {
    expect(effectivePrefillChunk(256, limit)).toBe(31);
    expect(effectivePrefillChunk(16, limit)).toBe(16);
    expect(effectivePrefillChunk(0, limit)).toBe(31);
  });
});
