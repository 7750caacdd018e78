/** Saved benchmark results: tick to compare side by side, export as JSON, delete. */
import { useCallback, useEffect, useState } from 'react';
import { exportJson, type BenchmarkRecord } from '../../diagnostics/benchmark.ts';
import { n0, n1, recordTitle } from './bench-format.ts';
import { Compare } from './bench-tables.tsx';
import { downloadJson } from './download.ts';
import { deleteResult, listResults } from './results-db.ts';
import { useFmt } from '../i18n/react.ts';

/** The saved results, and a way to read them again after a change. */
export function useSavedResults(onError: (message: string) => void): { saved: BenchmarkRecord[]; refresh: () => void } {
  const f = useFmt();
  const [saved, setSaved] = useState<BenchmarkRecord[]>([]);
  const refresh = useCallback(() => {
    listResults()
      .then(setSaved)
      .catch((e: unknown) => onError(f.t('bench.readFailed', { error: e instanceof Error ? e.message : String(e) })));
  }, [onError, f]);
  useEffect(refresh, [refresh]);
  return { saved, refresh };
}

function SavedRow({ r, checked, onTick, onDelete }: { r: BenchmarkRecord; checked: boolean; onTick: (on: boolean) => void; onDelete: () => void }) {
  const f = useFmt();
  return (
    <tr>
      <td>
        <input type="checkbox" aria-label={f.t('bench.compareOne', { title: recordTitle(f, r) })} checked={checked} onChange={(e) => onTick(e.target.checked)} />
      </td>
      <td>{recordTitle(f, r)}</td>
      <td className="num">{n1(f, r.summary.decodeTokPerSec.median)}</td>
      <td className="num">{n1(f, r.summary.prefillTokPerSec.median)}</td>
      <td className="num">{n0(f, r.summary.ttftMs.median)}</td>
      <td>
        <button type="button" className="link" onClick={onDelete}>
          {f.t('common.delete')}
        </button>
      </td>
    </tr>
  );
}

export function SavedResults({ saved, refresh }: { saved: BenchmarkRecord[]; refresh: () => void }) {
  const f = useFmt();
  const [selected, setSelected] = useState<string[]>([]);
  const chosen = saved.filter((r) => selected.includes(r.id));
  const remove = (id: string) =>
    void deleteResult(id).then(() => {
      setSelected((s) => s.filter((x) => x !== id));
      refresh();
    });
  if (saved.length === 0) return <p className="muted">{f.t('bench.noneSaved')}</p>;
  return (
    <>
      <table className="hw-table" aria-label={f.t('bench.savedResults')}>
        <thead>
          <tr>
            <th scope="col">{f.t('bench.saved.compare')}</th>
            <th scope="col">{f.t('bench.saved.run')}</th>
            <th scope="col" className="num">{f.t('bench.saved.decode')}</th>
            <th scope="col" className="num">{f.t('bench.saved.prefill')}</th>
            <th scope="col" className="num">{f.t('bench.saved.ttft')}</th>
            <th scope="col">
              <span className="visually-hidden">{f.t('storage.actions')}</span>
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
          {chosen.length ? f.t('bench.exportSelected', { count: chosen.length }) : f.t('bench.exportAll')}
        </button>
      </div>
      {chosen.length >= 2 ? <Compare records={chosen} /> : <p className="muted">{f.t('bench.tickTwo')}</p>}
    </>
  );
}
