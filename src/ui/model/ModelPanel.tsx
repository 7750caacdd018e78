/**
 * Choose a model (the default hub model, the offline demo, another hub id, a folder on disk),
 * device and dtype; load it; watch the progress; read notices and errors. Collapses to a
 * summary once a model is ready.
 */
import { useState } from 'react';
import type { DevicePreference, DtypePreference } from '../../core/index.ts';
import type { EngineState } from '../hooks/useEngine.ts';
import { DEFAULT_HUB_REPO, type ModelChoice } from './choice.ts';
import { LoadProgress } from './LoadProgress.tsx';
import { DownloadControls } from '../storage/DownloadControls.tsx';
import { engineClient } from '../hooks/useEngine.ts';
import { StatusLine } from './StatusLine.tsx';

export interface ModelPanelProps {
  choice: ModelChoice;
  onChoice: (c: ModelChoice) => void;
  engine: EngineState;
  onLoad: () => void;
  onUnload: () => void;
  /** A problem with the choice itself (bad id, no folder). */
  choiceError: string | null;
}

const DEVICES: { value: DevicePreference; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'webgpu', label: 'WebGPU (GPU)' },
  { value: 'wasm', label: 'WASM (CPU, slow)' },
];
const DTYPES: { value: DtypePreference; label: string }[] = [
  { value: 'auto', label: 'Automatic (q4f16 if the GPU has shader-f16, else q4)' },
  { value: 'q4f16', label: 'q4f16 (smallest, needs shader-f16)' },
  { value: 'q4', label: 'q4' },
  { value: 'fp16', label: 'fp16' },
  { value: 'fp32', label: 'fp32 (largest)' },
];

export function ModelPanel({ choice, onChoice, engine, onLoad, onUnload, choiceError }: ModelPanelProps) {
  const [expanded, setExpanded] = useState(false);
  const loading = engine.status === 'loading';
  const ready = engine.status === 'ready';
  const set = (patch: Partial<ModelChoice>) => onChoice({ ...choice, ...patch });
  const showPicker = !ready || expanded;

  return (
    <section className="model-panel" aria-label="Model">
      <div className="model-panel__top">
        <StatusLine info={engine.info} gpu={engine.gpu} label={engine.modelLabel} />
        {ready && (
          <div className="model-panel__actions">
            <button type="button" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded}>
              {expanded ? 'Hide model choice' : 'Change model'}
            </button>
            <button type="button" onClick={onUnload}>
              Unload
            </button>
          </div>
        )}
      </div>

      {showPicker && (
        <form
          className="model-picker"
          onSubmit={(e) => {
            e.preventDefault();
            setExpanded(false);
            onLoad();
          }}
        >
          <fieldset disabled={loading}>
            <legend>Model</legend>
            <label className="radio">
              <input type="radio" name="model" checked={choice.kind === 'default'} onChange={() => set({ kind: 'default' })} />
              <span>
                DeepSeek-R1-Distill-Qwen-1.5B <span className="muted small">({DEFAULT_HUB_REPO}, about 1.4 GB download)</span>
              </span>
            </label>
            <label className="radio">
              <input type="radio" name="model" checked={choice.kind === 'demo'} onChange={() => set({ kind: 'demo' })} />
              <span>
                Demo model, works offline{' '}
                <span className="muted small">(a tiny synthetic model that plays back a fixed answer; for trying the app)</span>
              </span>
            </label>
            <label className="radio">
              <input type="radio" name="model" checked={choice.kind === 'custom'} onChange={() => set({ kind: 'custom' })} />
              <span>Another model from the hub</span>
            </label>
            {choice.kind === 'custom' && (
              <div className="indent">
                <label htmlFor="custom-repo">Model id</label>
                <input
                  id="custom-repo"
                  value={choice.customRepo}
                  placeholder="owner/name"
                  spellCheck={false}
                  onChange={(e) => set({ customRepo: e.target.value })}
                />
              </div>
            )}
            <label className="radio">
              <input type="radio" name="model" checked={choice.kind === 'local'} onChange={() => set({ kind: 'local' })} />
              <span>A model folder on this computer</span>
            </label>
            {choice.kind === 'local' && (
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
            )}
          </fieldset>
          <details className="advanced">
            <summary>Device and precision</summary>
            <fieldset disabled={loading}>
              <label htmlFor="device">Device</label>
              <select id="device" value={choice.device} onChange={(e) => set({ device: e.target.value as DevicePreference })}>
                {DEVICES.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
              <label htmlFor="dtype">Precision (dtype)</label>
              <select id="dtype" value={choice.dtype} onChange={(e) => set({ dtype: e.target.value as DtypePreference })}>
                {DTYPES.map((d) => (
                  <option key={d.value} value={d.value}>
                    {d.label}
                  </option>
                ))}
              </select>
            </fieldset>
          </details>
          {choiceError && (
            <p className="error" role="alert">
              {choiceError}
            </p>
          )}
          <button type="submit" className="primary" disabled={loading}>
            {loading ? 'Loading…' : ready ? 'Load this model instead' : 'Load'}
          </button>
        </form>
      )}

      {loading && <LoadProgress phase={engine.phase} detail={engine.phaseDetail} progress={engine.progress} />}
      {loading && engine.phase === 'downloading' && engine.progress && engine.progress.loaded < engine.progress.total && (
        <DownloadControls engine={engineClient()} paused={engine.progress.paused} />
      )}

      {engine.notices.length > 0 && (
        <ul className="notices" aria-label="Notices">
          {engine.notices.map((n) => (
            <li key={n.code} className={`notice notice--${n.code}`} data-notice={n.code}>
              {n.message}
            </li>
          ))}
        </ul>
      )}

      {engine.status === 'error' && engine.error && (
        <div className="error-box" role="alert">
          <p>
            <strong>The model could not be loaded.</strong> {engine.error.message}
          </p>
          {engine.error.detail && (
            <details>
              <summary>Technical details</summary>
              <pre>{engine.error.detail}</pre>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
