/** Pause / Resume / Cancel for a running model download (the bytes already stored are kept). */
import type { EngineClient } from '../../worker/client.ts';

export function DownloadControls({ engine, paused }: { engine: Pick<EngineClient, 'downloadControl'>; paused: boolean }) {
  return (
    <div className="download-controls" role="group" aria-label="Download">
      {paused ? (
        <button type="button" onClick={() => engine.downloadControl('resume')}>
          Resume download
        </button>
      ) : (
        <button type="button" onClick={() => engine.downloadControl('pause')}>
          Pause download
        </button>
      )}
      <button type="button" className="secondary" onClick={() => engine.downloadControl('cancel')}>
        Cancel
      </button>
    </div>
  );
}
