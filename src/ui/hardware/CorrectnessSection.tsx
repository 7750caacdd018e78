/**
 * "Does this GPU compute the model correctly?": the same greedy prompt on WebGPU and on the CPU
 * (WASM), teacher-forced on one token sequence, compared per position (top-1 agreement, largest
 * logit difference). Below the threshold the page says so and suggests q4.
 *
 * `?reference=<model id>` (same syntax as `?model=`) makes the CPU run use another model: a stand-in
 * for a broken GPU kernel, used by the tests (see the README's "Hardware page" section).
 */
import { useEffect, useId, useState } from 'react';
import type { Dtype, LoadedModelInfo, LogitCheckResult, ModelSource } from '../../core/index.ts';
import { AGREEMENT_THRESHOLD } from '../../diagnostics/correctness.ts';
import type { EngineClient } from '../../worker/client.ts';
import { failureText, sourceName } from './bench-format.ts';
import { CHECK_DTYPES, CHECK_PROMPT, CHECK_TOKENS, defaultCheckDtype, needsF16, referenceFromUrl } from './check-format.ts';
import { CheckResult } from './CheckResult.tsx';
import { useFmt } from '../i18n/react.ts';
import type { Fmt, Key } from '../i18n/types.ts';
import type { HardwareSectionProps } from './section-props.ts';
import { createStore, useStore } from './session-store.ts';

/** The check's progress and last result, kept while the page is closed. */
const checkStore = createStore({
  running: false,
  progress: null as string | null,
  result: null as LogitCheckResult | null,
  error: null as string | null,
});
const set = checkStore.set;

/** The worker's stage names (English), in the user's language. */
const STAGES: Record<string, Key> = {
  'loading the model on the GPU': 'check.stages.loadGpu',
  'loading the model on the CPU': 'check.stages.loadCpu',
  'greedy answer on the GPU': 'check.stages.greedy',
  'the answer on the GPU': 'check.stages.answerGpu',
  'the answer on the CPU': 'check.stages.answerCpu',
  'a long prompt on the GPU': 'check.stages.longGpu',
  'a long prompt on the CPU': 'check.stages.longCpu',
  done: 'check.stages.done',
};
const stageText = (f: Fmt, stage: string): string => (STAGES[stage] ? f.t(STAGES[stage]) : stage);

async function runCheck(f: Fmt, engine: EngineClient, dtype: Dtype, reference: ModelSource | undefined): Promise<void> {
  set({ running: true, error: null, result: null });
  try {
    const r = await engine.compareLogits(
      { dtype, prompt: CHECK_PROMPT, newTokens: CHECK_TOKENS, ...(reference ? { referenceSource: reference } : {}) },
      (p) => set({ progress: p.stage }),
    );
    set({ result: r });
  } catch (e) {
    set({ error: failureText(f, e) });
  } finally {
    set({ running: false, progress: null });
  }
}

function Preconditions({ hasAdapter, info, reference }: { hasAdapter: boolean; info: LoadedModelInfo | null; reference: ModelSource | undefined }) {
  const f = useFmt();
  return (
    <>
      {!hasAdapter ? (
        <p className="hw-callout" data-testid="check-unavailable">
          {f.t('check.noAdapter')}
        </p>
      ) : !info ? (
        <p className="hw-callout" data-testid="check-needs-model">
          {f.t('check.needsModel')}
        </p>
      ) : null}
      {reference && (
        <p className="hw-callout">
          {f.t('check.simulation', { model: sourceName(reference) })}
        </p>
      )}
    </>
  );
}

function DtypeSelect({ value, f16, disabled, onSelect }: { value: Dtype; f16: boolean; disabled: boolean; onSelect: (d: Dtype) => void }) {
  const f = useFmt();
  const id = useId();
  return (
    <div className="field field--inline">
      <label htmlFor={`${id}-dtype`}>{f.t('check.precision')}</label>
      <select id={`${id}-dtype`} value={value} disabled={disabled} onChange={(e) => onSelect(CHECK_DTYPES.find((d) => d === e.target.value) ?? value)}>
        {CHECK_DTYPES.map((d) => (
          <option key={d} value={d} disabled={needsF16(d) && !f16}>
            {d}
            {needsF16(d) && !f16 ? f.t('check.needsF16') : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CorrectnessSection({ engine, info, report }: HardwareSectionProps) {
  const f = useFmt();
  const adapter = report?.webgpu.adapter ?? null;
  const f16 = adapter?.features.includes('shader-f16') ?? false;
  const defaultDtype = defaultCheckDtype(info?.dtype, f16);
  const [dtype, setDtype] = useState<Dtype>(defaultDtype);
  useEffect(() => setDtype(defaultDtype), [defaultDtype]);
  const { running, progress, result, error } = useStore(checkStore);
  const reference = typeof location === 'undefined' ? undefined : referenceFromUrl(location.search);
  return (
    <section className="hw-section" aria-labelledby="hw-check">
      <h3 id="hw-check">{f.t('check.title')}</h3>
      <p className="muted">
        {f.t('check.intro', { tokens: CHECK_TOKENS, percent: Math.round(AGREEMENT_THRESHOLD * 100) })}
      </p>
      <Preconditions hasAdapter={!!adapter} info={info} reference={reference} />
      <div className="hw-actions">
        <DtypeSelect value={dtype} f16={f16} disabled={running} onSelect={setDtype} />
        <button type="button" className="primary" disabled={!adapter || !info || running} onClick={() => void runCheck(f, engine, dtype, reference)}>
          {f.t(running ? 'check.checking' : 'check.run')}
        </button>
      </div>
      {progress && (
        <p role="status" className="muted">
          {stageText(f, progress)}…
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && <CheckResult result={result} />}
    </section>
  );
}
