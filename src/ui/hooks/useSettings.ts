import { useCallback, useEffect, useRef, useState } from 'react';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../../storage/chats/settings.ts';
import { errorText } from '../../core/index.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import { chatDb } from '../db.ts';

/**
 * Where the last change stands: 'saving' until IndexedDB committed every write made so far, then 'saved';
 * 'error' (with the reason) when a write failed, so the user knows a reload would lose the change.
 */
export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

/** Persisted settings. `loaded` is false until IndexedDB answered (defaults meanwhile). */
export function useSettings(): {
  settings: AppSettings;
  loaded: boolean;
  saveState: SaveState;
  update: (patch: Partial<AppSettings>) => void;
  reset: () => void;
} {
  const [settings, setSettings] = useState<AppSettings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const latest = useRef(settings);
  const pending = useRef(0);

  useEffect(() => {
    let alive = true;
    loadSettings(chatDb())
      .then((s) => {
        if (!alive) return;
        latest.current = s;
        setSettings(s);
      })
      .catch((e: unknown) => console.warn('settings: could not read IndexedDB, using defaults', e))
      .finally(() => alive && setLoaded(true));
    return () => {
      alive = false;
    };
  }, []);

  const update = useCallback((patch: Partial<AppSettings>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    setSettings(next);
    pending.current++;
    setSaveState({ kind: 'saving' });
    // Writes commit in order and each holds every setting: once the last one is in, what is stored is what is shown.
    saveSettings(chatDb(), next).then(
      () => {
        if (--pending.current === 0) setSaveState({ kind: 'saved' });
      },
      (e: unknown) => {
        pending.current--;
        console.warn('settings: not saved', e);
        // Dexie appends the inner error on further lines: the first line says it.
        setSaveState({ kind: 'error', message: errorText(e).split('\n')[0]! });
      },
    );
  }, []);

  const reset = useCallback(() => update(DEFAULT_SETTINGS), [update]);

  return { settings, loaded, saveState, update, reset };
}
