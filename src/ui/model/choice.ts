/**
 * The model picker's choice ⇄ the engine's `ModelSource`, and the URL parameters that
 * preselect it (`?model=`, `?hub=`, `?device=`, `?dtype=`; the engine reads the same ones).
 */
import type { DevicePreference, DtypePreference, ModelSource } from '../../core/index.ts';
import {
  DEFAULT_HUB_REPO,
  DEMO_MODEL_ID,
  modelIdError,
  normalizeHost,
  readEngineUrlParams,
  sourceFromModelId,
} from '../../core/url-params.ts';
import type { AppSettings, ModelChoiceKind } from '../../storage/chats/types.ts';
import type { Fmt, Key, Values } from '../i18n/types.ts';

export { DEFAULT_HUB_REPO, DEMO_MODEL_ID };

export interface ModelChoice {
  kind: ModelChoiceKind;
  /** Hub repo (or `local:<id>` / `hub:<repo>`) for `custom`. */
  customRepo: string;
  /** Files picked for `local`. */
  files: File[];
  device: DevicePreference;
  dtype: DtypePreference;
  /** '' = the default hub host. */
  hubHost: string;
}

/** Why a choice cannot load: English, with the catalogue key the UI shows it by (`errorSentence`). */
export interface ChoiceProblem {
  message: string;
  key?: Key;
  values?: Values;
}

/** `label` names the model in English (it is stored with answers and exported); `modelLabelText` shows it. */
export type SourceResult = { ok: true; source: ModelSource; label: string } | { ok: false; error: ChoiceProblem };

const DEMO_LABEL = 'Demo model (synthetic)';
const LOCAL_SUFFIX = ' (local folder)';

/** A model's label as the UI shows it: the demo's and a folder's words in the user's language. */
export function modelLabelText(f: Fmt, label: string): string {
  if (label === DEMO_LABEL) return f.t('model.demoLabel');
  if (label.endsWith(LOCAL_SUFFIX)) return f.t('model.localLabel', { folder: label.slice(0, -LOCAL_SUFFIX.length) });
  return label;
}

const problem = (key: Key, message: string): { ok: false; error: ChoiceProblem } => ({ ok: false, error: { message, key } });

export function sourceForChoice(c: ModelChoice): SourceResult {
  const host = c.hubHost.trim() === '' ? undefined : normalizeHost(c.hubHost.trim());
  if (c.hubHost.trim() !== '' && !host) return problem('choiceErrors.badHost', 'The model host must be an http(s) URL.');
  switch (c.kind) {
    case 'default':
      return { ok: true, source: sourceFromModelId(DEFAULT_HUB_REPO, host), label: DEFAULT_HUB_REPO };
    case 'demo':
      return { ok: true, source: { kind: 'same-origin', id: DEMO_MODEL_ID }, label: DEMO_LABEL };
    case 'custom': {
      const id = c.customRepo.trim();
      const bare = id.replace(/^(hub:|local:)/, '');
      if (id === '') return problem('choiceErrors.typeId', 'Type a model id, for example onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX.');
      const error = modelIdError(id);
      // A `local:` folder's reasons are for developers (models/ on the server) and stay English.
      if (error) return { ok: false, error: id.startsWith('local:') ? { message: error } : { message: error, key: 'choiceErrors.badId', values: { id } } };
      return { ok: true, source: sourceFromModelId(id, host), label: bare };
    }
    case 'local': {
      if (c.files.length === 0) {
        return problem('choiceErrors.chooseFolder', 'Choose the folder that holds the model (config.json, tokenizer files and onnx/).');
      }
      const names = c.files.map((f) => f.webkitRelativePath || f.name);
      if (!names.some((n) => n.endsWith('config.json'))) {
        return problem('choiceErrors.noConfig', 'That folder has no config.json: choose the model folder itself.');
      }
      const folder = (c.files[0]!.webkitRelativePath || 'local-model').split('/')[0]!;
      return { ok: true, source: { kind: 'local-files', id: folder, files: c.files }, label: `${folder}${LOCAL_SUFFIX}` };
    }
  }
}

/** The picker's starting point: saved settings, overridden by URL parameters. */
export function initialChoice(settings: AppSettings, search: string): ModelChoice {
  const p = readEngineUrlParams(search);
  const choice: ModelChoice = {
    kind: settings.modelKind === 'local' ? 'default' : settings.modelKind,
    customRepo: settings.customRepo,
    files: [],
    device: p.device ?? settings.device,
    dtype: p.dtype ?? settings.dtype,
    hubHost: p.hub ?? settings.hubHost,
  };
  if (p.model) {
    if (p.model === DEFAULT_HUB_REPO) choice.kind = 'default';
    else if (p.model === DEMO_MODEL_ID && !p.hub) choice.kind = 'demo';
    else {
      choice.kind = 'custom';
      choice.customRepo = p.model;
    }
  }
  return choice;
}

/** What of the choice goes into the saved settings (files cannot be saved). */
export function settingsFromChoice(c: ModelChoice): Pick<AppSettings, 'modelKind' | 'customRepo' | 'device' | 'dtype' | 'hubHost'> {
  return { modelKind: c.kind, customRepo: c.customRepo.trim(), device: c.device, dtype: c.dtype, hubHost: c.hubHost.trim() };
}
