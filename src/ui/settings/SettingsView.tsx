/** Persisted settings: sampling, context window, reasoning display, model host. */
import { useEffect, useId, useState } from 'react';
import { DEFAULT_SETTINGS, SETTING_LIMITS } from '../../storage/chats/settings.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import type { SaveState } from '../hooks/useSettings.ts';

function NumberField({
  label,
  help,
  value,
  min,
  max,
  step,
  onCommit,
}: {
  label: string;
  help: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onCommit: (v: number) => void;
}) {
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const n = Number(text);
  const invalid = text.trim() === '' || !Number.isFinite(n) || n < min || n > max;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={invalid}
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max) onCommit(v);
        }}
        onBlur={() => invalid && setText(String(value))}
      />
      <p id={`${id}-help`} className={invalid ? 'error small' : 'muted small'}>
        {invalid ? `Enter a number from ${min} to ${max}.` : help}
      </p>
    </div>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving'
      ? 'Saving…'
      : state.kind === 'saved'
        ? 'Change saved in this browser. It applies to the next answer.'
        : state.kind === 'error'
          ? `Not saved: this browser refused to store the settings (${state.message}). They apply until the page is closed.`
          : 'Saved in this browser. They apply to the next answer.';
  return (
    <p role="status" data-testid="settings-save" data-state={state.kind} className={state.kind === 'error' ? 'error' : 'muted'}>
      {text}
    </p>
  );
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
  const L = SETTING_LIMITS;
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <SaveStatus state={saveState} />

      <fieldset>
        <legend>Sampling</legend>
        <label className="checkbox">
          <input type="checkbox" checked={settings.doSample} onChange={(e) => onChange({ doSample: e.target.checked })} />
          Sample (off = greedy: always the most likely token, the same answer every time)
        </label>
        <NumberField
          label="Temperature"
          help="DeepSeek recommends 0.6 (0.5–0.7) for R1 models."
          value={settings.temperature}
          min={L.temperature.min}
          max={L.temperature.max}
          step={0.05}
          onCommit={(temperature) => onChange({ temperature })}
        />
        <NumberField
          label="Top-p"
          help="DeepSeek recommends 0.95."
          value={settings.topP}
          min={L.topP.min}
          max={L.topP.max}
          step={0.01}
          onCommit={(topP) => onChange({ topP })}
        />
        <NumberField
          label="Top-k"
          help="Only the k most likely tokens are sampled (0 = no limit)."
          value={settings.topK}
          min={L.topK.min}
          max={L.topK.max}
          step={1}
          onCommit={(topK) => onChange({ topK: Math.round(topK) })}
        />
        <NumberField
          label="Max new tokens"
          help="Reasoning and answer together. R1 models think at length: 4096 is a good default."
          value={settings.maxNewTokens}
          min={L.maxNewTokens.min}
          max={L.maxNewTokens.max}
          step={1}
          onCommit={(maxNewTokens) => onChange({ maxNewTokens: Math.round(maxNewTokens) })}
        />
      </fieldset>

      <fieldset>
        <legend>Conversation</legend>
        <NumberField
          label="Context window (tokens)"
          help="The history, the question and room for the answer must fit; the oldest messages are left out when they do not."
          value={settings.contextWindow}
          min={L.contextWindow.min}
          max={L.contextWindow.max}
          step={256}
          onCommit={(contextWindow) => onChange({ contextWindow: Math.round(contextWindow) })}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={settings.reasoningExpanded}
            onChange={(e) => onChange({ reasoningExpanded: e.target.checked })}
          />
          Keep the reasoning expanded after the answer starts
        </label>
      </fieldset>

      <fieldset>
        <legend>Model host</legend>
        <div className="field">
          <label htmlFor="hub-host">Hub address (for a mirror; empty = huggingface.co)</label>
          <input
            id="hub-host"
            type="url"
            placeholder="https://huggingface.co/"
            value={settings.hubHost}
            onChange={(e) => onChange({ hubHost: e.target.value })}
          />
          <p className="muted small">Any host serving the hub layout /&lt;repo&gt;/resolve/main/&lt;file&gt;. Applies to the next load.</p>
        </div>
      </fieldset>

      <button type="button" onClick={onReset} disabled={JSON.stringify(settings) === JSON.stringify(DEFAULT_SETTINGS)}>
        Restore defaults
      </button>
    </section>
  );
}
