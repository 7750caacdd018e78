/** The storage panel's state: the stored models, the browser's totals, the last message, and the actions. */
import { useCallback, useEffect, useState } from 'react';
import { openModelStore } from '../../storage/models/index.ts';
import { withModelLock } from '../../storage/models/store.ts';
import type { StoredModelSummary } from '../../storage/models/types.ts';
import { verifyStoredFiles } from '../../storage/models/verify.ts';
import { deleteMessage, deleteQuestion, errorText, persistMessage, verifyMessage, type Totals } from './storage-text.ts';

async function readTotals(): Promise<Totals> {
  const s = navigator.storage;
  const est = s?.estimate ? await s.estimate().catch(() => null) : null;
  const persisted = s?.persisted ? await s.persisted().catch(() => null) : null;
  return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
}

async function deleteModel(m: StoredModelSummary): Promise<string> {
  const store = openModelStore();
  const done = await withModelLock(m.key, async () => (await store.deleteModel(m.key), true), { ifAvailable: true });
  return deleteMessage(m.label, !!done);
}

async function verifyModel(m: StoredModelSummary): Promise<string> {
  const store = openModelStore();
  const manifest = await store.readManifest(m.key);
  if (!manifest) throw new Error('its manifest is missing');
  const result = await withModelLock(m.key, () => verifyStoredFiles(store, manifest, Object.keys(manifest.files), 'full'), { ifAvailable: true });
  return verifyMessage(m.label, result ?? null);
}

export function useStoredModels() {
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
      setMessage(`Could not read the model storage: ${errorText(e)}`);
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);

  /** Runs an action on one model: buttons off meanwhile, its message (or failure) shown, the list read again. */
  const act = async (m: StoredModelSummary, action: (m: StoredModelSummary) => Promise<string>, failed: string) => {
    setBusy(m.key);
    try {
      setMessage(await action(m));
    } catch (e) {
      setMessage(`${failed} ${m.label}: ${errorText(e)}`);
    } finally {
      setBusy(null);
      await refresh();
    }
  };
  const remove = async (m: StoredModelSummary) => {
    if (window.confirm(deleteQuestion(m))) await act(m, deleteModel, 'Could not delete');
  };
  const verify = async (m: StoredModelSummary) => {
    setMessage(`Checking ${m.label}…`);
    await act(m, verifyModel, 'Could not check');
  };
  const persist = async () => {
    const ok = await navigator.storage?.persist?.().catch(() => false);
    setMessage(persistMessage(!!ok));
    await refresh();
  };
  return { models, totals, message, busy, refresh, remove, verify, persist };
}
