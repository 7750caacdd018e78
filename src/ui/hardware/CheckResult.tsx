/** The correctness check's verdict and figures. */
import type { LogitCheckResult } from '../../core/index.ts';
import { checkHeadline, checkVerdict, formatAgreement, formatDiff } from './check-format.ts';
import { useFmt } from '../i18n/react.ts';

export function CheckResult({ result }: { result: LogitCheckResult }) {
  const f = useFmt();
  const verdict = checkVerdict(result);
  return (
    <div className={verdict.ok ? 'hw-ok' : 'hw-callout hw-bad'} data-testid="check-result" data-ok={verdict.ok}>
      <p>{checkHeadline(f, result)}</p>
      <dl className="hw-facts">
        <dt>{f.t('check.agreement')}</dt>
        <dd data-testid="agreement">{formatAgreement(f, result.comparison.agreement)}</dd>
        <dt>{f.t('check.maxDiff')}</dt>
        <dd data-testid="max-diff">{formatDiff(f, result.comparison.maxAbsDiff)}</dd>
        <dt>{f.t('check.positions')}</dt>
        <dd>{result.comparison.positions}</dd>
        <dt>{f.t('check.longAgreement')}</dt>
        <dd data-testid="long-agreement">{formatAgreement(f, result.longPrompt.agreement)}</dd>
        <dt>{f.t('check.longMaxDiff')}</dt>
        <dd data-testid="long-max-diff">{formatDiff(f, result.longPrompt.maxAbsDiff)}</dd>
        <dt>{f.t('check.longPrompt')}</dt>
        <dd>
          {f.t('check.longPromptValue', { tokens: result.longPromptTokens, chunk: result.prefillChunk })}
        </dd>
        <dt>{f.t('check.modelAdapter')}</dt>
        <dd>
          {f.t('check.on', { dtype: result.dtype, adapter: result.adapterName })}
          {result.simulated ? f.t('check.simulated') : ''}
        </dd>
      </dl>
    </div>
  );
}
