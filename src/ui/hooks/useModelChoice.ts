/**
 * The model picker's choice (from the saved settings, the last model and the URL, then what the user picks),
 * Load, and the return visit: the last model loads by itself when the setting is on and its files are all
 * stored (asked of the model store's plan, so nothing is ever downloaded by itself).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { loadLastModel, saveLastModel } from '../../storage/chats/last-model.ts';
import type { AppSettings, LastModel } from '../../storage/chats/types.ts';
import { chatDb } from '../db.ts';
import { settingsFromChoice, sourceForChoice, type ChoiceProblem, type ModelChoice } from '../model/choice.ts';
import { fullyStored, lastModelFromChoice, startingPoint } from '../model/revisit.ts';
import type { useEngine } from './useEngine.ts';

/** `checking`: asking the store whether the last model is complete; `loading`: it is loading by itself. */
export type AutoLoad = 'off' | 'checking' | 'loading';

type Engine = ReturnType<typeof useEngine>;

/** The stored last model; `undefined` until IndexedDB answered. */
function useLastModel(): [LastModel | null | undefined, (c: ModelChoice) => void] {
  const [last, setLast] = useState<LastModel | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    loadLastModel(chatDb())
      .catch((e: unknown) => {
        console.warn('last model: could not read IndexedDB', e);
        return null;
      })
      .then((l) => alive && setLast(l));
    return () => {
      alive = false;
    };
  }, []);
  const remember = useCallback((c: ModelChoice) => {
    const l = lastModelFromChoice(c);
    if (l) saveLastModel(chatDb(), l).catch((e: unknown) => console.warn('last model: not saved', e));
  }, []);
  return [last, remember];
}

export function useModelChoice(settings: AppSettings, loaded: boolean, update: (patch: Partial<AppSettings>) => void, engine: Engine) {
  const { load, engine: client } = engine;
  const [choice, setChoice] = useState<ModelChoice | null>(null);
  const [choiceError, setChoiceError] = useState<ChoiceProblem | null>(null);
  const [autoLoad, setAutoLoad] = useState<AutoLoad>('off');
  const [last, remember] = useLastModel();
  const started = useRef(false);
  /** The user pressed Load while the last model was being checked: theirs wins. */
  const overridden = useRef(false);

  const loadChoice = useCallback(
    async (c: ModelChoice) => {
      const r = sourceForChoice(c);
      if (!r.ok) {
        setChoiceError(r.error);
        return;
      }
      setChoiceError(null);
      const info = await load(r.source, c.device, c.dtype, r.label);
      if (info) remember(c);
    },
    [load, remember],
  );

  // The picker starts from the last model (or the saved settings), overridden by URL parameters; a stored
  // last model then loads by itself.
  useEffect(() => {
    if (!loaded || last === undefined || started.current) return;
    started.current = true;
    const start = startingPoint(settings, last, window.location.search);
    setChoice(start.choice);
    const r = sourceForChoice(start.choice);
    if (!start.autoLoad || !r.ok) return;
    setAutoLoad('checking');
    client
      .plan(r.source, start.choice.device, start.choice.dtype)
      .then(async (plan) => {
        if (overridden.current) return;
        if (!fullyStored(plan)) return setAutoLoad('off');
        setAutoLoad('loading');
        await loadChoice(start.choice);
      })
      .catch((e: unknown) => {
        // Not stored and the host out of reach (offline): the picker, as on a first visit.
        console.warn('last model: not loaded by itself', e);
        setAutoLoad('off');
      });
  }, [loaded, last, settings, client, loadChoice]);

  const onLoad = useCallback(async () => {
    if (!choice) return;
    overridden.current = true;
    setAutoLoad('off');
    if (sourceForChoice(choice).ok) update(settingsFromChoice(choice));
    await loadChoice(choice);
  }, [choice, loadChoice, update]);

  const pick = useCallback((c: ModelChoice) => {
    setChoice(c);
    setChoiceError(null);
  }, []);

  return { choice, setChoice, choiceError, pick, onLoad, autoLoad };
}
