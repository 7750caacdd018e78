/**
 * The storage panel: every model stored in this browser (fully or partly downloaded, per dtype), its size on
 * disk, Verify (re-hash against the recorded sha256) and Delete; the browser's total usage and free space;
 * whether storage is persistent, with a button to ask for it.
 */
import { formatBytes } from '../../core/units.ts';
import type { StoredModelSummary } from '../../storage/models/types.ts';
import { availableBytes, bytesOrUnknown, persistedText, sourceText, variantText, type Totals } from './storage-text.ts';
import { useStoredModels } from './useStoredModels.ts';
import './storage.css';

function TotalsView({ totals, onPersist }: { totals: Totals; onPersist: () => void }) {
  return (
    <div className="totals">
      <span>Used by this site</span>
      <span data-testid="storage-used">{bytesOrUnknown(totals.usage)}</span>
      <span>Still available</span>
      <span data-testid="storage-available">{bytesOrUnknown(availableBytes(totals))}</span>
      <span>Persistent</span>
      <span data-testid="storage-persisted">
        {persistedText(totals.persisted)}
        {totals.persisted === false && (
          <>
            {' '}
            <button type="button" className="secondary" onClick={onPersist}>
              Ask to keep them
            </button>
          </>
        )}
      </span>
    </div>
  );
}

interface RowActions {
  busy: boolean;
  onVerify: (m: StoredModelSummary) => void;
  onDelete: (m: StoredModelSummary) => void;
}

function ModelRow({ m, busy, onVerify, onDelete }: { m: StoredModelSummary } & RowActions) {
  return (
    <tr data-testid="stored-model" data-model={m.label}>
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
            {variantText(v)}
          </span>
        ))}
      </td>
      <td className="num">{formatBytes(m.bytesOnDisk)}</td>
      <td>
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => onVerify(m)}>
            Verify
          </button>
          <button type="button" disabled={busy} onClick={() => onDelete(m)}>
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}

function ModelsTable({ models, ...actions }: { models: StoredModelSummary[] } & RowActions) {
  return (
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
          <ModelRow key={m.key} m={m} {...actions} />
        ))}
      </tbody>
    </table>
  );
}

export function StoragePanel() {
  const { models, totals, message, busy, refresh, remove, verify, persist } = useStoredModels();
  return (
    <section className="storage-panel" aria-labelledby="storage-title" data-testid="storage-panel">
      <h2 id="storage-title">Storage</h2>
      <p className="muted">
        Models are stored in this browser (Origin Private File System), so they load again without a network. Nothing
        here leaves your device.
      </p>
      <TotalsView totals={totals} onPersist={() => void persist()} />
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
        <ModelsTable models={models} busy={busy !== null} onVerify={(m) => void verify(m)} onDelete={(m) => void remove(m)} />
      )}
      <p>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Refresh
        </button>
      </p>
    </section>
  );
}
