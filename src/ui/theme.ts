/**
 * The colour theme on `<html>`: `data-theme="light"|"dark"`, absent = follow `prefers-color-scheme`
 * (src/ui/base.css). The settings live in IndexedDB, which answers too late for the first paint, so
 * the choice is mirrored in localStorage and applied by `main.tsx` before React renders.
 */
import type { ThemePreference } from '../storage/chats/types.ts';

export const THEME_KEY = 'local-r1.theme';

/** What the mirror holds, or 'system' (nothing stored, unreadable storage, an unknown value). */
export function mirroredTheme(): ThemePreference {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Sets (or, for 'system', removes) `data-theme` on `<html>` and mirrors the choice. */
export function applyTheme(theme: ThemePreference): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.dataset.theme = theme;
  try {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Storage refused (private mode): the theme still applies to this page.
  }
}
