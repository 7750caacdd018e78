/**
 * Plain-JavaScript models of `com.microsoft::MultiHeadAttention` for the WebGPU reproduction
 * (`tools/bench/mha-webgpu-repro.ts`). Pure; unit-tested in `test/unit/bench-mha-reference.test.ts`.
 *
 * - `attentionReference` (from src/engine/attention-math.ts): softmax(q·kᵀ·scale + bias)·v per head.
 * - `emulateOrtFlashPrefill`: what onnxruntime-web 1.31.0-dev's WebGPU `FlashAttention` prefill shader
 *   (`contrib_ops/webgpu/bert/flash_attention.wgsl.template`, taken for passes of ≥ 32 new tokens; its
 *   subgroup-shuffle variant) computes, with the two faults that make it wrong in Chromium 156:
 *   - subgroups of `sgSize` lanes: the shader steps through the keys `min(sgSize, 16)` at a time but
 *     always scores 8 keys per step (16 when sgSize > 8), fetching key/value j from lane j with
 *     `subgroupShuffle`. With sgSize ≥ 8 that is exact. With 4 lanes (SwiftShader) lanes 4…7 do not
 *     exist; WGSL leaves such a shuffle undefined and SwiftShader returns the highest lane (measured),
 *     so every step also counts 4 phantom keys: lane 3's key and value with the bias of the 4 keys after
 *     the step. Under a causal bias those are masked for the first 4 query rows only.
 *   - `carryScores`: the per-step score accumulators (`var qk_1 : vec4<…>;`, no initializer, inside the
 *     key loop) keep the previous step's normalised probabilities instead of restarting from zero, which
 *     is what Tint's SPIR-V output (Vulkan backend) does: the variable is zeroed once at function entry.
 *
 * Layouts (the MHA operator's, batch 1): q `[S, H·D]`, k and v `[T, H·D]` (all T keys, past included),
 * bias `[biasHeads, S, T]` with biasHeads 1 (broadcast over heads) or H, or no bias.
 */

export { attentionReference, causalBias, compareRows, type AttentionCase } from '../../src/engine/attention-math.ts';
import { biasAt, type AttentionCase } from '../../src/engine/attention-math.ts';

/** The shader's largest key step (`max_k_step`, 16 for these head sizes). */
const MAX_K_STEP = 16;

/**
 * The ORT WebGPU prefill FlashAttention shader's arithmetic (subgroup-shuffle variant, no local
 * window, not unidirectional) on subgroups of `sgSize` lanes. A shuffle from a lane ≥ sgSize returns
 * lane sgSize−1 (SwiftShader's behaviour; WGSL leaves it undefined). `carryScores`: accumulators are not
 * re-zeroed between key steps (Tint's SPIR-V).
 */
export function emulateOrtFlashPrefill(c: AttentionCase, sgSize: number, carryScores = false): Float32Array {
  const { heads: H, headSize: D, S, T, q, k, v } = c;
  const hidden = H * D;
  const scale = c.scale ?? 1 / Math.sqrt(D);
  const step = Math.min(sgSize, MAX_K_STEP); // capped_sg_size: keys loaded per iteration
  const scored = sgSize > 8 ? 16 : 8; // qk_1…qk_4 when sg_size > 8, else qk_1, qk_2
  const out = new Float32Array(S * hidden);
  const o = new Float64Array(D);
  const s = new Float64Array(scored);
  const carried = new Float64Array(scored);
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < S; i++) {
      o.fill(0);
      carried.fill(0);
      let prevMax = -Infinity;
      let prevDenom = 0;
      for (let start = 0; start < T; start += step) {
        // Which key row each scored slot j reads: lane min(j, sgSize − 1) holds k_tile[min(lane, 15)].
        const row = (j: number) => start + Math.min(Math.min(j, sgSize - 1), MAX_K_STEP - 1);
        let localMax = -Infinity;
        for (let j = 0; j < scored; j++) {
          const r = row(j);
          let dot = 0;
          if (r < T && Math.min(j, sgSize - 1) < step) {
            for (let d = 0; d < D; d++) dot += q[i * hidden + h * D + d]! * k[r * hidden + h * D + d]!;
          }
          // loadAttentionBias(k_start + 4·⌊j/4⌋): zero past the end, columns clamped to the row's last.
          const group = start + 4 * Math.floor(j / 4);
          const b = group >= T ? 0 : biasAt(c, h, i, Math.min(start + j, T - 1));
          s[j] = start + j < T ? carried[j]! + dot * scale + b : -Infinity; // is_key_visible
          if (s[j]! > localMax) localMax = s[j]!;
        }
        const newMax = Math.max(prevMax, localMax);
        let sum = 0;
        for (let j = 0; j < scored; j++) sum += s[j] = Math.exp(s[j]! - newMax);
        const dLeft = prevDenom * (prevMax === -Infinity ? 0 : Math.exp(prevMax - newMax));
        const denom = dLeft + sum || 1e-7;
        for (let d = 0; d < D; d++) {
          let acc = 0;
          for (let j = 0; j < scored; j++) {
            const r = row(j);
            if (r < T && Math.min(j, sgSize - 1) < step) acc += (s[j]! / denom) * v[r * hidden + h * D + d]!;
          }
          o[d] = o[d]! * (dLeft / denom) + acc;
        }
        if (carryScores) for (let j = 0; j < scored; j++) carried[j] = s[j]! / denom;
        prevMax = newMax;
        prevDenom = denom;
      }
      for (let d = 0; d < D; d++) out[i * hidden + h * D + d] = o[d]!;
    }
  }
  return out;
}

