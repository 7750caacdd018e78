/** The correctness check's verdict and figures. */
import type { LogitCheckResult } from '../../core/index.ts';
import { checkVerdict, formatAgreement, formatDiff } from './check-format.ts';

export function CheckResult({ result }: { result: LogitCheckResult }) {
  const verdict = checkVerdict(result);
  return (
    <div className={verdict.ok ? 'hw-ok' : 'hw-callout hw-bad'} data-testid="check-result" data-ok={verdict.ok}>
      <p>{verdict.message}</p>
      <dl className="hw-facts">
        <dt>Top-1 agreement, answer</dt>
        <dd data-testid="agreement">{formatAgreement(result.comparison.agreement)}</dd>
        <dt>Largest |Δlogit|, answer</dt>
        <dd data-testid="max-diff">{formatDiff(result.comparison.maxAbsDiff)}</dd>
        <dt>Answer positions compared</dt>
        <dd>{result.comparison.positions}</dd>
        <dt>Top-1 agreement, long prompt</dt>
        <dd data-testid="long-agreement">{formatAgreement(result.longPrompt.agreement)}</dd>
        <dt>Largest |Δlogit|, long prompt</dt>
        <dd data-testid="long-max-diff">{formatDiff(result.longPrompt.maxAbsDiff)}</dd>
        <dt>Long prompt</dt>
        <dd>
          {result.longPromptTokens} tokens read in passes of {result.prefillChunk} (the engine's prefill chunk)
        </dd>
        <dt>Model, adapter</dt>
        <dd>
          {result.dtype} on {result.adapterName}
          {result.simulated ? ' (CPU run on the reference model: simulated fault)' : ''}
        </dd>
      </dl>
    </div>
  );
}
