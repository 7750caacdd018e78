/**
 * The model panel's remote-server form: what it holds, where it starts (the saved settings), and the
 * check before the server is used. Pure; the hook is `useRemote`.
 */
import { hostOf, normalizeBaseUrl, REMOTE_PRESETS, type RemoteConfig } from '../../remote/index.ts';
import type { AppSettings, RemoteThinkStart } from '../../storage/chats/types.ts';

export interface RemoteForm {
  baseUrl: string;
  apiKey: string;
  model: string;
  thinkStart: RemoteThinkStart;
}

export function formFromSettings(s: AppSettings): RemoteForm {
  return { baseUrl: s.remoteBaseUrl, apiKey: s.remoteApiKey, model: s.remoteModel, thinkStart: s.remoteThinkStart };
}

export function settingsFromForm(f: RemoteForm): Pick<AppSettings, 'remoteBaseUrl' | 'remoteApiKey' | 'remoteModel' | 'remoteThinkStart'> {
  return { remoteBaseUrl: f.baseUrl.trim(), remoteApiKey: f.apiKey.trim(), remoteModel: f.model.trim(), remoteThinkStart: f.thinkStart };
}

/** A preset's address and model; the key typed so far stays. */
export function applyPreset(f: RemoteForm, presetId: string): RemoteForm {
  const p = REMOTE_PRESETS.find((x) => x.id === presetId);
  return p ? { ...f, baseUrl: p.baseURL, model: p.model || f.model } : f;
}

/** What is missing: the English sentence and its UI catalogue key (`remote.*`). */
export interface FormProblem {
  message: string;
  key: string;
}

export type FormResult = { ok: true; config: RemoteConfig; host: string } | { ok: false; error: string; problem: FormProblem };

function missing(key: string, message: string): FormResult {
  return { ok: false, error: message, problem: { message, key: `remote.${key}` } };
}

/** The form → a server configuration, or the sentence saying what is missing. */
export function configOf(f: RemoteForm, needModel = true): FormResult {
  const baseURL = normalizeBaseUrl(f.baseUrl);
  if (f.baseUrl.trim() === '') return missing('typeAddress', 'Type the server address, for example http://localhost:8000/v1.');
  if (!baseURL) return missing('badAddress', 'The server address must be an http(s) URL, for example http://localhost:8000/v1.');
  if (needModel && f.model.trim() === '') return missing('chooseModel', 'Choose or type the model id the server knows.');
  const config: RemoteConfig = { baseURL, apiKey: f.apiKey.trim(), model: f.model.trim() };
  if (f.thinkStart !== 'auto') config.startInReasoning = f.thinkStart === 'reasoning';
  return { ok: true, config, host: hostOf(baseURL) };
}
