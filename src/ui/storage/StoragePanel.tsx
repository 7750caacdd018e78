/**
 * The storage panel: every model stored in this browser (fully or partly downloaded, per dtype), its size on
 * disk, Verify (re-hash against the recorded sha256) and Delete; the browser's total usage and free space;
 * whether storage is persistent, with a button to ask for it.
 */
import type { StoredModelSummary } from '../../storage/models/types.ts';
import { bytes } from '../format.ts';
import { useFmt } from '../i18n/react.ts';
import { availableBytes, bytesOrUnknown, ofTotal, persistedText, sourceText, variantText, type Totals } from './storage-text.ts';
import { useStoredModels } from './useStoredModels.ts';
import './storage.css';

function TotalsView({ totals, onPersist }: { totals: Totals; onPersist: () => void }) {
  const f = useFmt();
  return (
    <div className="totals">
      <span>{f.t('storage.used')}</span>
      <span data-testid="storage-used">{bytesOrUnknown(f, totals.usage)}</span>
      <span>{f.t('storage.available')}</span>
      <span data-testid="storage-available">{bytesOrUnknown(f, availableBytes(totals))}</span>
      <span>{f.t('storage.persistent')}</span>
      <span data-testid="storage-persisted">
        {persistedText(f, totals.persisted)}
        {totals.persisted === false && (
          <>
            {' '}
            <button type="button" className="secondary" onClick={onPersist}>
              {f.t('storage.askKeep')}
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
  const f = useFmt();
  return (
    <tr data-testid="stored-model" data-model={m.label}>
      <td>
        <strong>{m.label}</strong>
        <div className="muted small">{sourceText(f, m)}</div>
      </td>
      <td>
        {m.variants.map((v) => (
          <span
            key={v.dtype}
            className={`badge ${v.complete ? 'badge--complete' : 'badge--partial'}`}
            data-complete={v.complete}
            title={ofTotal(f, v.storedBytes, v.totalBytes)}
          >
            {variantText(f, v)}
          </span>
        ))}
      </td>
      <td className="num">{bytes(f, m.bytesOnDisk)}</td>
      <td>
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => onVerify(m)}>
            {f.t('storage.verify')}
          </button>
          <button type="button" disabled={busy} onClick={() => onDelete(m)}>
            {f.t('common.delete')}
          </button>
        </div>
      </td>
    </tr>
  );
}

function ModelsTable({ models, ...actions }: { models: StoredModelSummary[] } & RowActions) {
  const f = useFmt();
  return (
    <table>
      <caption className="visually-hidden">{f.t('storage.storedModels')}</caption>
      <thead>
        <tr>
          <th scope="col">{f.t('storage.model')}</th>
          <th scope="col">{f.t('storage.variants')}</th>
          <th scope="col" className="num">
            {f.t('storage.onDisk')}
          </th>
          <th scope="col">{f.t('storage.actions')}</th>
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
  const f = useFmt();
  const { models, totals, message, busy, refresh, remove, verify, persist } = useStoredModels();
  return (
    <section className="storage-panel" aria-labelledby="storage-title" data-testid="storage-panel">
      <h2 id="storage-title">{f.t('storage.title')}</h2>
      <p className="muted">{f.t('storage.intro')}</p>
      <TotalsView totals={totals} onPersist={() => void persist()} />
      {message && (
        <p role="status" data-testid="storage-message">
          {message}
        </p>
      )}
      {models === null ? (
        <p className="muted">{f.t('storage.reading')}</p>
      ) : models.length === 0 ? (
        <p className="muted" data-testid="storage-empty">
          {f.t('storage.empty')}
        </p>
      ) : (
        <ModelsTable models={models} busy={busy !== null} onVerify={(m) => void verify(m)} onDelete={(m) => void remove(m)} />
      )}
      <p>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          {f.t('storage.refresh')}
        </button>
      </p>
    </section>
  );
}
