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
import { useFmt } from '../i18n/react.ts';
import type { Fmt, Key } from '../i18n/types.ts';
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
const SPEC_FIELDS: readonly [keyof BenchmarkSpec, Key, number, number][] = [
  ['promptTokens', 'bench.spec.promptTokens', 1, 32768],
  ['newTokens', 'bench.spec.newTokens', 2, 32768],
  ['runs', 'bench.spec.runs', 1, 100],
  ['warmupRuns', 'bench.spec.warmupRuns', 0, 10],
];

/** Which box holds a number out of bounds, in the user's language (`validateSpec` says it in English). */
function specProblem(f: Fmt, spec: BenchmarkSpec): string | null {
  const bad = SPEC_FIELDS.find(([k, , min, max]) => !(Number.isInteger(spec[k]) && spec[k] >= min && spec[k] <= max));
  return bad ? f.t('bench.specInvalid', { field: f.t(bad[1]), min: bad[2], max: bad[3] }) : null;
}

async function runBenchmark(f: Fmt, { engine, report }: HardwareSectionProps, spec: BenchmarkSpec): Promise<void> {
  set({ running: true, error: null, result: null, savedId: null });
  try {
    const r = await engine.benchmark(spec, (p) => set({ progress: progressText(f, p) }));
    set({ result: makeRecord(r.subject, r.spec, r.runs, machineFacts(report)) });
  } catch (e) {
    setError(failureText(f, e));
  } finally {
    set({ running: false, progress: null });
  }
}

function SpecFields({ spec, running }: { spec: BenchmarkSpec; running: boolean }) {
  const f = useFmt();
  const id = useId();
  return (
    <div className="hw-spec">
      {SPEC_FIELDS.map(([key, label, min, max]) => (
        <div className="field" key={key}>
          <label htmlFor={`${id}-${key}`}>{f.t(label)}</label>
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
  const f = useFmt();
  if (!info) {
    return (
      <p className="hw-callout" data-testid="bench-needs-model">
        {f.t('bench.needsModel')}
      </p>
    );
  }
  return (
    <p data-testid="bench-subject">
      {f.t('bench.runsBefore')}
      <strong>{sourceName(info.source)}</strong>
      {f.t('bench.runsAfter', { dtype: info.dtype, where: loadedDeviceText(f, info) })}
    </p>
  );
}

function CurrentResult({ result, savedId, refresh }: { result: BenchmarkRecord; savedId: string | null; refresh: () => void }) {
  const f = useFmt();
  const save = () =>
    void saveResult(result)
      .then(() => {
        set({ savedId: result.id });
        refresh();
      })
      .catch((e: unknown) => setError(f.t('bench.saveFailed', { error: e instanceof Error ? e.message : String(e) })));
  return (
    <div className="hw-result" data-testid="bench-result">
      <h4>{f.t('bench.result', { title: recordTitle(f, result) })}</h4>
      <ResultTable r={result} />
      <DecodeChart
        title={f.t('bench.chartOne')}
        series={[{ label: recordTitle(f, result), points: curvePoints(result) }]}
      />
      <div className="hw-actions">
        <button type="button" disabled={savedId === result.id} onClick={save}>
          {f.t(savedId === result.id ? 'bench.saved.done' : 'bench.save')}
        </button>
        <button type="button" onClick={() => downloadJson(`local-r1-benchmark-${result.id}.json`, exportJson([result]))}>
          {f.t('chat.exportJson')}
        </button>
      </div>
    </div>
  );
}

export function BenchmarkSection(props: HardwareSectionProps) {
  const f = useFmt();
  const { info } = props;
  const { spec, running, progress, error, result, savedId } = useStore(benchStore);
  const { saved, refresh } = useSavedResults(setError);
  const invalid = validateSpec(spec);
  return (
    <section className="hw-section" aria-labelledby="hw-bench">
      <h3 id="hw-bench">{f.t('bench.title')}</h3>
      <p className="muted">{f.t('bench.intro')}</p>
      <Subject info={info} />
      <SpecFields spec={spec} running={running} />
      <div className="hw-actions">
        <button type="button" disabled={running} onClick={() => setSpec(QUICK_BENCHMARK)}>
          {f.t('bench.quick')}
        </button>
        <button type="button" disabled={running} onClick={() => setSpec(STANDARD_BENCHMARK)}>
          {f.t('bench.standard')}
        </button>
        <button type="button" className="primary" disabled={!info || running || !!invalid} onClick={() => void runBenchmark(f, props, spec)}>
          {f.t(running ? 'bench.running' : 'bench.run')}
        </button>
      </div>
      {invalid && <p className="error">{specProblem(f, spec) ?? invalid}</p>}
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
      <h4>{f.t('bench.savedResults')}</h4>
      <SavedResults saved={saved} refresh={refresh} />
    </section>
  );
}
