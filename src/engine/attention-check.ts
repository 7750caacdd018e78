/**
 * Load-time check of ONNX Runtime's WebGPU attention, the way the model's graph uses it.
 *
 * Why: onnxruntime-web 1.31-dev's WebGPU `MultiHeadAttention` runs passes of ≥ 32 new tokens through
 * its `FlashAttention` prefill kernel and shorter ones through split-reduce kernels. On some browser +
 * GPU combinations the prefill kernel computes wrong attention, silently:
 *   - its subgroup-shuffle variant assumes subgroups of ≥ 8 lanes (SwiftShader has 4);
 *   - it declares its score accumulators without initializer inside the key loop, and Chromium 156's
 *     Tint SPIR-V writer zeroes such variables only once, so on the Vulkan backend (Linux, ChromeOS,
 *     Android) each key step inherits the previous step's scores. NVIDIA and Apple get a shared-memory
 *     variant without the fault.
 * (Evidence and the one-node reproduction: tools/bench/mha-webgpu-repro.ts; README, Device and dtype.)
 * Which adapters are affected cannot be told from the adapter's description, so the engine asks: it
 * runs one MultiHeadAttention node (the graph's layout: q `[1,S,32]`, all T keys and values
 * `[1,T,32]`, a per-head causal bias `[1,2,S,T]`, 2 heads of 16) on the same WebGPU device as the
 * model, for a 31-token and a 32-token pass after 16 past tokens, against `attentionReference`.
 * When only the 32-token pass is wrong, `attentionPassLimit` (device.ts) caps every WebGPU pass at 31
 * tokens, which keeps the engine on the split-reduce kernels.
 *
 * The check needs no file: the node's model is 291 bytes, kept here as base64 (a unit test rebuilds it
 * with onnx-proto and compares). Pure apart from the ORT handle it is given; the worker's call is
 * `LlmEngine.load` (llm.ts).
 */
import { attentionReference, causalBias, compareRows, type AttentionCase } from './attention-math.ts';

/** `MultiHeadAttention(q, k, v, bias)`, 2 heads × 16, fp32; inputs `q [1,S,32]`, `k`/`v [1,T,32]`, `bias [1,2,S,T]`. */
export const ATTENTION_CHECK_MODEL_BASE64 =
  'CAgSEmxvY2FsLXIxIG1oYSByZXBybzrxAQpeCgFxCgFrCgF2CgAKAAoEYmlhcxIDb3V0IhJNdWx0aUhlYWRBdHRlbnRpb24qEAoJbnVtX2hlYWRzGAKgAQIqDwoFc2NhbGUVAACAPqABAToNY29tLm1pY3Jvc29mdBIDbWhhWhgKAXESEwoRCAESDQoCCAEKAxIBUwoCCCBaGAoBaxITChEIARINCgIIAQoDEgFUCgIIIFoYCgF2EhMKEQgBEg0KAggBCgMSAVQKAgggWiAKBGJpYXMSGAoWCAESEgoCCAEKAggCCgMSAVMKAxIBVGIaCgNvdXQSEwoRCAESDQoCCAEKAxIBUwoCCCBCBAoAEBFCEQoNY29tLm1pY3Jvc29mdBAB';
export const ATTENTION_CHECK_SHAPE = { heads: 2, headSize: 16, past: 16 } as const;
/** The longest pass that stays on ORT's split-reduce kernels, and the shortest that does not. */
export const SPLIT_REDUCE_MAX_TOKENS = 31;

/** What the engine needs from onnxruntime (`onnxruntime-web/webgpu` in the worker, onnxruntime-node in tests). */
export interface OrtLike {
  InferenceSession: {
    create(model: Uint8Array, options: { executionProviders: string[] }): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
      release(): Promise<void>;
    }>;
  };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
}

export interface AttentionPassResult {
  /** New tokens in the pass. */
  tokens: number;
  /** Largest |Δ| from the reference (values are O(1)); NaN when the run failed. */
  maxAbsDiff: number;
  ok: boolean;
}

export interface AttentionCheck {
  /** The 31-token pass (split-reduce kernels) and the 32-token pass (FlashAttention prefill kernel). */
  passes: AttentionPassResult[];
  /** Set when the check itself could not run (then nothing is concluded). */
  error?: string;
}

const TOLERANCE = 1e-3;

export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Deterministic inputs for a pass of `S` new tokens after `ATTENTION_CHECK_SHAPE.past` past ones. */
export function attentionCheckCase(S: number): AttentionCase {
  const { heads, headSize, past } = ATTENTION_CHECK_SHAPE;
  const T = past + S;
  const hidden = heads * headSize;
  let x = 12345 + S;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648 - 0.5) * 2;
  };
  const mk = (rows: number) => Float32Array.from({ length: rows * hidden }, rnd);
  const one = causalBias(S, T);
  const bias = new Float32Array(heads * S * T);
  for (let h = 0; h < heads; h++) bias.set(one, h * S * T);
  return { heads, headSize, S, T, q: mk(S), k: mk(T), v: mk(T), bias: { heads, data: bias } };
}

/** Run the check on `executionProvider` (`webgpu` in the app). Never throws. */
export async function runAttentionCheck(ort: OrtLike, executionProvider = 'webgpu'): Promise<AttentionCheck> {
  let session: Awaited<ReturnType<OrtLike['InferenceSession']['create']>> | undefined;
  try {
    session = await ort.InferenceSession.create(decodeBase64(ATTENTION_CHECK_MODEL_BASE64), { executionProviders: [executionProvider] });
    const passes: AttentionPassResult[] = [];
    for (const tokens of [SPLIT_REDUCE_MAX_TOKENS, SPLIT_REDUCE_MAX_TOKENS + 1]) {
      const c = attentionCheckCase(tokens);
      const hidden = c.heads * c.headSize;
      const out = await session.run({
        q: new ort.Tensor('float32', c.q, [1, c.S, hidden]),
        k: new ort.Tensor('float32', c.k, [1, c.T, hidden]),
        v: new ort.Tensor('float32', c.v, [1, c.T, hidden]),
        bias: new ort.Tensor('float32', c.bias!.data, [1, c.heads, c.S, c.T]),
      });
      const got = out.out?.data;
      if (!(got instanceof Float32Array)) throw new Error('the attention check model returned no float32 output');
      const { maxAbsDiff, firstWrongRow } = compareRows(got, attentionReference(c), hidden, TOLERANCE);
      passes.push({ tokens, maxAbsDiff, ok: firstWrongRow < 0 });
    }
    return { passes };
  } catch (e) {
    return { passes: [], error: e instanceof Error ? e.message : String(e) };
  } finally {
    await session?.release().catch(() => undefined);
  }
}
