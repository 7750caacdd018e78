/** Persisted settings: sampling, context window, reasoning display, model host. The rows come from the settings table. */
import { useState } from 'react';
import {
  DEFAULT_SETTINGS,
  fieldsOfSection,
  sameSettings,
  type AnySetting,
  type SettingKey,
  type SettingSection,
} from '../../storage/chats/settings.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import type { SaveState } from '../hooks/useSettings.ts';
import { CheckboxField, ChoiceField, NumberField, TextField } from './fields.tsx';

const SECTIONS: readonly SettingSection[] = ['System prompt', 'Sampling', 'Conversation', 'Appearance', 'Startup', 'Model host'];

function saveText(state: SaveState): string {
  switch (state.kind) {
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Change saved in this browser. It applies to the next answer.';
    case 'error':
      return `Not saved: this browser refused to store the settings (${state.message}). They apply until the page is closed.`;
    default:
      return 'Saved in this browser. They apply to the next answer.';
  }
}

/**
 * One line for the whole form. While a field holds something that cannot be stored, it says only that
 * (the reason is under the field): never an earlier change's "saved" or "refused" beside it.
 */
function SaveStatus({ state, invalid }: { state: SaveState; invalid: readonly string[] }) {
  if (invalid.length > 0) {
    return (
      <p role="status" data-testid="settings-save" data-state="invalid" className="error">
        {`Not saved: correct ${invalid.join(', ')} (the reason is under the field).`}
      </p>
    );
  }
  return (
    <p role="status" data-testid="settings-save" data-state={state.kind} className={state.kind === 'error' ? 'error' : 'muted'}>
      {saveText(state)}
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
      return typeof value === 'number' ? <NumberField field={field} value={value} onCommit={commit} onValidity={onValidity} /> : null;
    case 'boolean':
      return typeof value === 'boolean' ? <CheckboxField field={field} value={value} onCommit={commit} /> : null;
    case 'text':
      return typeof value === 'string' ? <TextField field={field} value={value} onCommit={commit} onValidity={onValidity} /> : null;
    case 'choice':
      // Choices without a section (model, device, precision) are made in the model picker.
      return typeof value === 'string' && field.section ? <ChoiceField field={field} value={value} onCommit={commit} /> : null;
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
  // Labels of the fields whose text cannot be stored; a reset remounts the fields (`generation`) with stored values.
  const [invalid, setInvalid] = useState<readonly string[]>([]);
  const [generation, setGeneration] = useState(0);
  const validity = (label: string) => (ok: boolean) =>
    setInvalid((list) => (list.includes(label) === !ok ? list : ok ? list.filter((l) => l !== label) : [...list, label]));
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <SaveStatus state={saveState} invalid={invalid} />
      {SECTIONS.map((section) => (
        <fieldset key={`${section}-${generation}`}>
          <legend>{section}</legend>
          {fieldsOfSection(section).map(({ key, field }) => (
            <SettingRow key={key} name={key} field={field} settings={settings} onChange={onChange} onValidity={validity(field.label)} />
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
        Restore defaults
      </button>
    </section>
  );
}
