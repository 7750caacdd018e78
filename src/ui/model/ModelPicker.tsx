/** The model picker form: which model (listed, another hub id, a folder on disk), device and precision. */
import { Fragment } from 'react';
import { SETTING_FIELDS, type ChoiceSetting } from '../../storage/chats/settings.ts';
import type { ModelChoiceKind } from '../../storage/chats/types.ts';
import type { RemoteController } from '../hooks/useRemote.ts';
import { DEFAULT_HUB_REPO, type ModelChoice } from './choice.ts';
import { RemoteInputs } from './RemoteInputs.tsx';

/** What a listed model costs or does, after its name. */
const KIND_NOTES: Partial<Record<ModelChoiceKind, string>> = {
  default: `(${DEFAULT_HUB_REPO}, about 1.4 GB download)`,
  demo: '(a tiny synthetic model that plays back a fixed answer; for trying the app)',
  remote: '(vLLM, SGLang, Ollama, LM Studio, DeepSeek API …: for models too big for a browser)',
};

type SetChoice = (patch: Partial<ModelChoice>) => void;

function KindInputs({ choice, set, remote }: { choice: ModelChoice; set: SetChoice; remote: RemoteController }) {
  if (choice.kind === 'remote') return <RemoteInputs remote={remote} />;
  if (choice.kind === 'custom') {
    return (
      <div className="indent">
        <label htmlFor="custom-repo">{SETTING_FIELDS.customRepo.label}</label>
        <input
          id="custom-repo"
          value={choice.customRepo}
          placeholder="owner/name"
          spellCheck={false}
          onChange={(e) => set({ customRepo: e.target.value })}
        />
      </div>
    );
  }
  if (choice.kind === 'local') {
    return (
      <div className="indent">
        <label htmlFor="local-folder">Folder with config.json, tokenizer files and onnx/</label>
        <input
          id="local-folder"
          type="file"
          // @ts-expect-error: webkitdirectory is not in React's input attributes
          webkitdirectory=""
          multiple
          onChange={(e) => set({ files: Array.from(e.target.files ?? []) })}
        />
        {choice.files.length > 0 && <p className="muted small">{choice.files.length} files chosen.</p>}
      </div>
    );
  }
  return null;
}

function KindRadios({ choice, set, remote }: { choice: ModelChoice; set: SetChoice; remote: RemoteController }) {
  return (
    <>
      {SETTING_FIELDS.modelKind.options.map(({ value, label }) => (
        <Fragment key={value}>
          <label className="radio">
            <input type="radio" name="model" checked={choice.kind === value} onChange={() => set({ kind: value })} />
            <span>
              {label}
              {KIND_NOTES[value] && (
                <>
                  {' '}
                  <span className="muted small">{KIND_NOTES[value]}</span>
                </>
              )}
            </span>
          </label>
          {choice.kind === value && <KindInputs choice={choice} set={set} remote={remote} />}
        </Fragment>
      ))}
    </>
  );
}

function ChoiceSelect<T extends string>({ id, field, value, onSelect }: { id: string; field: ChoiceSetting<T>; value: T; onSelect: (v: T) => void }) {
  return (
    <>
      <label htmlFor={id}>{field.label}</label>
      <select id={id} value={value} onChange={(e) => onSelect(field.options.find((o) => o.value === e.target.value)?.value ?? field.default)}>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

export function ModelPicker({
  choice,
  set,
  loading,
  ready,
  choiceError,
  onSubmit,
  remote,
}: {
  remote: RemoteController;
  choice: ModelChoice;
  set: SetChoice;
  loading: boolean;
  ready: boolean;
  choiceError: string | null;
  onSubmit: () => void;
}) {
  return (
    <form
      className="model-picker"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset disabled={loading}>
        <legend>{SETTING_FIELDS.modelKind.label}</legend>
        <KindRadios choice={choice} set={set} remote={remote} />
      </fieldset>
      <details className="advanced" hidden={choice.kind === 'remote'}>
        <summary>Device and precision</summary>
        <fieldset disabled={loading}>
          <ChoiceSelect id="device" field={SETTING_FIELDS.device} value={choice.device} onSelect={(device) => set({ device })} />
          <ChoiceSelect id="dtype" field={SETTING_FIELDS.dtype} value={choice.dtype} onSelect={(dtype) => set({ dtype })} />
        </fieldset>
      </details>
      {choiceError && (
        <p className="error" role="alert">
          {choiceError}
        </p>
      )}
      <button type="submit" className="primary" disabled={loading}>
        {submitLabel(choice, loading, ready, remote)}
      </button>
    </form>
  );
}

function submitLabel(choice: ModelChoice, loading: boolean, ready: boolean, remote: RemoteController): string {
  if (choice.kind === 'remote') return remote.models.busy ? 'Connecting…' : remote.active ? 'Use this server instead' : 'Use this server';
  return loading ? 'Loading…' : ready || remote.active ? 'Load this model instead' : 'Load';
}
