/**
 * "A new version is available" — offered, never forced. While an answer is being generated (or a model is
 * loading) the Reload button waits; the prompt stays until the user chooses. Also says once when the app
 * has become available offline.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { EngineClient } from '../../worker/client.ts';
import { useFmt } from '../i18n/react.ts';
import './pwa.css';
import { dismissUpdate, getPwaState, startServiceWorker, subscribePwa, updateNow } from './register.ts';

/** True while the engine is generating or loading (from its own messages). */
function useEngineBusy(engine: EngineClient): boolean {
  const [busy, setBusy] = useState(false);
  useEffect(
    () =>
      engine.subscribe((m) => {
        if (m.type === 'generation-start' || m.type === 'load-phase') setBusy(m.type === 'generation-start' || m.phase !== 'ready');
        else if (m.type === 'generation-end' || m.type === 'error' || m.type === 'loaded' || m.type === 'unloaded') setBusy(false);
      }),
    [engine],
  );
  return busy;
}

export function UpdatePrompt({ engine }: { engine: EngineClient }) {
  const f = useFmt();
  useEffect(() => startServiceWorker(), []);
  const pwa = useSyncExternalStore(subscribePwa, getPwaState);
  const busy = useEngineBusy(engine);
  const [offlineSeen, setOfflineSeen] = useState(false);
  const [updating, setUpdating] = useState(false);
  // The "works offline now" note is information, not a question: it goes away by itself.
  useEffect(() => {
    if (!pwa.offlineReady || offlineSeen) return;
    const t = setTimeout(() => setOfflineSeen(true), 10_000);
    return () => clearTimeout(t);
  }, [pwa.offlineReady, offlineSeen]);

  if (pwa.needRefresh) {
    return (
      <div className="pwa-toast" role="status" aria-live="polite" data-testid="update-prompt">
        <span>{f.t('pwa.newVersion')}</span>
        {busy && <span className="muted small">{f.t('pwa.afterAnswer')}</span>}
        <button
          type="button"
          disabled={busy || updating}
          onClick={() => {
            setUpdating(true);
            void updateNow();
          }}
        >
          {f.t('pwa.reload')}
        </button>
        <button type="button" className="secondary" onClick={dismissUpdate}>
          {f.t('pwa.later')}
        </button>
      </div>
    );
  }
  if (pwa.offlineReady && !offlineSeen) {
    return (
      <div className="pwa-toast pwa-toast--note" role="status" aria-live="polite" data-testid="offline-ready">
        <span>{f.t('pwa.offlineReady')}</span>
        <button type="button" className="secondary" onClick={() => setOfflineSeen(true)}>
          {f.t('common.ok')}
        </button>
      </div>
    );
  }
  return null;
}
