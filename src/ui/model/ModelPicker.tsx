/** The model picker form: which model (listed, another hub id, a folder on disk), device and precision. */
import { Fragment, useEffect } from 'react';
import { SETTING_FIELDS, type ChoiceSetting } from '../../storage/chats/settings.ts';
import type { ModelChoiceKind } from '../../storage/chats/types.ts';
import { errorSentence } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import type { RemoteController } from '../hooks/useRemote.ts';
import { DEFAULT_HUB_REPO, type ChoiceProblem, type ModelChoice } from './choice.ts';
import { RemoteInputs } from './RemoteInputs.tsx';
import { engineClient } from '../hooks/useEngine.ts';
import { useSizeCheck } from './size-check.ts';
import { SizeCheckButton, SizeLine } from './SizeLine.tsx';

/** What a listed model costs or does, after its name. */
function kindNote(f: Fmt, kind: ModelChoiceKind): string | null {
  if (kind === 'default') return f.t('model.kindDefaultNote', { repo: DEFAULT_HUB_REPO });
  if (kind === 'demo') return f.t('model.kindDemoNote');
  if (kind === 'remote') return f.t('model.kindRemoteNote');
  return null;
}

/** The picker's choices (model, device, dtype) whose labels and options the catalogue has. */
type PickerField = 'modelKind' | 'device' | 'dtype';

type SetChoice = (patch: Partial<ModelChoice>) => void;

function KindInputs({ choice, set, remote }: { choice: ModelChoice; set: SetChoice; remote: RemoteController }) {
  const f = useFmt();
  if (choice.kind === 'remote') return <RemoteInputs remote={remote} />;
  if (choice.kind === 'custom') {
    return (
      <div className="indent">
        <label htmlFor="custom-repo">{f.t('settings.fields.customRepo')}</label>
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
        <label htmlFor="local-folder">{f.t('model.folderLabel')}</label>
        <input
          id="local-folder"
          type="file"
          // @ts-expect-error: webkitdirectory is not in React's input attributes
          webkitdirectory=""
          multiple
          onChange={(e) => set({ files: Array.from(e.target.files ?? []) })}
        />
        {choice.files.length > 0 && <p className="muted small">{f.t('model.filesChosen', { count: choice.files.length })}</p>}
      </div>
    );
  }
  return null;
}

function KindRadios({ choice, set, remote }: { choice: ModelChoice; set: SetChoice; remote: RemoteController }) {
  const f = useFmt();
  return (
    <>
      {SETTING_FIELDS.modelKind.options.map(({ value }) => (
        <Fragment key={value}>
          <label className="radio">
            <input type="radio" name="model" checked={choice.kind === value} onChange={() => set({ kind: value })} />
            <span>
              {f.t(`settings.options.modelKind.${value}`)}
              {kindNote(f, value) && (
                <>
                  {' '}
                  <span className="muted small">{kindNote(f, value)}</span>
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

function ChoiceSelect<T extends string>({ id, name, field, value, onSelect }: {
  id: string;
  name: PickerField;
  field: ChoiceSetting<T>;
  value: T;
  onSelect: (v: T) => void;
}) {
  const f = useFmt();
  return (
    <>
      <label htmlFor={id}>{f.t(`settings.fields.${name}`)}</label>
      <select id={id} value={value} onChange={(e) => onSelect(field.options.find((o) => o.value === e.target.value)?.value ?? field.default)}>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {f.tr(`settings.options.${name}.${o.value}`) ?? o.label}
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
  choiceError: ChoiceProblem | null;
  onSubmit: () => void;
}) {
  const f = useFmt();
  const size = useSizeCheck(engineClient(), choice);
  const { reset } = size;
  // A load changes what is stored: an earlier answer would be stale.
  useEffect(() => {
    if (loading) reset();
  }, [loading, reset]);
  return (
    <form
      className="model-picker"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset disabled={loading}>
        <legend>{f.t('settings.fields.modelKind')}</legend>
        <KindRadios choice={choice} set={set} remote={remote} />
      </fieldset>
      <details className="advanced" hidden={choice.kind === 'remote'}>
        <summary>{f.t('model.devicePrecision')}</summary>
        <fieldset disabled={loading}>
          <ChoiceSelect id="device" name="device" field={SETTING_FIELDS.device} value={choice.device} onSelect={(device) => set({ device })} />
          <ChoiceSelect id="dtype" name="dtype" field={SETTING_FIELDS.dtype} value={choice.dtype} onSelect={(dtype) => set({ dtype })} />
        </fieldset>
      </details>
      {choiceError && (
        <p className="error" role="alert">
          {errorSentence(f, choiceError)}
        </p>
      )}
      <div className="model-picker__actions">
        <button type="submit" className="primary" disabled={loading}>
          {f.t(submitLabel(choice, loading, ready, remote))}
        </button>
        {size.key !== null && <SizeCheckButton state={size.state} onCheck={size.check} disabled={loading} />}
      </div>
      {size.key !== null && <SizeLine state={size.state} />}
    </form>
  );
}

function submitLabel(choice: ModelChoice, loading: boolean, ready: boolean, remote: RemoteController) {
  if (choice.kind === 'remote') return remote.models.busy ? 'model.connecting' : remote.active ? 'model.useServerInstead' : 'model.useServer';
  return loading ? 'model.loading' : ready || remote.active ? 'model.loadInstead' : 'model.load';
}
