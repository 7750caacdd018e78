/** Benchmark result tables: one result (median and spread per measure), several side by side. */
import type { BenchmarkRecord } from '../../diagnostics/benchmark.ts';
import type { Summary } from '../../diagnostics/stats.ts';
import { COMPARE_ROWS, curvePoints, n0, n1, recordTitle, shortDate } from './bench-format.ts';
import { DecodeChart } from './DecodeChart.tsx';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';

function SummaryCells({ s, show }: { s: Summary; show: (v: number) => string }) {
  return (
    <>
      <td className="num" data-testid="median">{show(s.median)}</td>
      <td className="num">{s.n > 1 ? `${show(s.q1)}–${show(s.q3)}` : '–'}</td>
      <td className="num">{s.n > 1 ? `${show(s.min)}–${show(s.max)}` : '–'}</td>
    </>
  );
}

/** The measures with a median and spread: `data-measure`, row label, summary, number format. */
function summaryRows(f: Fmt, r: BenchmarkRecord): [string, string, Summary, (v: number) => string][] {
  const s = r.summary;
  const one = (v: number) => n1(f, v);
  const whole = (v: number) => n0(f, v);
  return [
    ['prefill', f.t('bench.table.prefill'), s.prefillTokPerSec, one],
    ['decode', f.t('bench.table.decode'), s.decodeTokPerSec, one],
    ['ttft', f.t('bench.table.ttft'), s.ttftMs, whole],
    ['total', f.t('bench.table.total'), s.totalMs, whole],
  ];
}

export function ResultTable({ r }: { r: BenchmarkRecord }) {
  const f = useFmt();
  return (
    <table className="hw-table" aria-label={f.t('bench.table.label')}>
      <thead>
        <tr>
          <th scope="col">{f.t('bench.table.measure')}</th>
          <th scope="col" className="num">{f.t('bench.table.median')}</th>
          <th scope="col" className="num">{f.t('bench.table.iqr')}</th>
          <th scope="col" className="num">{f.t('bench.table.minMax')}</th>
        </tr>
      </thead>
      <tbody>
        {summaryRows(f, r).map(([measure, label, s, show]) => (
          <tr key={measure} data-measure={measure}>
            <th scope="row">{label}</th>
            <SummaryCells s={s} show={show} />
          </tr>
        ))}
        <tr data-measure="load">
          <th scope="row">{f.t('bench.table.load')}</th>
          <td className="num" colSpan={3}>
            {n0(f, r.subject.loadMs)} / {n0(f, r.subject.warmupMs)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function Compare({ records }: { records: BenchmarkRecord[] }) {
  const f = useFmt();
  return (
    <div className="hw-compare">
      <table className="hw-table" aria-label={f.t('bench.comparison')}>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{f.t('bench.table.measure')}</span>
            </th>
            {records.map((r) => (
              <th scope="col" key={r.id}>
                {shortDate(f, r.createdAt)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COMPARE_ROWS.map(([label, cell]) => (
            <tr key={label}>
              <th scope="row">{f.t(label)}</th>
              {records.map((r) => (
                <td key={r.id}>{cell(f, r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <DecodeChart
        title={f.t('bench.chartCompare')}
        series={records.map((r, i) => ({ label: `${i + 1}. ${recordTitle(f, r)}`, points: curvePoints(r) }))}
      />
    </div>
  );
}
