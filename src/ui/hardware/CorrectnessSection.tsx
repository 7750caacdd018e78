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

async function runCheck(engine: EngineClient, dtype: Dtype, reference: ModelSource | undefined): Promise<void> {
  set({ running: true, error: null, result: null });
  try {
    const r = await engine.compareLogits(
      { dtype, prompt: CHECK_PROMPT, newTokens: CHECK_TOKENS, ...(reference ? { referenceSource: reference } : {}) },
      (p) => set({ progress: p.stage }),
    );
    set({ result: r });
  } catch (e) {
    set({ error: failureText(e) });
  } finally {
    set({ running: false, progress: null });
  }
}

function Preconditions({ hasAdapter, info, reference }: { hasAdapter: boolean; info: LoadedModelInfo | null; reference: ModelSource | undefined }) {
  return (
    <>
      {!hasAdapter ? (
        <p className="hw-callout" data-testid="check-unavailable">
          There is no WebGPU adapter, so there is no GPU to check: the model runs on the CPU.
        </p>
      ) : !info ? (
        <p className="hw-callout" data-testid="check-needs-model">
          Load a model in the Chat view first: the check loads it a second time on the GPU and on the CPU.
        </p>
      ) : null}
      {reference && (
        <p className="hw-callout">
          Simulation: the CPU run uses <code>{sourceName(reference)}</code> instead of the loaded model
          (<code>?reference=</code>), standing in for a GPU kernel that computes the wrong function.
        </p>
      )}
    </>
  );
}

function DtypeSelect({ value, f16, disabled, onSelect }: { value: Dtype; f16: boolean; disabled: boolean; onSelect: (d: Dtype) => void }) {
  const id = useId();
  return (
    <div className="field field--inline">
      <label htmlFor={`${id}-dtype`}>Precision</label>
      <select id={`${id}-dtype`} value={value} disabled={disabled} onChange={(e) => onSelect(CHECK_DTYPES.find((d) => d === e.target.value) ?? value)}>
        {CHECK_DTYPES.map((d) => (
          <option key={d} value={d} disabled={needsF16(d) && !f16}>
            {d}
            {needsF16(d) && !f16 ? ' (needs shader-f16)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CorrectnessSection({ engine, info, report }: HardwareSectionProps) {
  const adapter = report?.webgpu.adapter ?? null;
  const f16 = adapter?.features.includes('shader-f16') ?? false;
  const defaultDtype = defaultCheckDtype(info?.dtype, f16);
  const [dtype, setDtype] = useState<Dtype>(defaultDtype);
  useEffect(() => setDtype(defaultDtype), [defaultDtype]);
  const { running, progress, result, error } = useStore(checkStore);
  const reference = typeof location === 'undefined' ? undefined : referenceFromUrl(location.search);
  return (
    <section className="hw-section" aria-labelledby="hw-check">
      <h3 id="hw-check">Correctness check for this GPU</h3>
      <p className="muted">
        Some GPUs and drivers compute 16-bit kernels wrongly and the model then writes garbage, without any error
        (onnxruntime issues #26367 and #26732). This runs a greedy answer of {CHECK_TOKENS} tokens on the GPU, then reads
        that same token sequence on the GPU and on the CPU (WASM) the way the engine does (the prompt in one pass, the
        answer one token at a time) and compares the two at every position; then the same for a long prompt read in the
        engine's prefill passes. A working GPU picks the same next token at {Math.round(AGREEMENT_THRESHOLD * 100)}% of
        positions or more.
      </p>
      <Preconditions hasAdapter={!!adapter} info={info} reference={reference} />
      <div className="hw-actions">
        <DtypeSelect value={dtype} f16={f16} disabled={running} onSelect={setDtype} />
        <button type="button" className="primary" disabled={!adapter || !info || running} onClick={() => void runCheck(engine, dtype, reference)}>
          {running ? 'Checking…' : 'Run the check'}
        </button>
      </div>
      {progress && (
        <p role="status" className="muted">
          {progress}…
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
