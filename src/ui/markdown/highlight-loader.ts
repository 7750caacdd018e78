/**
 * Loads the syntax highlighter (`highlight.ts`) the first time a finished code block needs it, and
 * tells the blocks waiting for it. Until it is there (and if it fails to load) code shows plain.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { highlightPlugin } from './highlight.ts';

export type HighlightPlugin = typeof highlightPlugin;

let plugin: HighlightPlugin | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function load(): void {
  loading ??= import('./highlight.ts').then(
    (m) => {
      plugin = m.highlightPlugin;
      for (const fn of listeners) fn();
    },
    (e: unknown) => console.warn('The syntax highlighter could not be loaded; code stays plain.', e),
  );
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The highlighting plugin once loaded (null before); `wanted` starts loading it. */
export function useHighlighter(wanted: boolean): HighlightPlugin | null {
  const current = useSyncExternalStore(subscribe, () => plugin, () => null);
  useEffect(() => {
    if (wanted && plugin === null) load();
  }, [wanted]);
  return wanted ? current : null;
}
