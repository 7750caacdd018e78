/**
 * The standard benchmark on the loaded model: prefill and decode tok/s, time to first token, load and
 * warm-up, over several runs (median and spread); decode speed over the answer's length; save,
 * compare side by side, export JSON.
 */
import { useId } from 'react';
import type { BenchmarkSpec, LoadedModelInfo } from '../../core/index.ts';
import {
  exportJson,
  makeRecord,
  QUICK_BENCHMARK,
  STANDARD_BENCHMARK,
  validateSpec,
  type BenchmarkRecord,
} from '../../diagnostics/benchmark.ts';
import { curvePoints, failureText, loadedDeviceText, machineFacts, progressText, recordTitle, sourceName } from './bench-format.ts';
import { ResultTable } from './bench-tables.tsx';
import { DecodeChart } from './DecodeChart.tsx';
import { downloadJson } from './download.ts';
import { saveResult } from './results-db.ts';
import { SavedResults, useSavedResults } from './SavedResults.tsx';
import type { HardwareSectionProps } from './section-props.ts';
import { createStore, useStore } from './session-store.ts';

/** The benchmark's settings, progress and last result, kept while the page is closed. */
const benchStore = createStore({
  spec: STANDARD_BENCHMARK as BenchmarkSpec,
  running: false,
  progress: null as string | null,
  error: null as string | null,
  result: null as BenchmarkRecord | null,
  savedId: null as string | null,
});
const set = benchStore.set;
const setError = (error: string | null) => set({ error });
const setSpec = (spec: BenchmarkSpec) => set({ spec });

/** The spec's number boxes: key, label, bounds. */
const SPEC_FIELDS: readonly [keyof BenchmarkSpec, string, number, number][] = [
  ['promptTokens', 'Prompt tokens', 1, 32768],
  ['newTokens', 'Answer tokens', 2, 32768],
  ['runs', 'Runs', 1, 100],
  ['warmupRuns', 'Warm-up runs', 0, 10],
];

async function runBenchmark({ engine, report }: HardwareSectionProps, spec: BenchmarkSpec): Promise<void> {
  set({ running: true, error: null, result: null, savedId: null });
  try {
    const r = await engine.benchmark(spec, (p) => set({ progress: progressText(p) }));
    set({ result: makeRecord(r.subject, r.spec, r.runs, machineFacts(report)) });
  } catch (e) {
    setError(failureText(e));
  } finally {
    set({ running: false, progress: null });
  }
}

function SpecFields({ spec, running }: { spec: BenchmarkSpec; running: boolean }) {
  const id = useId();
  return (
    <div className="hw-spec">
      {SPEC_FIELDS.map(([key, label, min, max]) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{label}</label>
          <input
            id={`${id}-${key}`}
            type="number"
            min={min}
            max={max}
            value={spec[key]}
            disabled={running}
            onChange={(e) => setSpec({ ...benchStore.get().spec, [key]: Math.round(Number(e.target.value)) })}
          />
        </div>
      ))}
    </div>
  );
}

function Subject({ info }: { info: LoadedModelInfo | null }) {
  if (!info) {
    return (
      <p className="hw-callout" data-testid="bench-needs-model">
        Load a model in the Chat view first: the benchmark runs the loaded model.
      </p>
    );
  }
  return (
    <p data-testid="bench-subject">
      Runs <strong>{sourceName(info.source)}</strong> ({info.dtype}) on {loadedDeviceText(info)}.
    </p>
  );
}

function CurrentResult({ result, savedId, refresh }: { result: BenchmarkRecord; savedId: string | null; refresh: () => void }) {
  const save = () =>
    void saveResult(result)
      .then(() => {
        set({ savedId: result.id });
        refresh();
      })
      .catch((e: unknown) => setError(`Could not save: ${e instanceof Error ? e.message : String(e)}`));
  return (
    <div className="hw-result" data-testid="bench-result">
      <h4>Result: {recordTitle(result)}</h4>
      <ResultTable r={result} />
      <DecodeChart
        title="Decode speed over the answer (median of the runs)"
        series={[{ label: recordTitle(result), points: curvePoints(result) }]}
      />
      <div className="hw-actions">
        <button type="button" disabled={savedId === result.id} onClick={save}>
          {savedId === result.id ? 'Saved' : 'Save result'}
        </button>
        <button type="button" onClick={() => downloadJson(`local-r1-benchmark-${result.id}.json`, exportJson([result]))}>
          Export JSON
        </button>
      </div>
    </div>
  );
}

export function BenchmarkSection(props: HardwareSectionProps) {
  const { info } = props;
  const { spec, running, progress, error, result, savedId } = useStore(benchStore);
  const { saved, refresh } = useSavedResults(setError);
  const invalid = validateSpec(spec);
  return (
    <section className="hw-section" aria-labelledby="hw-bench">
      <h3 id="hw-bench">Benchmark</h3>
      <p className="muted">
        A fixed prompt, fixed lengths, greedy decoding with the end-of-answer token ignored, a fresh KV cache each run,
        after unmeasured warm-up runs. Prefill tok/s = prompt tokens ÷ time to first token; decode tok/s = the tokens after
        the first ÷ the time they took.
      </p>
      <Subject info={info} />
      <SpecFields spec={spec} running={running} />
      <div className="hw-actions">
        <button type="button" disabled={running} onClick={() => setSpec(QUICK_BENCHMARK)}>
          Quick settings
        </button>
        <button type="button" disabled={running} onClick={() => setSpec(STANDARD_BENCHMARK)}>
          Standard settings
        </button>
        <button type="button" className="primary" disabled={!info || running || !!invalid} onClick={() => void runBenchmark(props, spec)}>
          {running ? 'Running…' : 'Run benchmark'}
        </button>
      </div>
      {invalid && <p className="error">{invalid}</p>}
      {progress && (
        <p role="status" className="muted">
          {progress}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && <CurrentResult result={result} savedId={savedId} refresh={refresh} />}
      <h4>Saved results</h4>
      <SavedResults saved={saved} refresh={refresh} />
    </section>
  );
}
