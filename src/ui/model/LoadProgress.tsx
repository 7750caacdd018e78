/** Download and load progress: one overall bar, a row per file, and the load phases. */
import { useRef } from 'react';
import type { DownloadProgress, LoadPhase } from '../../core/index.ts';
import { bytes } from '../format.ts';
import { useFmt } from '../i18n/react.ts';
import type { Fmt } from '../i18n/types.ts';
import { keepKnownProgress, overallProgressText } from './progress-text.ts';

const PHASES: readonly LoadPhase[] = ['planning', 'downloading', 'loading', 'compiling', 'ready'];

const FILE_STATES = ['queued', 'downloading', 'paused', 'verifying', 'done', 'cached', 'error'] as const;
type FileState = (typeof FILE_STATES)[number];
const fileState = (f: Fmt, state: string): string =>
  FILE_STATES.includes(state as FileState) ? f.t(`fileStates.${state as FileState}`) : state;

/** The engine's phase detail: the model's name, or how the warm-up goes (those words in the user's language). */
function detailText(f: Fmt, detail: string): string {
  if (detail === 'Compiling shaders and warming up') return f.t('phases.compileDetail');
  if (detail === 'Warming up') return f.t('phases.warmupDetail');
  return detail;
}

/** The latest progress, except that an empty snapshot does not wipe a known size (`keepKnownProgress`). */
function useKnownProgress(latest: DownloadProgress | null): DownloadProgress | null {
  const shown = useRef<DownloadProgress | null>(null);
  shown.current = keepKnownProgress(shown.current, latest);
  return shown.current;
}

export function LoadProgress({ phase, detail, progress: latest }: { phase: LoadPhase | null; detail?: string; progress: DownloadProgress | null }) {
  const f = useFmt();
  const current = PHASES.findIndex((p) => p === phase);
  const progress = useKnownProgress(latest);
  const overall = progress && overallProgressText(f, progress);
  return (
    <div className="load-progress" aria-live="polite">
      <ol className="phases" aria-label={f.t('progress.steps')}>
        {PHASES.map((p, i) => (
          <li
            key={p}
            className={i < current ? 'phase phase--done' : i === current ? 'phase phase--current' : 'phase'}
            aria-current={i === current ? 'step' : undefined}
            data-phase={p}
          >
            {f.t(`phases.${p}`)}
          </li>
        ))}
      </ol>
      {detail && <p className="muted small">{detailText(f, detail)}</p>}
      {progress && overall && (
        <>
          <div className="overall">
            <progress
              value={progress.total > 0 ? progress.loaded : undefined}
              max={progress.total > 0 ? progress.total : undefined}
              aria-label={f.t('progress.download')}
            />
            <p className="overall__text">{overall}</p>
          </div>
          {progress.files.length > 0 && (
          <table className="files">
            <caption className="visually-hidden">{f.t('progress.files')}</caption>
            <thead>
              <tr>
                <th scope="col">{f.t('progress.file')}</th>
                <th scope="col">{f.t('progress.progress')}</th>
                <th scope="col">{f.t('progress.size')}</th>
                <th scope="col">{f.t('progress.state')}</th>
              </tr>
            </thead>
            <tbody>
              {progress.files.map((file) => (
                <tr key={file.file}>
                  <td className="files__name">{file.file}</td>
                  <td>
                    <progress value={file.total > 0 ? file.loaded : undefined} max={file.total > 0 ? file.total : undefined} aria-label={f.t('progress.fileProgress', { file: file.file })} />
                  </td>
                  <td className="files__size">
                    {bytes(f, file.loaded)} / {file.total > 0 ? bytes(f, file.total) : '?'}
                  </td>
                  <td>{fileState(f, file.state)}</td>
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
