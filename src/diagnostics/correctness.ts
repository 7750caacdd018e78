/**
 * The GPU correctness check's arithmetic: two runs of the same model on the same token sequence
 * (teacher-forced, so positions line up), one on WebGPU and one on the CPU (WASM), compared per
 * position: does the top-1 token agree, and how far apart are the logits? Pure.
 *
 * Broken f16 kernels and drivers make some GPUs produce garbage (onnxruntime#26367, #26732); a low
 * top-1 agreement with the CPU is how the page tells the user.
 */
import type { AttentionPassLimit, LogitComparison } from '../core/index.ts';

export type { LogitComparison };

/** Below this share of agreeing positions the page warns and suggests q4. */
export const AGREEMENT_THRESHOLD = 0.9;

/** Index of the largest value, NaN ignored (-1 when every value is NaN or -∞). */
export function argmax(row: ArrayLike<number>, start = 0, end = row.length): number {
  let best = -1;
  let bestV = -Infinity;
  for (let i = start; i < end; i++) {
    const v = row[i]!;
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best < 0 ? -1 : best - start;
}

/**
 * Compare `a` and `b`, both `[positions, vocab]` row-major. Logits equal to -Infinity on both sides
 * (masked vocabulary rows) count as equal.
 */
export function compareLogits(a: ArrayLike<number>, b: ArrayLike<number>, vocab: number): LogitComparison {
  if (vocab <= 0) throw new RangeError('vocab must be positive');
  if (a.length !== b.length) throw new RangeError(`logit arrays differ in length: ${a.length} vs ${b.length}`);
  if (a.length % vocab !== 0) throw new RangeError(`logit length ${a.length} is not a multiple of vocab ${vocab}`);
  const positions = a.length / vocab;
  let agreeing = 0;
  let maxAbsDiff = 0;
  let sumMax = 0;
  let nonFinitePositions = 0;
  let firstDisagreement = -1;
  for (let p = 0; p < positions; p++) {
    const off = p * vocab;
    let rowMax = 0;
    let nonFinite = false;
    for (let i = off; i < off + vocab; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x === y) continue;
      const d = Math.abs(x - y);
      if (!Number.isFinite(d)) {
        nonFinite = true;
        rowMax = Infinity;
      } else if (d > rowMax) rowMax = d;
    }
    if (nonFinite) nonFinitePositions++;
    const same = argmax(a, off, off + vocab) === argmax(b, off, off + vocab) && !nonFinite;
    if (same) agreeing++;
    else if (firstDisagreement < 0) firstDisagreement = p;
    if (rowMax > maxAbsDiff) maxAbsDiff = rowMax;
    sumMax += rowMax;
  }
  return {
    positions,
    agreeing,
    agreement: positions ? agreeing / positions : 1,
    maxAbsDiff,
    meanMaxAbsDiff: positions ? sumMax / positions : 0,
    nonFinitePositions,
    firstDisagreement,
  };
}

export interface CorrectnessVerdict {
  ok: boolean;
  /** What the page says. */
  message: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const diffText = (c: LogitComparison) => (Number.isFinite(c.maxAbsDiff) ? c.maxAbsDiff.toPrecision(3) : 'not a number (NaN or ∞)');
const passes = (c: LogitComparison, threshold: number) => c.agreement >= threshold && c.nonFinitePositions === 0;

/** The long-prompt part of the check: a prompt read in prefill passes of `chunk` tokens. */
export interface LongPromptPart {
  comparison: LogitComparison;
  tokens: number;
  chunk: number;
  /** Why the engine's passes are shorter than its prefill chunk on this GPU (the attention check at load). */
  passLimit?: AttentionPassLimit;
}

/**
 * The page's verdict. `answer` is the decode path (a greedy answer read one token at a time); `long`,
 * when given, is a long prompt read in the engine's prefill passes. Both must reach `threshold`.
 */
export function correctnessVerdict(
  answer: LogitComparison,
  dtype: string,
  threshold: number = AGREEMENT_THRESHOLD,
  long?: LongPromptPart,
): CorrectnessVerdict {
  const facts = `${answer.agreeing} of ${answer.positions} answer positions pick the same next token on the GPU and the CPU (${pct(answer.agreement)}); the largest logit difference is ${diffText(answer)}.`;
  const longFacts = long
    ? ` Reading a ${long.tokens}-token prompt in passes of ${long.chunk} tokens: ${long.comparison.agreeing} of ${long.comparison.positions} positions agree (${pct(long.comparison.agreement)}), largest difference ${diffText(long.comparison)}.${long.passLimit ? ` (Passes are capped at ${long.passLimit.tokens} tokens here: ${long.passLimit.reason})` : ''}`
    : '';
  const answerOk = passes(answer, threshold);
  const longOk = !long || passes(long.comparison, threshold);
  if (answerOk && longOk) return { ok: true, message: `This GPU computes the model correctly: ${facts}${longFacts}` };
  const f16 = dtype === 'q4f16' || dtype === 'fp16';
  if (!answerOk) {
    const advice = f16
      ? 'Its 16-bit kernels or driver are likely broken: load the q4 model (32-bit math) instead, and run this check again.'
      : 'Even with 32-bit math it disagrees: use the CPU (WASM) device, or update the browser and GPU driver.';
    return {
      ok: false,
      message: `This GPU's results differ from the CPU's, below the ${pct(threshold)} agreement that a working GPU reaches: ${facts}${longFacts} Answers on this GPU may be garbage. ${advice}`,
    };
  }
  const advice = f16
    ? 'Try the q4 model, or the CPU (WASM) device for long questions.'
    : 'Use the CPU (WASM) device for long questions, or update the browser.';
  return {
    ok: false,
    message: `Token-by-token generation on this GPU matches the CPU (${facts}) but reading a long prompt does not, below the ${pct(threshold)} agreement a working GPU reaches.${longFacts} Answers to long questions (or long chats) on this GPU may be garbage. ${advice}`,
  };
}
