/** Listens for the keyboard shortcuts (`shortcuts.ts`) on the whole page and runs their actions. */
import { useEffect, useRef } from 'react';
import { isMac, isTypingTarget, shortcutFor, type ShortcutAction } from './shortcuts.ts';

export const MAC = typeof navigator !== 'undefined' && isMac(navigator);

export function useShortcuts(streaming: boolean, run: (action: ShortcutAction) => void): void {
  // The latest state and handlers, without re-adding the listener on every render.
  const latest = useRef({ streaming, run });
  latest.current = { streaming, run };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Something on the page already handled this key (Escape closing the drawer or an edit).
      if (e.defaultPrevented) return;
      const action = shortcutFor(e, {
        mac: MAC,
        typing: isTypingTarget(document.activeElement),
        streaming: latest.current.streaming,
        dialogOpen: document.querySelector('dialog[open]') !== null,
      });
      if (!action) return;
      e.preventDefault();
      latest.current.run(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
