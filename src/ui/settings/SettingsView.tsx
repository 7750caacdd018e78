/** Persisted settings: sampling, context window, reasoning display, model host. The rows come from the settings table. */
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
import { CheckboxField, NumberField, TextField } from './fields.tsx';

const SECTIONS: readonly SettingSection[] = ['Sampling', 'Conversation', 'Model host'];

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

function SaveStatus({ state }: { state: SaveState }) {
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
}: {
  name: SettingKey;
  field: AnySetting;
  settings: AppSettings;
  onChange: (p: Partial<AppSettings>) => void;
}) {
  const value = settings[name];
  const commit = (v: AppSettings[SettingKey]) => onChange({ [name]: v });
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' ? <NumberField field={field} value={value} onCommit={commit} /> : null;
    case 'boolean':
      return typeof value === 'boolean' ? <CheckboxField field={field} value={value} onCommit={commit} /> : null;
    case 'text':
      return typeof value === 'string' ? <TextField field={field} value={value} onCommit={commit} /> : null;
    case 'choice':
      // Choices (model, device, precision) are made in the model picker.
      return null;
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
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <SaveStatus state={saveState} />
      {SECTIONS.map((section) => (
        <fieldset key={section}>
          <legend>{section}</legend>
          {fieldsOfSection(section).map(({ key, field }) => (
            <SettingRow key={key} name={key} field={field} settings={settings} onChange={onChange} />
          ))}
        </fieldset>
      ))}
      <button type="button" onClick={onReset} disabled={sameSettings(settings, DEFAULT_SETTINGS)}>
        Restore defaults
      </button>
    </section>
  );
}
