/** Copying to the clipboard with a short spoken and shown confirmation ("Copied"). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFmt } from '../i18n/react.ts';

export type CopyState = 'idle' | 'copied' | 'failed';

const SHOW_MS = 2000;

/** `copy(text)` writes the clipboard; `state` says how it went for two seconds, then idle again. */
export function useCopy(): { state: CopyState; copy: (text: string) => Promise<void> } {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback(async (text: string) => {
    let ok = true;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      ok = false;
    }
    setState(ok ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), SHOW_MS);
  }, []);
  return { state, copy };
}

/** The confirmation, in a live region that is always there (so screen readers announce the change). */
export function CopyStatus({ state }: { state: CopyState }) {
  const f = useFmt();
  return (
    <span className="copy-status small" role="status">
      {state === 'copied' ? f.t('copy.copied') : state === 'failed' ? f.t('copy.failed') : ''}
    </span>
  );
}

/** A "Copy …" button with its confirmation beside it. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { state, copy } = useCopy();
  return (
    <span className="copy">
      <button type="button" className="link" onClick={() => void copy(text)}>
        {label}
      </button>
      <CopyStatus state={state} />
    </span>
  );
}
