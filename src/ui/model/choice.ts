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

export type SourceResult = { ok: true; source: ModelSource; label: string } | { ok: false; error: string };

export function sourceForChoice(c: ModelChoice): SourceResult {
  const host = c.hubHost.trim() === '' ? undefined : normalizeHost(c.hubHost.trim());
  if (c.hubHost.trim() !== '' && !host) return { ok: false, error: 'The model host must be an http(s) URL.' };
  switch (c.kind) {
    case 'default':
      return { ok: true, source: sourceFromModelId(DEFAULT_HUB_REPO, host), label: DEFAULT_HUB_REPO };
    case 'demo':
      return { ok: true, source: { kind: 'same-origin', id: DEMO_MODEL_ID }, label: 'Demo model (synthetic)' };
    case 'custom': {
      const id = c.customRepo.trim();
      const bare = id.replace(/^(hub:|local:)/, '');
      if (id === '') return { ok: false, error: 'Type a model id, for example onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX.' };
      const error = modelIdError(id);
      if (error) return { ok: false, error };
      return { ok: true, source: sourceFromModelId(id, host), label: bare };
    }
    case 'local': {
      if (c.files.length === 0) return { ok: false, error: 'Choose the folder that holds the model (config.json, tokenizer files and onnx/).' };
      const names = c.files.map((f) => f.webkitRelativePath || f.name);
      if (!names.some((n) => n.endsWith('config.json'))) {
        return { ok: false, error: 'That folder has no config.json: choose the model folder itself.' };
      }
      const folder = (c.files[0]!.webkitRelativePath || 'local-model').split('/')[0]!;
      return { ok: true, source: { kind: 'local-files', id: folder, files: c.files }, label: `${folder} (local folder)` };
    }
    case 'remote':
      // Not a model for the browser to load: the server answers (`useRemote`).
      return { ok: false, error: 'A server answers this choice; nothing is loaded in the browser.' };
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
