/**
 * Choose a model (the default hub model, the offline demo, another hub id, a folder on disk),
 * device and dtype; load it; watch the progress; read notices and errors. Collapses to one line
 * once a model is ready, and while the last model loads by itself on a return visit.
 */
import { useState } from 'react';
import type { EngineState } from '../hooks/useEngine.ts';
import { modelLabelText, sourceForChoice, type ChoiceProblem, type ModelChoice } from './choice.ts';
import { errorSentence } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { ModelPicker } from './ModelPicker.tsx';
import { LoadProgress } from './LoadProgress.tsx';
import { loadControls } from './progress-text.ts';
import { DownloadControls } from '../storage/DownloadControls.tsx';
import { engineClient } from '../hooks/useEngine.ts';
import { RemoteStatusLine, StatusLine } from './StatusLine.tsx';
import type { RemoteController } from '../hooks/useRemote.ts';
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
  /** Cancel while the load is planned: back to the picker (or the model that was ready). */
  onCancelPlanning: () => void;
  /** A problem with the choice itself (bad id, no folder). */
  choiceError: ChoiceProblem | null;
  /** A server the user runs, which answers instead of the model in the browser when one is in use. */
  remote: RemoteController;
}

/** The last model's name and where its load stands, on one line (after a lost GPU: that it is reloading). */
function AutoLoadLine({ label, engine }: { label: string; engine: EngineState }) {
  const f = useFmt();
  const recovering = engine.recovery !== null;
  return (
    <p className="status-line" data-testid="status-line" {...(recovering ? { 'data-recovering': engine.recovery } : { 'data-auto-load': '' })}>
      <span className="status-line__model">{modelLabelText(f, label)}</span>
      {recovering && <strong data-testid="recovery-state">{recoveryText(f, engine.recovery)}</strong>}
      <span data-testid="auto-load-state">{compactStateText(f, engine.phase, engine.progress)}</span>
    </p>
  );
}

function TopLine({ engine, autoBusy, label, remote }: { engine: EngineState; autoBusy: boolean; label: string; remote: RemoteController }) {
  if (remote.active) return <RemoteStatusLine host={remote.active.host} model={remote.active.model} />;
  if (autoBusy) return <AutoLoadLine label={label} engine={engine} />;
  return <StatusLine info={engine.info} gpu={engine.gpu} label={engine.modelLabel} />;
}

/** The load's notices (fallbacks taken, a lost GPU) and its error with the details one click away. */
function NoticesAndError({ engine }: { engine: EngineState }) {
  const f = useFmt();
  return (
    <>
      {engine.notices.length > 0 && (
        <ul className="notices" aria-label={f.t('model.notices')}>
          {engine.notices.map((n) => (
            <li key={n.code} className={`notice notice--${n.code}`} data-notice={n.code}>
              {errorSentence(f, n)}
            </li>
          ))}
        </ul>
      )}
      {engine.status === 'error' && engine.error && (
        <div className="error-box" role="alert">
          <p>
            <strong>{f.t('model.loadFailed')}</strong> {errorSentence(f, engine.error)}
          </p>
          {engine.error.detail && (
            <details>
              <summary>{f.t('common.technicalDetails')}</summary>
              <pre>{engine.error.detail}</pre>
            </details>
          )}
        </div>
      )}
    </>
  );
}

export function ModelPanel({ choice, onChoice, engine, autoLoad, onLoad, onUnload, onCancelPlanning, choiceError, remote }: ModelPanelProps) {
  const f = useFmt();
  const [expanded, setExpanded] = useState(false);
  const loading = engine.status === 'loading';
  const controls = loadControls(engine.phase, engine.progress);
  const ready = engine.status === 'ready';
  const set = (patch: Partial<ModelChoice>) => onChoice({ ...choice, ...patch });
  // The last model loading by itself on a return visit, or the reload after a lost GPU: one line.
  const autoBusy = autoLoad === 'checking' || (autoLoad === 'loading' && loading) || (loading && engine.recovery !== null);
  const collapsible = ready || autoBusy || remote.active !== null;
  const showPicker = !collapsible || expanded;
  const autoLabel = engine.modelLabel ?? labelOf(f, choice);

  return (
    <section className="model-panel" aria-label={f.t('model.panel')} data-collapsed={collapsible && !expanded ? '' : undefined}>
      <div className="model-panel__top">
        <TopLine engine={engine} autoBusy={autoBusy} label={autoLabel} remote={remote} />
        {collapsible && (
          <div className="model-panel__actions">
            <button type="button" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded}>
              {f.t(expanded ? 'model.hideChoice' : 'model.change')}
            </button>
            {remote.active && (
              <button type="button" onClick={remote.stopUsing}>
                {f.t('model.stopUsingServer')}
              </button>
            )}
            {ready && !remote.active && (
              <button type="button" onClick={onUnload}>
                {f.t('model.unload')}
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
          remote={remote}
          onSubmit={() => {
            if (choice.kind === 'remote') {
              void remote.use().then((ok) => ok && setExpanded(false));
              return;
            }
            if (remote.active) remote.stopUsing();
            setExpanded(false);
            onLoad();
          }}
        />
      )}

      {loading && (!autoBusy || expanded) && <LoadProgress phase={engine.phase} detail={engine.phaseDetail} progress={engine.progress} />}
      {loading && controls && (
        <DownloadControls engine={engineClient()} paused={engine.progress?.paused ?? false} {...(controls === 'cancel' ? { onCancel: onCancelPlanning } : {})} />
      )}

      <NoticesAndError engine={engine} />
    </section>
  );
}

/** The model's name before the engine has one (the collapsed line while checking the store). */
function labelOf(f: Fmt, choice: ModelChoice): string {
  const r = sourceForChoice(choice);
  return r.ok ? r.label : f.t('model.lastModel');
}
