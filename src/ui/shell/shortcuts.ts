/**
 * Keyboard shortcuts: a key press → the action it asks for. Pure (the App listens and acts).
 * `Mod` is Cmd on macOS and Ctrl elsewhere. While the user types in a text field only the shortcuts
 * with a modifier and Escape (stop) apply; a plain key such as `?` is left to the field.
 */

import type { Key } from '../i18n/types.ts';

export type ShortcutAction = 'new-chat' | 'focus-input' | 'copy-answer' | 'stop' | 'help';

/** The parts of a KeyboardEvent that matter. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** An IME composition is under way: its keys are the composition's. */
  isComposing?: boolean;
}

export interface KeyContext {
  mac: boolean;
  /** Focus is in a text field (input, textarea, select, contenteditable). */
  typing: boolean;
  /** An answer is being generated. */
  streaming: boolean;
  /** A modal dialog is open (Escape is its own). */
  dialogOpen: boolean;
}

/** The shortcuts as the help dialog lists them (keys spelled for the platform). */
export interface ShortcutInfo {
  action: ShortcutAction;
  keys: string[];
  /** What it does, in the catalogue. */
  label: Key;
}

export function shortcutList(mac: boolean): ShortcutInfo[] {
  const mod = mac ? '⌘' : 'Ctrl';
  return [
    { action: 'new-chat', keys: [mod, 'Shift', 'O'], label: 'shortcuts.newChat' },
    { action: 'focus-input', keys: ['Shift', 'Esc'], label: 'shortcuts.focusInput' },
    { action: 'copy-answer', keys: [mod, 'Shift', 'C'], label: 'shortcuts.copyAnswer' },
    { action: 'stop', keys: ['Esc'], label: 'shortcuts.stop' },
    { action: 'help', keys: [mod, '/'], label: 'shortcuts.help' },
  ];
}

/** The action `e` asks for in `ctx`, or null (the key is left alone). */
export function shortcutFor(e: KeyPress, ctx: KeyContext): ShortcutAction | null {
  if (e.isComposing || e.altKey) return null;
  // Cmd on macOS, Ctrl elsewhere; the other one held means some other shortcut.
  const mod = ctx.mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const noMod = !e.ctrlKey && !e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && e.shiftKey && key === 'o') return 'new-chat';
  if (mod && e.shiftKey && key === 'c') return 'copy-answer';
  if (mod && !e.shiftKey && key === '/') return 'help';
  if (key === 'escape' && noMod) {
    if (e.shiftKey) return 'focus-input';
    return ctx.streaming && !ctx.dialogOpen ? 'stop' : null;
  }
  if (key === '?' && noMod && !ctx.typing && !ctx.dialogOpen) return 'help';
  return null;
}

/** Whether focus is in something that takes typed text. */
export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}

/** macOS (and iPadOS with a keyboard): Cmd is the modifier. */
export function isMac(nav: { platform?: string; userAgent?: string }): boolean {
  return /Mac|iPhone|iPad/.test(nav.platform ?? '') || /Mac OS X/.test(nav.userAgent ?? '');
}
