/** The picker's fields for a server the user runs: a preset, the address, an optional key, the model id. */
import { REMOTE_PRESETS, presetOf } from '../../remote/index.ts';
import { SETTING_FIELDS } from '../../storage/chats/settings.ts';
import type { RemoteController } from '../hooks/useRemote.ts';
import { applyPreset } from './remote-form.ts';

export function RemoteInputs({ remote }: { remote: RemoteController }) {
  const { form, setForm, models } = remote;
  const preset = presetOf(form.baseUrl)?.id ?? '';
  return (
    <div className="indent remote-inputs">
      <p className="muted small">
        Your questions and the conversation so far are sent to this server; the answers come from there. Nothing else
        leaves this device.
      </p>
      <label htmlFor="remote-preset">Server</label>
      <select id="remote-preset" value={preset} onChange={(e) => setForm((f) => applyPreset(f, e.target.value))}>
        <option value="">Another address…</option>
        {REMOTE_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <label htmlFor="remote-url">{SETTING_FIELDS.remoteBaseUrl.label}</label>
      <input
        id="remote-url"
        type="url"
        value={form.baseUrl}
        placeholder={SETTING_FIELDS.remoteBaseUrl.placeholder}
        spellCheck={false}
        onChange={(e) => setForm((f) => ({ ...f, baseUrl: e.target.value }))}
      />
      <label htmlFor="remote-key">{SETTING_FIELDS.remoteApiKey.label}</label>
      <input
        id="remote-key"
        type="password"
        autoComplete="off"
        value={form.apiKey}
        spellCheck={false}
        aria-describedby="remote-key-note"
        onChange={(e) => setForm((f) => ({ ...f, apiKey: e.target.value }))}
      />
      <p id="remote-key-note" className="muted small">
        {SETTING_FIELDS.remoteApiKey.help}
      </p>
      <label htmlFor="remote-model">{SETTING_FIELDS.remoteModel.label}</label>
      <div className="remote-inputs__model">
        <input
          id="remote-model"
          list="remote-model-ids"
          value={form.model}
          placeholder={presetOf(form.baseUrl)?.model || 'pick from the list or type it'}
          spellCheck={false}
          onChange={(e) => setForm((f) => ({ ...f, model: e.target.value }))}
        />
        <datalist id="remote-model-ids">
          {(models.ids ?? []).map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        <button type="button" disabled={models.busy} onClick={() => void remote.listModels()}>
          {models.busy ? 'Asking…' : 'List its models'}
        </button>
      </div>
      {models.ids && (
        <p className="muted small" data-testid="remote-models">
          {models.ids.length === 0 ? 'The server lists no models.' : `The server has ${models.ids.length} ${models.ids.length === 1 ? 'model' : 'models'}: ${models.ids.join(', ')}.`}
        </p>
      )}
      <details className="advanced">
        <summary>Reasoning inside the text</summary>
        <label htmlFor="remote-think-start">{SETTING_FIELDS.remoteThinkStart.label}</label>
        <select
          id="remote-think-start"
          value={form.thinkStart}
          onChange={(e) => {
            const v = SETTING_FIELDS.remoteThinkStart.options.find((o) => o.value === e.target.value)?.value ?? 'auto';
            setForm((f) => ({ ...f, thinkStart: v }));
          }}
        >
          {SETTING_FIELDS.remoteThinkStart.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </details>
      {models.error && (
        <p className="error" role="alert" data-testid="remote-error">
          {models.error}
        </p>
      )}
    </div>
  );
}
