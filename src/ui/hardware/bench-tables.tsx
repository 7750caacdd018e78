/** Benchmark result tables: one result (median and spread per measure), several side by side. */
import type { BenchmarkRecord } from '../../diagnostics/benchmark.ts';
import type { Summary } from '../../diagnostics/stats.ts';
import { COMPARE_ROWS, curvePoints, n0, n1, recordTitle, shortDate } from './bench-format.ts';
import { DecodeChart } from './DecodeChart.tsx';

function SummaryCells({ s, f }: { s: Summary; f: (v: number) => string }) {
  return (
    <>
      <td className="num" data-testid="median">{f(s.median)}</td>
      <td className="num">{s.n > 1 ? `${f(s.q1)}–${f(s.q3)}` : '–'}</td>
      <td className="num">{s.n > 1 ? `${f(s.min)}–${f(s.max)}` : '–'}</td>
    </>
  );
}

/** The measures with a median and spread: `data-measure`, row label, summary, number format. */
function summaryRows(r: BenchmarkRecord): [string, string, Summary, (v: number) => string][] {
  const s = r.summary;
  return [
    ['prefill', 'Prefill (tok/s)', s.prefillTokPerSec, n1],
    ['decode', 'Decode (tok/s)', s.decodeTokPerSec, n1],
    ['ttft', 'Time to first token (ms)', s.ttftMs, n0],
    ['total', 'Whole run (ms)', s.totalMs, n0],
  ];
}

export function ResultTable({ r }: { r: BenchmarkRecord }) {
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
        {summaryRows(r).map(([measure, label, s, f]) => (
          <tr key={measure} data-measure={measure}>
            <th scope="row">{label}</th>
            <SummaryCells s={s} f={f} />
          </tr>
        ))}
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

export function Compare({ records }: { records: BenchmarkRecord[] }) {
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
                {shortDate(r.createdAt)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COMPARE_ROWS.map(([label, f]) => (
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
        series={records.map((r, i) => ({ label: `${i + 1}. ${recordTitle(r)}`, points: curvePoints(r) }))}
      />
    </div>
  );
}
