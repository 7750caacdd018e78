/** Pause / Resume / Cancel for a running model download (the bytes already stored are kept). */
import type { EngineClient } from '../../worker/client.ts';
import { useFmt } from '../i18n/react.ts';

/** `onCancel` alone (no Pause) while the load is planned: nothing is downloading yet. */
export function DownloadControls({ engine, paused, onCancel }: { engine: Pick<EngineClient, 'downloadControl'>; paused: boolean; onCancel?: () => void }) {
  const f = useFmt();
  return (
    <div className="download-controls" role="group" aria-label={f.t('download.group')}>
      {onCancel ? null : paused ? (
        <button type="button" onClick={() => engine.downloadControl('resume')}>
          {f.t('download.resume')}
        </button>
      ) : (
        <button type="button" onClick={() => engine.downloadControl('pause')}>
          {f.t('download.pause')}
        </button>
      )}
      <button type="button" className="secondary" onClick={onCancel ?? (() => engine.downloadControl('cancel'))}>
        {f.t('common.cancel')}
      </button>
    </div>
  );
}
