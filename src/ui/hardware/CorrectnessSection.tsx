/**
 * "Does this GPU compute the model correctly?": the same greedy prompt on WebGPU and on the CPU
 * (WASM), teacher-forced on one token sequence, compared per position (top-1 agreement, largest
 * logit difference). Below the threshold the page says so and suggests q4.
 *
 * `?reference=<model id>` (same syntax as `?model=`) makes the CPU run use another model: a stand-in
 * for a broken GPU kernel, used by the tests (see the README's "Hardware page" section).
 */
import { useEffect, useId, useState } from 'react';
import { EngineFailure, type EngineClient } from '../../worker/client.ts';
import type { Dtype, LoadedModelInfo, LogitCheckResult, ModelSource } from '../../core/index.ts';
import { readEngineUrlParams, sourceFromModelId } from '../../core/url-params.ts';
import { AGREEMENT_THRESHOLD, correctnessVerdict } from '../../diagnostics/correctness.ts';
import type { HardwareReport } from '../../diagnostics/probe.ts';
import { createStore, useStore } from './session-store.ts';

/** The check's progress and last result, kept while the page is closed. */
const checkStore = createStore({
  running: false,
  progress: null as string | null,
  result: null as LogitCheckResult | null,
  error: null as string | null,
});

const diff = (d: number) => (Number.isFinite(d) ? d.toPrecision(3) : 'NaN/∞');

export const CHECK_PROMPT = 'What is the sum of the first ten prime numbers? Think step by step.';
export const CHECK_TOKENS = 32;

/** `?reference=` from the page URL, as a model source. */
export function referenceFromUrl(search: string): ModelSource | undefined {
  const ref = new URLSearchParams(search).get('reference')?.trim();
  if (!ref) return undefined;
  return sourceFromModelId(ref, readEngineUrlParams(search).hub);
}

export function CorrectnessSection({
  engine,
  info,
  report,
}: {
  engine: EngineClient;
  info: LoadedModelInfo | null;
  report: HardwareReport | null;
}) {
  const id = useId();
  const adapter = report?.webgpu.adapter ?? null;
  const f16 = adapter?.features.includes('shader-f16') ?? false;
  // The loaded model's dtype, unless it needs shader-f16 that the adapter lacks (then q4, as the app would).
  const wanted: Dtype = info?.dtype ?? (f16 ? 'q4f16' : 'q4');
  const defaultDtype: Dtype = !f16 && (wanted === 'q4f16' || wanted === 'fp16') ? (wanted === 'fp16' ? 'fp32' : 'q4') : wanted;
  const [dtype, setDtype] = useState<Dtype>(defaultDtype);
  useEffect(() => setDtype(defaultDtype), [defaultDtype]);
  const { running, progress, result, error } = useStore(checkStore);
  const set = checkStore.set;
  const reference = typeof location === 'undefined' ? undefined : referenceFromUrl(location.search);

  const run = async () => {
    set({ running: true, error: null, result: null });
    try {
      const r = await engine.compareLogits(
        { dtype, prompt: CHECK_PROMPT, newTokens: CHECK_TOKENS, ...(reference ? { referenceSource: reference } : {}) },
        (p) => set({ progress: p.stage }),
      );
      set({ result: r });
    } catch (e) {
      const err = e instanceof EngineFailure ? e.error : null;
      set({ error: err ? `${err.message}${err.detail ? ` (${err.detail})` : ''}` : String(e) });
    } finally {
      set({ running: false, progress: null });
    }
  };

  const verdict = result
    ? correctnessVerdict(result.comparison, result.dtype, AGREEMENT_THRESHOLD, {
        comparison: result.longPrompt,
        tokens: result.longPromptTokens,
        chunk: result.prefillChunk,
        ...(result.attentionPassLimit ? { passLimit: result.attentionPassLimit } : {}),
      })
    : null;
  const canRun = !!adapter && !!info && !running;
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
      {!adapter ? (
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
          Simulation: the CPU run uses <code>{reference.kind === 'hub' ? reference.repo : reference.id}</code> instead of
          the loaded model (<code>?reference=</code>), standing in for a GPU kernel that computes the wrong function.
        </p>
      )}
      <div className="hw-actions">
        <div className="field field--inline">
          <label htmlFor={`${id}-dtype`}>Precision</label>
          <select id={`${id}-dtype`} value={dtype} disabled={running} onChange={(e) => setDtype(e.target.value as Dtype)}>
            {(['q4f16', 'q4', 'fp16', 'fp32'] as const).map((d) => {
              const needsF16 = d === 'q4f16' || d === 'fp16';
              return (
                <option key={d} value={d} disabled={needsF16 && !f16}>
                  {d}
                  {needsF16 && !f16 ? ' (needs shader-f16)' : ''}
                </option>
              );
            })}
          </select>
        </div>
        <button type="button" className="primary" disabled={!canRun} onClick={() => void run()}>
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
      {result && verdict && (
        <div className={verdict.ok ? 'hw-ok' : 'hw-callout hw-bad'} data-testid="check-result" data-ok={verdict.ok}>
          <p>{verdict.message}</p>
          <dl className="hw-facts">
            <dt>Top-1 agreement, answer</dt>
            <dd data-testid="agreement">{(result.comparison.agreement * 100).toFixed(1)}%</dd>
            <dt>Largest |Δlogit|, answer</dt>
            <dd data-testid="max-diff">{diff(result.comparison.maxAbsDiff)}</dd>
            <dt>Answer positions compared</dt>
            <dd>{result.comparison.positions}</dd>
            <dt>Top-1 agreement, long prompt</dt>
            <dd data-testid="long-agreement">{(result.longPrompt.agreement * 100).toFixed(1)}%</dd>
            <dt>Largest |Δlogit|, long prompt</dt>
            <dd data-testid="long-max-diff">{diff(result.longPrompt.maxAbsDiff)}</dd>
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
      )}
    </section>
  );
}
