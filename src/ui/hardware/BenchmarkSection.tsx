/**
 * The standard benchmark on the loaded model: prefill and decode tok/s, time to first token, load and
 * warm-up, over several runs (median and spread); decode speed over the answer's length; save,
 * compare side by side, export JSON.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { EngineFailure, type EngineClient } from '../../worker/client.ts';
import type { BenchmarkSpec, LoadedModelInfo } from '../../core/index.ts';
import {
  exportJson,
  makeRecord,
  QUICK_BENCHMARK,
  STANDARD_BENCHMARK,
  validateSpec,
  type BenchmarkRecord,
  type MachineFacts,
} from '../../diagnostics/benchmark.ts';
import type { HardwareReport } from '../../diagnostics/probe.ts';
import type { Summary } from '../../diagnostics/stats.ts';
import { DecodeChart } from './DecodeChart.tsx';
import { deleteResult, listResults, saveResult } from './results-db.ts';
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

function machineFacts(report: HardwareReport | null): MachineFacts {
  const a = report?.webgpu.adapter;
  return {
    adapter: a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'WebGPU adapter' : 'no WebGPU adapter',
    isSoftwareAdapter: a?.isSoftware ?? false,
    logicalCores: report?.logicalCores ?? null,
    wasmThreads: report?.wasmThreads ?? 1,
    userAgent: report?.userAgent ?? '',
  };
}

const n1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');

function SummaryCells({ s, f }: { s: Summary; f: (v: number) => string }) {
  return (
    <>
      <td className="num" data-testid="median">{f(s.median)}</td>
      <td className="num">{s.n > 1 ? `${f(s.q1)}–${f(s.q3)}` : '–'}</td>
      <td className="num">{s.n > 1 ? `${f(s.min)}–${f(s.max)}` : '–'}</td>
    </>
  );
}

export function recordTitle(r: BenchmarkRecord): string {
  const when = new Date(r.createdAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' });
  return `${r.subject.label} ${r.subject.dtype} on ${r.subject.device === 'webgpu' ? r.subject.adapterName : 'WASM'} · ${when}`;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ResultTable({ r }: { r: BenchmarkRecord }) {
  const s = r.summary;
  return (
    <table className="hw-table" aria-label="Benchmark result">
      <thead>
        <tr>
          <th scope="col">measure</th>
          <th scope="col" className="num">median</th>
          <th scope="col" className="num">IQR</th>
          <th scope="col" className="num">min–max</th>
        </tr>
      </thead>
      <tbody>
        <tr data-measure="prefill">
          <th scope="row">Prefill (tok/s)</th>
          <SummaryCells s={s.prefillTokPerSec} f={n1} />
        </tr>
        <tr data-measure="decode">
          <th scope="row">Decode (tok/s)</th>
          <SummaryCells s={s.decodeTokPerSec} f={n1} />
        </tr>
        <tr data-measure="ttft">
          <th scope="row">Time to first token (ms)</th>
          <SummaryCells s={s.ttftMs} f={n0} />
        </tr>
        <tr data-measure="total">
          <th scope="row">Whole run (ms)</th>
          <SummaryCells s={s.totalMs} f={n0} />
        </tr>
        <tr data-measure="load">
          <th scope="row">Load / warm-up (ms)</th>
          <td className="num" colSpan={3}>
            {n0(r.subject.loadMs)} / {n0(r.subject.warmupMs)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Compare({ records }: { records: BenchmarkRecord[] }) {
  const rows: [string, (r: BenchmarkRecord) => string][] = [
    ['Model', (r) => `${r.subject.label} ${r.subject.dtype}`],
    ['Device', (r) => (r.subject.device === 'webgpu' ? `WebGPU (${r.subject.adapterName})` : 'WASM (CPU)')],
    ['Prompt / answer tokens', (r) => `${r.spec.promptTokens} / ${r.spec.newTokens}`],
    ['Runs', (r) => String(r.summary.runs)],
    ['Prefill tok/s (median)', (r) => n1(r.summary.prefillTokPerSec.median)],
    ['Decode tok/s (median)', (r) => n1(r.summary.decodeTokPerSec.median)],
    ['Decode tok/s (IQR)', (r) => `${n1(r.summary.decodeTokPerSec.q1)}–${n1(r.summary.decodeTokPerSec.q3)}`],
    ['Time to first token ms (median)', (r) => n0(r.summary.ttftMs.median)],
    ['Load / warm-up ms', (r) => `${n0(r.subject.loadMs)} / ${n0(r.subject.warmupMs)}`],
    ['Machine', (r) => `${r.machine.adapter}; ${r.machine.logicalCores ?? '?'} cores`],
  ];
  return (
    <div className="hw-compare">
      <table className="hw-table" aria-label="Comparison">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">measure</span>
            </th>
            {records.map((r) => (
              <th scope="col" key={r.id}>
                {new Date(r.createdAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {records.map((r) => (
                <td key={r.id}>{f(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <DecodeChart
        title="Decode speed over the answer, side by side"
        series={records.map((r, i) => ({
          label: `${i + 1}. ${recordTitle(r)}`,
          points: r.summary.curve.map((p) => ({ x: p.position, y: p.tokPerSec })),
        }))}
      />
    </div>
  );
}

export function BenchmarkSection({
  engine,
  info,
  report,
}: {
  engine: EngineClient;
  info: LoadedModelInfo | null;
  report: HardwareReport | null;
}) {
  const id = useId();
  const { spec, running, progress, error, result, savedId } = useStore(benchStore);
  const set = benchStore.set;
  const setSpec = (f: (s: BenchmarkSpec) => BenchmarkSpec) => set({ spec: f(benchStore.get().spec) });
  const setError = (error: string | null) => set({ error });
  const setSavedId = (savedId: string | null) => set({ savedId });
  const [saved, setSaved] = useState<BenchmarkRecord[]>([]);
  const [selected, setSelected] = useState<string[]>([]);

  const refresh = useCallback(() => {
    listResults()
      .then(setSaved)
      .catch((e: unknown) => setError(`Could not read saved results: ${e instanceof Error ? e.message : String(e)}`));
  }, []);
  useEffect(refresh, [refresh]);

  const invalid = validateSpec(spec);
  const run = async () => {
    if (!info || invalid) return;
    set({ running: true, error: null, result: null, savedId: null });
    try {
      const r = await engine.benchmark(spec, (p) =>
        set({ progress: p.stage === 'done' ? 'finishing' : `${p.stage} ${Math.min(p.done + 1, p.total)} of ${p.total}` }),
      );
      set({ result: makeRecord(r.subject, r.spec, r.runs, machineFacts(report)) });
    } catch (e) {
      const err = e instanceof EngineFailure ? e.error : null;
      setError(err ? `${err.message}${err.detail ? ` (${err.detail})` : ''}` : String(e));
    } finally {
      set({ running: false, progress: null });
    }
  };

  const field = (key: keyof BenchmarkSpec, label: string, min: number, max: number) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="number"
        min={min}
        max={max}
        value={spec[key]}
        disabled={running}
        onChange={(e) => setSpec((s) => ({ ...s, [key]: Math.round(Number(e.target.value)) }))}
      />
    </div>
  );

  const chosen = saved.filter((r) => selected.includes(r.id));

  return (
    <section className="hw-section" aria-labelledby="hw-bench">
      <h3 id="hw-bench">Benchmark</h3>
      <p className="muted">
        A fixed prompt, fixed lengths, greedy decoding with the end-of-answer token ignored, a fresh KV cache each run,
        after unmeasured warm-up runs. Prefill tok/s = prompt tokens ÷ time to first token; decode tok/s = the tokens after
        the first ÷ the time they took.
      </p>
      {!info ? (
        <p className="hw-callout" data-testid="bench-needs-model">
          Load a model in the Chat view first: the benchmark runs the loaded model.
        </p>
      ) : (
        <p data-testid="bench-subject">
          Runs <strong>{info.source.kind === 'hub' ? info.source.repo : info.source.id}</strong> ({info.dtype}) on{' '}
          {info.device === 'webgpu' ? `WebGPU (${info.adapterName})` : 'the CPU (WASM)'}.
        </p>
      )}
      <div className="hw-spec">
        {field('promptTokens', 'Prompt tokens', 1, 32768)}
        {field('newTokens', 'Answer tokens', 2, 32768)}
        {field('runs', 'Runs', 1, 100)}
        {field('warmupRuns', 'Warm-up runs', 0, 10)}
      </div>
      <div className="hw-actions">
        <button type="button" disabled={running} onClick={() => setSpec(() => QUICK_BENCHMARK)}>
          Quick settings
        </button>
        <button type="button" disabled={running} onClick={() => setSpec(() => STANDARD_BENCHMARK)}>
          Standard settings
        </button>
        <button type="button" className="primary" disabled={!info || running || !!invalid} onClick={() => void run()}>
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
      {result && (
        <div className="hw-result" data-testid="bench-result">
          <h4>Result: {recordTitle(result)}</h4>
          <ResultTable r={result} />
          <DecodeChart
            title="Decode speed over the answer (median of the runs)"
            series={[{ label: recordTitle(result), points: result.summary.curve.map((p) => ({ x: p.position, y: p.tokPerSec })) }]}
          />
          <div className="hw-actions">
            <button
              type="button"
              disabled={savedId === result.id}
              onClick={() =>
                void saveResult(result)
                  .then(() => {
                    setSavedId(result.id);
                    refresh();
                  })
                  .catch((e: unknown) => setError(`Could not save: ${e instanceof Error ? e.message : String(e)}`))
              }
            >
              {savedId === result.id ? 'Saved' : 'Save result'}
            </button>
            <button type="button" onClick={() => download(`local-r1-benchmark-${result.id}.json`, exportJson([result]))}>
              Export JSON
            </button>
          </div>
        </div>
      )}
      <h4>Saved results</h4>
      {saved.length === 0 ? (
        <p className="muted">None yet: run a benchmark and save it to compare later runs with it.</p>
      ) : (
        <>
          <table className="hw-table" aria-label="Saved results">
            <thead>
              <tr>
                <th scope="col">compare</th>
                <th scope="col">run</th>
                <th scope="col" className="num">decode tok/s</th>
                <th scope="col" className="num">prefill tok/s</th>
                <th scope="col" className="num">TTFT ms</th>
                <th scope="col">
                  <span className="visually-hidden">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {saved.map((r) => (
                <tr key={r.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare ${recordTitle(r)}`}
                      checked={selected.includes(r.id)}
                      onChange={(e) =>
                        setSelected((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))
                      }
                    />
                  </td>
                  <td>{recordTitle(r)}</td>
                  <td className="num">{n1(r.summary.decodeTokPerSec.median)}</td>
                  <td className="num">{n1(r.summary.prefillTokPerSec.median)}</td>
                  <td className="num">{n0(r.summary.ttftMs.median)}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        void deleteResult(r.id).then(() => {
                          setSelected((s) => s.filter((x) => x !== r.id));
                          refresh();
                        })
                      }
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="hw-actions">
            <button
              type="button"
              onClick={() => download('local-r1-benchmarks.json', exportJson(chosen.length ? chosen : saved))}
            >
              {chosen.length ? `Export ${chosen.length} selected as JSON` : 'Export all as JSON'}
            </button>
          </div>
          {chosen.length >= 2 ? (
            <Compare records={chosen} />
          ) : (
            <p className="muted">Tick two or more results to compare them side by side.</p>
          )}
        </>
      )}
    </section>
  );
}
