/**
 * "A new version is available" — offered, never forced. While an answer is being generated (or a model is
 * loading) the Reload button waits; the prompt stays until the user chooses. Also says once when the app
 * has become available offline.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { EngineClient } from '../../worker/client.ts';
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
        <span>A new version of local-r1 is available.</span>
        {busy && <span className="muted small"> It can be applied when the current answer finishes.</span>}
        <button
          type="button"
          disabled={busy || updating}
          onClick={() => {
            setUpdating(true);
            void updateNow();
          }}
        >
          Reload to update
        </button>
        <button type="button" className="secondary" onClick={dismissUpdate}>
          Later
        </button>
      </div>
    );
  }
  if (pwa.offlineReady && !offlineSeen) {
    return (
      <div className="pwa-toast" role="status" aria-live="polite" data-testid="offline-ready">
        <span>local-r1 now opens without a network. Downloaded models stay on this device.</span>
        <button type="button" className="secondary" onClick={() => setOfflineSeen(true)}>
          OK
        </button>
      </div>
    );
  }
  return null;
}
