/** The picker's fields for a server the user runs: a preset, the address, an optional key, the model id. */
import { REMOTE_PRESETS, presetOf } from '../../remote/index.ts';
import { SETTING_FIELDS } from '../../storage/chats/settings.ts';
import type { RemoteController } from '../hooks/useRemote.ts';
import { errorSentence } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import { applyPreset } from './remote-form.ts';

/** The model id: typed, or picked from the ids the server lists (`GET /models`). */
function ModelIdInput({ remote }: { remote: RemoteController }) {
  const f = useFmt();
  const { form, setForm, models } = remote;
  return (
    <>
      <label htmlFor="remote-model">{f.t('settings.fields.remoteModel')}</label>
      <div className="remote-inputs__model">
        <input
          id="remote-model"
          list="remote-model-ids"
          value={form.model}
          placeholder={presetOf(form.baseUrl)?.model || f.t('remote.modelPlaceholder')}
          spellCheck={false}
          onChange={(e) => setForm((x) => ({ ...x, model: e.target.value }))}
        />
        <datalist id="remote-model-ids">
          {(models.ids ?? []).map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        <button type="button" disabled={models.busy} onClick={() => void remote.listModels()}>
          {models.busy ? f.t('remote.asking') : f.t('remote.listModels')}
        </button>
      </div>
      {models.ids && (
        <p className="muted small" data-testid="remote-models">
          {models.ids.length === 0 ? f.t('remote.noModels') : f.t('remote.models', { count: models.ids.length, ids: models.ids.join(', ') })}
        </p>
      )}
    </>
  );
}

export function RemoteInputs({ remote }: { remote: RemoteController }) {
  const f = useFmt();
  const { form, setForm, models } = remote;
  const preset = presetOf(form.baseUrl)?.id ?? '';
  const think = SETTING_FIELDS.remoteThinkStart;
  return (
    <div className="indent remote-inputs">
      <p className="muted small">{f.t('remote.privacy')}</p>
      <label htmlFor="remote-preset">{f.t('remote.server')}</label>
      <select id="remote-preset" value={preset} onChange={(e) => setForm((x) => applyPreset(x, e.target.value))}>
        <option value="">{f.t('remote.otherAddress')}</option>
        {REMOTE_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label htmlFor="remote-url">{f.t('settings.fields.remoteBaseUrl')}</label>
      <input
        id="remote-url"
        type="url"
        value={form.baseUrl}
        placeholder={SETTING_FIELDS.remoteBaseUrl.placeholder}
        spellCheck={false}
        onChange={(e) => setForm((x) => ({ ...x, baseUrl: e.target.value }))}
      />
      <label htmlFor="remote-key">{f.t('settings.fields.remoteApiKey')}</label>
      <input
        id="remote-key"
        type="password"
        autoComplete="off"
        value={form.apiKey}
        spellCheck={false}
        aria-describedby="remote-key-note"
        onChange={(e) => setForm((x) => ({ ...x, apiKey: e.target.value }))}
      />
      <p id="remote-key-note" className="muted small">
        {f.t('settings.fields.remoteApiKeyHelp')}
      </p>
      <ModelIdInput remote={remote} />
      <details className="advanced">
        <summary>{f.t('remote.reasoningInText')}</summary>
        <label htmlFor="remote-think-start">{f.t('settings.fields.remoteThinkStart')}</label>
        <select
          id="remote-think-start"
          value={form.thinkStart}
          onChange={(e) => {
            const v = think.options.find((o) => o.value === e.target.value)?.value ?? 'auto';
            setForm((x) => ({ ...x, thinkStart: v }));
          }}
        >
          {think.options.map((o) => (
            <option key={o.value} value={o.value}>
              {f.t(`settings.options.remoteThinkStart.${o.value}`)}
            </option>
          ))}
        </select>
      </details>
      {models.error && (
        <p className="error" role="alert" data-testid="remote-error">
          {errorSentence(f, models.error)}
        </p>
      )}
    </div>
  );
}
