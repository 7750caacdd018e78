/** Download and load progress: one overall bar, a row per file, and the load phases. */
import { useRef } from 'react';
import type { DownloadProgress, LoadPhase } from '../../core/index.ts';
import { formatBytes } from '../../core/units.ts';
import { keepKnownProgress, overallProgressText } from './progress-text.ts';

const PHASES: { phase: LoadPhase; label: string }[] = [
  { phase: 'planning', label: 'Checking files' },
  { phase: 'downloading', label: 'Downloading' },
  { phase: 'loading', label: 'Loading into memory' },
  { phase: 'compiling', label: 'Compiling shaders (warm-up)' },
  { phase: 'ready', label: 'Ready' },
];

const FILE_STATE: Record<string, string> = {
  queued: 'waiting',
  downloading: 'downloading',
  paused: 'paused',
  verifying: 'verifying',
  done: 'done',
  cached: 'already stored',
  error: 'failed',
};

/** The latest progress, except that an empty snapshot does not wipe a known size (`keepKnownProgress`). */
function useKnownProgress(latest: DownloadProgress | null): DownloadProgress | null {
  const shown = useRef<DownloadProgress | null>(null);
  shown.current = keepKnownProgress(shown.current, latest);
  return shown.current;
}

export function LoadProgress({ phase, detail, progress: latest }: { phase: LoadPhase | null; detail?: string; progress: DownloadProgress | null }) {
  const current = PHASES.findIndex((p) => p.phase === phase);
  const progress = useKnownProgress(latest);
  const overall = progress && overallProgressText(progress);
  return (
    <div className="load-progress" aria-live="polite">
      <ol className="phases" aria-label="Loading steps">
        {PHASES.map((p, i) => (
          <li
            key={p.phase}
            className={i < current ? 'phase phase--done' : i === current ? 'phase phase--current' : 'phase'}
            aria-current={i === current ? 'step' : undefined}
            data-phase={p.phase}
          >
            {p.label}
          </li>
        ))}
      </ol>
      {detail && <p className="muted small">{detail}</p>}
      {progress && overall && (
        <>
          <div className="overall">
            <progress
              value={progress.total > 0 ? progress.loaded : undefined}
              max={progress.total > 0 ? progress.total : undefined}
              aria-label="Download progress"
            />
            <p className="overall__text">{overall}</p>
          </div>
          {progress.files.length > 0 && (
          <table className="files">
            <caption className="visually-hidden">Files</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Progress</th>
                <th scope="col">Size</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {progress.files.map((f) => (
                <tr key={f.file}>
                  <td className="files__name">{f.file}</td>
                  <td>
                    <progress value={f.total > 0 ? f.loaded : undefined} max={f.total > 0 ? f.total : undefined} aria-label={`${f.file} progress`} />
                  </td>
                  <td className="files__size">
                    {formatBytes(f.loaded)} / {f.total > 0 ? formatBytes(f.total) : '?'}
                  </td>
                  <td>{FILE_STATE[f.state] ?? f.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
          )}
        </>
      )}
    </div>
  );
}
