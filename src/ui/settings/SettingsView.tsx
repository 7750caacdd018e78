/** Persisted settings: sampling, context window, reasoning display, model host. The rows come from the settings table. */
import { useState } from 'react';
import {
  DEFAULT_SETTINGS,
  fieldsOfSection,
  SETTING_FIELDS,
  sameSettings,
  type AnySetting,
  type SettingKey,
  type SettingSection,
} from '../../storage/chats/settings.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import type { SaveState } from '../hooks/useSettings.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { CheckboxField, ChoiceField, fieldLabel, NumberField, TextField } from './fields.tsx';
import { LanguageField } from './LanguageField.tsx';

const SECTIONS: readonly SettingSection[] = ['System prompt', 'Sampling', 'Conversation', 'Appearance', 'Startup', 'Model host'];

function saveText(f: Fmt, state: SaveState): string {
  switch (state.kind) {
    case 'saving':
      return f.t('settings.saving');
    case 'saved':
      return f.t('settings.saved');
    case 'error':
      return f.t('settings.refused', { reason: state.message });
    default:
      return f.t('settings.idle');
  }
}

/**
 * One line for the whole form. While a field holds something that cannot be stored, it says only that
 * (the reason is under the field): never an earlier change's "saved" or "refused" beside it.
 */
function SaveStatus({ state, invalid }: { state: SaveState; invalid: readonly string[] }) {
  const f = useFmt();
  if (invalid.length > 0) {
    return (
      <p role="status" data-testid="settings-save" data-state="invalid" className="error">
        {f.t('settings.invalid', { fields: new Intl.ListFormat(f.locale, { type: 'conjunction' }).format(invalid) })}
      </p>
    );
  }
  return (
    <p role="status" data-testid="settings-save" data-state={state.kind} className={state.kind === 'error' ? 'error' : 'muted'}>
      {saveText(f, state)}
    </p>
  );
}

function SettingRow({
  name,
  field,
  settings,
  onChange,
  onValidity,
}: {
  name: SettingKey;
  field: AnySetting;
  settings: AppSettings;
  onChange: (p: Partial<AppSettings>) => void;
  onValidity: (ok: boolean) => void;
}) {
  const value = settings[name];
  const commit = (v: AppSettings[SettingKey]) => onChange({ [name]: v });
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' ? <NumberField name={name} field={field} value={value} onCommit={commit} onValidity={onValidity} /> : null;
    case 'boolean':
      return typeof value === 'boolean' ? <CheckboxField name={name} field={field} value={value} onCommit={commit} /> : null;
    case 'text':
      return typeof value === 'string' ? <TextField name={name} field={field} value={value} onCommit={commit} onValidity={onValidity} /> : null;
    case 'choice':
      // Choices without a section (model, device, precision) are made in the model picker.
      return typeof value === 'string' && field.section ? <ChoiceField name={name} field={field} value={value} onCommit={commit} /> : null;
  }
}

export function SettingsView({
  settings,
  saveState,
  onChange,
  onReset,
}: {
  settings: AppSettings;
  saveState: SaveState;
  onChange: (p: Partial<AppSettings>) => void;
  onReset: () => void;
}) {
  const f = useFmt();
  // Labels of the fields whose text cannot be stored; a reset remounts the fields (`generation`) with stored values.
  const [invalid, setInvalid] = useState<readonly SettingKey[]>([]);
  const [generation, setGeneration] = useState(0);
  const validity = (key: SettingKey) => (ok: boolean) =>
    setInvalid((list) => (list.includes(key) === !ok ? list : ok ? list.filter((l) => l !== key) : [...list, key]));
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{f.t('settings.title')}</h2>
      <SaveStatus state={saveState} invalid={invalid.map((key) => fieldLabel(f, key, SETTING_FIELDS[key].label))} />
      <fieldset>
        <legend>{f.t('settings.language')}</legend>
        <LanguageField value={settings.language} onCommit={(language) => onChange({ language })} />
      </fieldset>
      {SECTIONS.map((section) => (
        <fieldset key={`${section}-${generation}`}>
          <legend>{f.t(`settings.sections.${section}`)}</legend>
          {fieldsOfSection(section).map(({ key, field }) => (
            <SettingRow key={key} name={key} field={field} settings={settings} onChange={onChange} onValidity={validity(key)} />
          ))}
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() => {
          setInvalid([]);
          setGeneration((g) => g + 1);
          onReset();
        }}
        disabled={sameSettings(settings, DEFAULT_SETTINGS) && invalid.length === 0}
      >
        {f.t('settings.restoreDefaults')}
      </button>
    </section>
  );
}
