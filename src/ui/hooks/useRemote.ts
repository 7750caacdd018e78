/**
 * A remote OpenAI-compatible server as the chat's backend: the form, the server's model list, and the
 * server in use. Choosing one replaces the model in the browser for chatting (a model already loaded stays
 * loaded, so going back is instant); the choice is saved, and on the next visit the same server answers.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { asEngineError, type EngineError } from '../../core/index.ts';
import { RemoteChat } from '../../remote/index.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import { configOf, formFromSettings, settingsFromForm, type RemoteForm } from '../model/remote-form.ts';

/** The server answering the chat now (what the chat session takes as its remote backend). */
export interface ActiveRemote {
  completions: RemoteChat;
  /** `host[:port]`: where the conversation goes. */
  host: string;
  model: string;
}

export interface RemoteModels {
  /** The ids `GET /models` listed (null: not asked yet, or the server has no list). */
  ids: string[] | null;
  busy: boolean;
  /** Why the list or the server cannot be used: an English sentence and its catalogue key (`errorSentence`). */
  error: Pick<EngineError, 'message' | 'key' | 'values'> | null;
}

const NO_MODEL_LIST = { message: 'This server does not list its models: type the model id.', key: 'remote.noModelList' };

export function useRemote(settings: AppSettings, loaded: boolean, update: (patch: Partial<AppSettings>) => void) {
  const [form, setForm] = useState<RemoteForm>(() => formFromSettings(settings));
  const [active, setActive] = useState<ActiveRemote | null>(null);
  const [models, setModels] = useState<RemoteModels>({ ids: null, busy: false, error: null });
  const started = useRef(false);

  // The saved choice: the server answers again on the next visit (nothing is sent until a question is).
  useEffect(() => {
    if (!loaded || started.current) return;
    started.current = true;
    const f = formFromSettings(settings);
    setForm(f);
    const r = configOf(f);
    if (settings.modelKind === 'remote' && r.ok) setActive({ completions: new RemoteChat(r.config), host: r.host, model: r.config.model });
  }, [loaded, settings]);

  const listModels = useCallback(async (): Promise<boolean> => {
    const r = configOf(form, false);
    if (!r.ok) {
      setModels({ ids: null, busy: false, error: r.problem });
      return false;
    }
    setModels((m) => ({ ...m, busy: true, error: null }));
    try {
      const ids = await new RemoteChat(r.config).models();
      setModels({ ids, busy: false, error: null });
      if (ids.length > 0 && !ids.includes(form.model.trim())) setForm((f) => (f.model.trim() === '' ? { ...f, model: ids[0]! } : f));
      return true;
    } catch (e) {
      const error = asEngineError(e);
      // A server without the list is still usable with a typed model id.
      const noList = error.code === 'remote-not-found';
      setModels({ ids: null, busy: false, error: noList ? NO_MODEL_LIST : error });
      return noList;
    }
  }, [form]);

  /** Use the form's server for chatting, after checking that it answers. */
  const use = useCallback(async (): Promise<boolean> => {
    const r = configOf(form);
    if (!r.ok) {
      setModels((m) => ({ ...m, error: r.problem }));
      return false;
    }
    if (!(await listModels())) return false;
    setActive({ completions: new RemoteChat(r.config), host: r.host, model: r.config.model });
    update({ modelKind: 'remote', ...settingsFromForm(form) });
    return true;
  }, [form, listModels, update]);

  /** Back to the model in the browser (also on the next visit). */
  const stopUsing = useCallback(() => {
    setActive(null);
    update({ modelKind: 'default' });
  }, [update]);

  return { form, setForm, models, active, listModels, use, stopUsing };
}

export type RemoteController = ReturnType<typeof useRemote>;
