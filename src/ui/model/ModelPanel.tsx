/**
 * Choose a model (the default hub model, the offline demo, another hub id, a folder on disk),
 * device and dtype; load it; watch the progress; read notices and errors. Collapses to one line
 * once a model is ready, and while the last model loads by itself on a return visit.
 */
import { useState } from 'react';
import type { EngineState } from '../hooks/useEngine.ts';
import { sourceForChoice, type ModelChoice } from './choice.ts';
import { ModelPicker } from './ModelPicker.tsx';
import { LoadProgress } from './LoadProgress.tsx';
import { DownloadControls } from '../storage/DownloadControls.tsx';
import { engineClient } from '../hooks/useEngine.ts';
import { StatusLine } from './StatusLine.tsx';
import type { AutoLoad } from '../hooks/useModelChoice.ts';
import { compactStateText, recoveryText } from './revisit.ts';

export interface ModelPanelProps {
  choice: ModelChoice;
  onChoice: (c: ModelChoice) => void;
  engine: EngineState;
  /** The last model loading by itself (return visit): the panel stays one line meanwhile. */
  autoLoad: AutoLoad;
  onLoad: () => void;
  onUnload: () => void;
  /** A problem with the choice itself (bad id, no folder). */
  choiceError: string | null;
}

/** The last model's name and where its load stands, on one line (after a lost GPU: that it is reloading). */
function AutoLoadLine({ label, engine }: { label: string; engine: EngineState }) {
  const recovering = engine.recovery !== null;
  return (
    <p className="status-line" data-testid="status-line" {...(recovering ? { 'data-recovering': engine.recovery } : { 'data-auto-load': '' })}>
      <span className="status-line__model">{label}</span>
      {recovering && <strong data-testid="recovery-state">{recoveryText(engine.recovery)}</strong>}
      <span data-testid="auto-load-state">{compactStateText(engine.phase, engine.progress)}</span>
    </p>
  );
}

export function ModelPanel({ choice, onChoice, engine, autoLoad, onLoad, onUnload, choiceError }: ModelPanelProps) {
  const [expanded, setExpanded] = useState(false);
  const loading = engine.status === 'loading';
  const ready = engine.status === 'ready';
  const set = (patch: Partial<ModelChoice>) => onChoice({ ...choice, ...patch });
  // The last model loading by itself on a return visit, or the reload after a lost GPU: one line.
  const autoBusy = autoLoad === 'checking' || (autoLoad === 'loading' && loading) || (loading && engine.recovery !== null);
  const collapsible = ready || autoBusy;
  const showPicker = !collapsible || expanded;
  const autoLabel = engine.modelLabel ?? labelOf(choice);

  return (
    <section className="model-panel" aria-label="Model" data-collapsed={collapsible && !expanded ? '' : undefined}>
      <div className="model-panel__top">
        {autoBusy ? <AutoLoadLine label={autoLabel} engine={engine} /> : <StatusLine info={engine.info} gpu={engine.gpu} label={engine.modelLabel} />}
        {collapsible && (
          <div className="model-panel__actions">
            <button type="button" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded}>
              {expanded ? 'Hide model choice' : 'Change model'}
            </button>
            {ready && (
              <button type="button" onClick={onUnload}>
                Unload
              </button>
            )}
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

      {loading && (!autoBusy || expanded) && <LoadProgress phase={engine.phase} detail={engine.phaseDetail} progress={engine.progress} />}
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

/** The model's name before the engine has one (the collapsed line while checking the store). */
function labelOf(choice: ModelChoice): string {
  const r = sourceForChoice(choice);
  return r.ok ? r.label : 'Last model';
}
