/**
 * Choose a model (the default hub model, the offline demo, another hub id, a folder on disk),
 * device and dtype; load it; watch the progress; read notices and errors. Collapses to a
 * summary once a model is ready.
 */
import { useState } from 'react';
import type { EngineState } from '../hooks/useEngine.ts';
import type { ModelChoice } from './choice.ts';
import { ModelPicker } from './ModelPicker.tsx';
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
        <ModelPicker
          choice={choice}
          set={set}
          loading={loading}
          ready={ready}
          choiceError={choiceError}
          onSubmit={() => {
            setExpanded(false);
            onLoad();
          }}
        />
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
