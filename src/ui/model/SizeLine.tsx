/** The picker's download size: a button beside Load to ask, then what Load would download, in the user's words. */
import type { LoadPlan } from '../../core/index.ts';
import { bytes } from '../format.ts';
import { errorSentence } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { bytesToDownload } from '../storage/preflight.ts';
import type { SizeCheck } from './size-check.ts';

function planSentence(f: Fmt, plan: LoadPlan): string {
  const values = { dtype: plan.dtype, device: f.t(plan.device === 'webgpu' ? 'model.size.gpu' : 'model.size.cpu'), size: bytes(f, plan.totalBytes) };
  const left = bytesToDownload(plan);
  if (left === 0) return f.t('model.size.stored', values);
  if (plan.storedBytes > 0) return f.t('model.size.partly', { ...values, left: bytes(f, left) });
  return f.t('model.size.toDownload', values);
}

/** The button that asks; it sits beside Load. */
export function SizeCheckButton({ state, onCheck, disabled }: { state: SizeCheck | null; onCheck: () => void; disabled: boolean }) {
  const f = useFmt();
  return (
    <button type="button" onClick={onCheck} disabled={disabled || state?.status === 'checking'}>
      {f.t('model.size.check')}
    </button>
  );
}

/** The answer, under the buttons (empty until asked). */
export function SizeLine({ state }: { state: SizeCheck | null }) {
  const f = useFmt();
  return (
    <div className="size-line" data-testid="size-line">
      <p className="muted small" role="status" data-size-state={state?.status ?? 'idle'}>
        {state?.status === 'checking' && f.t('model.size.checking')}
        {state?.status === 'done' && planSentence(f, state.plan)}
        {state?.status === 'failed' && f.t('model.size.failed', { reason: errorSentence(f, state.error) })}
      </p>
      {state?.status === 'done' && state.quota && (
        <p className="error" data-testid="size-quota">
          {errorSentence(f, state.quota)}
        </p>
      )}
    </div>
  );
}
