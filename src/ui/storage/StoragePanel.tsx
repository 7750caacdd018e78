/**
 * The storage panel: every model stored in this browser (fully or partly downloaded, per dtype), its size on
 * disk, Verify (re-hash against the recorded sha256) and Delete; the browser's total usage and free space;
 * whether storage is persistent, with a button to ask for it.
 */
import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../../core/units.ts';
import { openModelStore } from '../../storage/models/index.ts';
import { withModelLock } from '../../storage/models/store.ts';
import type { StoredModelSummary } from '../../storage/models/types.ts';
import { verifyStoredFiles } from '../../storage/models/verify.ts';
import './storage.css';

interface Totals {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

async function readTotals(): Promise<Totals> {
  const s = navigator.storage;
  const est = s?.estimate ? await s.estimate().catch(() => null) : null;
  const persisted = s?.persisted ? await s.persisted().catch(() => null) : null;
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
}

function sourceText(m: StoredModelSummary): string {
  if (m.source.kind === 'same-origin') return 'served by this site';
  return m.source.host ? `from ${m.source.host}` : 'from huggingface.co';
}

export function StoragePanel() {
  const [models, setModels] = useState<StoredModelSummary[] | null>(null);
  const [totals, setTotals] = useState<Totals>({ usage: null, quota: null, persisted: null });
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const store = openModelStore();
      const [list, t] = await Promise.all([store.list(), readTotals()]);
      setModels(list);
      setTotals(t);
    } catch (e) {
      setModels([]);
      setMessage(`Could not read the model storage: ${e instanceof Error ? e.message : String(e)}`);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const remove = async (m: StoredModelSummary) => {
    if (!window.confirm(`Delete ${m.label} (${formatBytes(m.bytesOnDisk)}) from this browser? It will be downloaded again the next time you load it.`)) return;
    setBusy(m.key);
    try {
      const store = openModelStore();
      const done = await withModelLock(m.key, async () => (await store.deleteModel(m.key), true), { ifAvailable: true });
      setMessage(done ? `Deleted ${m.label}.` : `${m.label} is being downloaded right now: pause or cancel the download first.`);
    } catch (e) {
      setMessage(`Could not delete ${m.label}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
      await refresh();
    }
  };

  const verify = async (m: StoredModelSummary) => {
    setBusy(m.key);
    setMessage(`Checking ${m.label}…`);
    try {
      const store = openModelStore();
      const manifest = await store.readManifest(m.key);
      if (!manifest) throw new Error('its manifest is missing');
      const result = await withModelLock(m.key, () => verifyStoredFiles(store, manifest, Object.keys(manifest.files), 'full'), { ifAvailable: true });
      if (!result) setMessage(`${m.label} is being downloaded right now; check it when the download has finished.`);
      else if (result.damaged.length === 0) setMessage(`${m.label}: all ${result.checked.length} stored files are intact.`);
      else
        setMessage(
          `${m.label}: ${result.damaged.map((d) => d.file).join(', ')} ${result.damaged.length === 1 ? 'was' : 'were'} damaged and removed; ` +
            'they will be downloaded again the next time you load the model.',
        );
    } catch (e) {
      setMessage(`Could not check ${m.label}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
      await refresh();
    }
  };

  const persist = async () => {
    const ok = await navigator.storage?.persist?.().catch(() => false);
    setMessage(ok ? 'The browser will keep the stored models even when disk space runs low.' : 'The browser declined to make storage persistent (it decides this itself; installing the app or bookmarking it can help).');
    await refresh();
  };

  const available = totals.quota !== null && totals.usage !== null ? Math.max(0, totals.quota - totals.usage) : null;

  return (
    <section className="storage-panel" aria-labelledby="storage-title" data-testid="storage-panel">
      <h2 id="storage-title">Storage</h2>
      <p className="muted">
        Models are stored in this browser (Origin Private File System), so they load again without a network. Nothing
        here leaves your device.
      </p>
      <div className="totals">
        <span>Used by this site</span>
        <span data-testid="storage-used">{totals.usage !== null ? formatBytes(totals.usage) : 'unknown'}</span>
        <span>Still available</span>
        <span data-testid="storage-available">{available !== null ? formatBytes(available) : 'unknown'}</span>
        <span>Persistent</span>
        <span data-testid="storage-persisted">
          {totals.persisted === null ? 'unknown' : totals.persisted ? 'yes: the browser will not evict the models on its own' : 'no: the browser may evict the models when space runs low'}
          {totals.persisted === false && (
            <>
              {' '}
              <button type="button" className="secondary" onClick={() => void persist()}>
                Ask to keep them
              </button>
            </>
          )}
        </span>
      </div>
      {message && (
        <p role="status" data-testid="storage-message">
          {message}
        </p>
      )}
      {models === null ? (
        <p className="muted">Reading storage…</p>
      ) : models.length === 0 ? (
        <p className="muted" data-testid="storage-empty">
          No model is stored yet. Loading one stores it here.
        </p>
      ) : (
        <table>
          <caption className="visually-hidden">Stored models</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Variants</th>
              <th scope="col" className="num">
                On disk
              </th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.key} data-testid="stored-model" data-model={m.label}>
                <td>
                  <strong>{m.label}</strong>
                  <div className="muted small">{sourceText(m)}</div>
                </td>
                <td>
                  {m.variants.map((v) => (
                    <span
                      key={v.dtype}
                      className={`badge ${v.complete ? 'badge--complete' : 'badge--partial'}`}
                      data-complete={v.complete}
                      title={`${formatBytes(v.storedBytes)} of ${formatBytes(v.totalBytes)}`}
                    >
                      {v.dtype}: {v.complete ? 'fully stored' : `partial, ${formatBytes(v.storedBytes)} of ${formatBytes(v.totalBytes)}`}
                    </span>
                  ))}
                </td>
                <td className="num">{formatBytes(m.bytesOnDisk)}</td>
                <td>
                  <div className="actions">
                    <button type="button" disabled={busy !== null} onClick={() => void verify(m)}>
                      Verify
                    </button>
                    <button type="button" disabled={busy !== null} onClick={() => void remove(m)}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Refresh
        </button>
      </p>
    </section>
  );
}
