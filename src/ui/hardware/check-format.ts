/** The correctness check's choices and numbers: which precision to check, the reference model, how results read. Pure. */
import type { Dtype, LogitCheckResult, ModelSource } from '../../core/index.ts';
import { readEngineUrlParams, sourceFromModelId } from '../../core/url-params.ts';
import { AGREEMENT_THRESHOLD, correctnessVerdict } from '../../diagnostics/correctness.ts';
import type { Fmt } from '../i18n/types.ts';

export const CHECK_PROMPT = 'What is the sum of the first ten prime numbers? Think step by step.';
export const CHECK_TOKENS = 32;
export const CHECK_DTYPES: readonly Dtype[] = ['q4f16', 'q4', 'fp16', 'fp32'];

/** q4f16 and fp16 compute in 16-bit floats: the adapter needs shader-f16. */
export const needsF16 = (d: Dtype): boolean => d === 'q4f16' || d === 'fp16';

/**
 * The precision the check starts with: the loaded model's, unless it needs shader-f16 that the adapter
 * lacks (then q4 for q4f16 and fp32 for fp16); with no model, q4f16 where the adapter can, else q4.
 */
export function defaultCheckDtype(loaded: Dtype | undefined, hasF16: boolean): Dtype {
  const wanted: Dtype = loaded ?? (hasF16 ? 'q4f16' : 'q4');
  if (hasF16 || !needsF16(wanted)) return wanted;
  return wanted === 'fp16' ? 'fp32' : 'q4';
}

/** `?reference=` from the page URL, as a model source. */
export function referenceFromUrl(search: string): ModelSource | undefined {
  const ref = new URLSearchParams(search).get('reference')?.trim();
  if (!ref) return undefined;
  return sourceFromModelId(ref, readEngineUrlParams(search).hub);
}

/** A logit difference with three significant digits; `NaN/∞` when the GPU produced no number. */
export const formatDiff = (f: Fmt, d: number): string =>
  Number.isFinite(d) ? d.toLocaleString(f.locale, { maximumSignificantDigits: 3, minimumSignificantDigits: 3 }) : 'NaN/∞';

/** `97.5%`. */
export const formatAgreement = (f: Fmt, a: number): string =>
  a.toLocaleString(f.locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** What the page concludes from a check's result. */
export function checkVerdict(result: LogitCheckResult): ReturnType<typeof correctnessVerdict> {
  return correctnessVerdict(result.comparison, result.dtype, AGREEMENT_THRESHOLD, {
    comparison: result.longPrompt,
    tokens: result.longPromptTokens,
    chunk: result.prefillChunk,
    ...(result.attentionPassLimit ? { passLimit: result.attentionPassLimit } : {}),
  });
}

/**
 * The verdict's headline in the user's language: correct, wrong on the answer, or wrong only on the long prompt,
 * with what to do (the figures are in the table under it). The same decision as `correctnessVerdict`.
 */
export function checkHeadline(f: Fmt, result: LogitCheckResult): string {
  const limit = result.attentionPassLimit;
  const capped = limit ? ` ${f.t('check.verdict.capped', { tokens: limit.tokens, reason: limit.reason })}` : '';
  return verdictText(f, result) + capped;
}

function verdictText(f: Fmt, result: LogitCheckResult): string {
  if (checkVerdict(result).ok) return f.t('check.verdict.ok');
  const answerOk = correctnessVerdict(result.comparison, result.dtype, AGREEMENT_THRESHOLD).ok;
  const f16 = needsF16(result.dtype);
  const percent = formatAgreement(f, AGREEMENT_THRESHOLD);
  if (!answerOk) return `${f.t('check.verdict.answer', { percent })} ${f.t(f16 ? 'check.verdict.answerF16' : 'check.verdict.answer32')}`;
  return `${f.t('check.verdict.long', { percent })} ${f.t(f16 ? 'check.verdict.longF16' : 'check.verdict.long32')}`;
}
