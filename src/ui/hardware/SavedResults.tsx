/** Saved benchmark results: tick to compare side by side, export as JSON, delete. */
import { useCallback, useEffect, useState } from 'react';
import { exportJson, type BenchmarkRecord } from '../../diagnostics/benchmark.ts';
import { n0, n1, recordTitle } from './bench-format.ts';
import { Compare } from './bench-tables.tsx';
import { downloadJson } from './download.ts';
import { deleteResult, listResults } from './results-db.ts';

/** The saved results, and a way to read them again after a change. */
export function useSavedResults(onError: (message: string) => void): { saved: BenchmarkRecord[]; refresh: () => void } {
  const [saved, setSaved] = useState<BenchmarkRecord[]>([]);
  const refresh = useCallback(() => {
    listResults()
      .then(setSaved)
      .catch((e: unknown) => onError(`Could not read saved results: ${e instanceof Error ? e.message : String(e)}`));
  }, [onError]);
  useEffect(refresh, [refresh]);
  return { saved, refresh };
}

function SavedRow({ r, checked, onTick, onDelete }: { r: BenchmarkRecord; checked: boolean; onTick: (on: boolean) => void; onDelete: () => void }) {
  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={`Compare ${recordTitle(r)}`} checked={checked} onChange={(e) => onTick(e.target.checked)} />
      </td>
      <td>{recordTitle(r)}</td>
      <td className="num">{n1(r.summary.decodeTokPerSec.median)}</td>
      <td className="num">{n1(r.summary.prefillTokPerSec.median)}</td>
      <td className="num">{n0(r.summary.ttftMs.median)}</td>
      <td>
        <button type="button" className="link" onClick={onDelete}>
          Delete
        </button>
      </td>
    </tr>
  );
}

export function SavedResults({ saved, refresh }: { saved: BenchmarkRecord[]; refresh: () => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  const chosen = saved.filter((r) => selected.includes(r.id));
  const remove = (id: string) =>
    void deleteResult(id).then(() => {
      setSelected((s) => s.filter((x) => x !== id));
      refresh();
    });
  if (saved.length === 0) return <p className="muted">None yet: run a benchmark and save it to compare later runs with it.</p>;
  return (
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
            <SavedRow
              key={r.id}
              r={r}
              checked={selected.includes(r.id)}
              onTick={(on) => setSelected((s) => (on ? [...s, r.id] : s.filter((x) => x !== r.id)))}
              onDelete={() => remove(r.id)}
            />
          ))}
        </tbody>
      </table>
      <div className="hw-actions">
        <button type="button" onClick={() => downloadJson('local-r1-benchmarks.json', exportJson(chosen.length ? chosen : saved))}>
          {chosen.length ? `Export ${chosen.length} selected as JSON` : 'Export all as JSON'}
        </button>
      </div>
      {chosen.length >= 2 ? <Compare records={chosen} /> : <p className="muted">Tick two or more results to compare them side by side.</p>}
    </>
  );
}
