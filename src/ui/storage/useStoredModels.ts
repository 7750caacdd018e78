/** The storage panel's state: the stored models, the browser's totals, the last message, and the actions. */
import { useCallback, useEffect, useState } from 'react';
import { openModelStore } from '../../storage/models/index.ts';
import { withModelLock } from '../../storage/models/store.ts';
import type { StoredModelSummary } from '../../storage/models/types.ts';
import { verifyStoredFiles } from '../../storage/models/verify.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { deleteMessage, deleteQuestion, errorText, persistMessage, verifyMessage, type Totals } from './storage-text.ts';

async function readTotals(): Promise<Totals> {
  const s = navigator.storage;
  const est = s?.estimate ? await s.estimate().catch(() => null) : null;
  const persisted = s?.persisted ? await s.persisted().catch(() => null) : null;
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
}

async function deleteModel(f: Fmt, m: StoredModelSummary): Promise<string> {
  const store = openModelStore();
  const done = await withModelLock(m.key, async () => (await store.deleteModel(m.key), true), { ifAvailable: true });
  return deleteMessage(f, m.label, !!done);
}

async function verifyModel(f: Fmt, m: StoredModelSummary): Promise<string> {
  const store = openModelStore();
  const manifest = await store.readManifest(m.key);
  if (!manifest) throw new Error(f.t('storage.manifestMissing'));
  const result = await withModelLock(m.key, () => verifyStoredFiles(store, manifest, Object.keys(manifest.files), 'full'), { ifAvailable: true });
  return verifyMessage(f, m.label, result ?? null);
}

export function useStoredModels() {
  const f = useFmt();
  const [models, setModels] = useState<StoredModelSummary[] | null>(null);
  const [totals, setTotals] = useState<Totals>({ usage: null, quota: null, persisted: null });
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [list, t] = await Promise.all([openModelStore().list(), readTotals()]);
      setModels(list);
      setTotals(t);
    } catch (e) {
      setModels([]);
      setMessage(f.t('storage.readFailed', { error: errorText(e) }));
    }
  }, [f]);
  useEffect(() => void refresh(), [refresh]);

  /** Runs an action on one model: buttons off meanwhile, its message (or failure) shown, the list read again. */
  const act = async (
    m: StoredModelSummary,
    action: (f: Fmt, m: StoredModelSummary) => Promise<string>,
    failed: 'storage.deleteFailed' | 'storage.checkFailed',
  ) => {
    setBusy(m.key);
    try {
      setMessage(await action(f, m));
    } catch (e) {
      setMessage(f.t(failed, { label: m.label, error: errorText(e) }));
    } finally {
      setBusy(null);
      await refresh();
    }
  };
  const remove = async (m: StoredModelSummary) => {
    if (window.confirm(deleteQuestion(f, m))) await act(m, deleteModel, 'storage.deleteFailed');
  };
  const verify = async (m: StoredModelSummary) => {
    setMessage(f.t('storage.checking', { label: m.label }));
    await act(m, verifyModel, 'storage.checkFailed');
  };
  const persist = async () => {
    const ok = await navigator.storage?.persist?.().catch(() => false);
    setMessage(persistMessage(f, !!ok));
    await refresh();
  };
  return { models, totals, message, busy, refresh, remove, verify, persist };
}
