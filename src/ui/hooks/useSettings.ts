import { useCallback, useEffect, useRef, useState } from 'react';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../../storage/chats/settings.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import { chatDb } from '../db.ts';

/** Persisted settings. `loaded` is false until IndexedDB answered (defaults meanwhile). */
export function useSettings(): {
  settings: AppSettings;
  loaded: boolean;
  update: (patch: Partial<AppSettings>) => void;
  reset: () => void;
} {
  const [settings, setSettings] = useState<AppSettings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const latest = useRef(settings);

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
    void saveSettings(chatDb(), next).catch((e: unknown) => console.warn('settings: not saved', e));
  }, []);

  const reset = useCallback(() => update(DEFAULT_SETTINGS), [update]);

  return { settings, loaded, update, reset };
}
