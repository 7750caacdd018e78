import { describe, expect, it } from 'vitest';
import { isMac, shortcutFor, shortcutList, type KeyContext, type KeyPress } from '../../src/ui/shell/shortcuts.ts';

const idle: KeyContext = { mac: false, typing: false, streaming: false, dialogOpen: false };
const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('keyboard shortcuts', () => {
  it('maps Ctrl+Shift+O, Ctrl+Shift+C, Ctrl+/ and Shift+Esc to their actions (Shift makes the letter upper case)', () => {
    expect(shortcutFor(press('O', { ctrlKey: true, shiftKey: true }), idle)).toBe('new-chat');
    expect(shortcutFor(press('C', { ctrlKey: true, shiftKey: true }), idle)).toBe('copy-answer');
    expect(shortcutFor(press('/', { ctrlKey: true }), idle)).toBe('help');
    expect(shortcutFor(press('Escape', { shiftKey: true }), idle)).toBe('focus-input');
  });

  it('uses Cmd instead of Ctrl on macOS, and not the other way round', () => {
    const mac = { ...idle, mac: true };
    expect(shortcutFor(press('O', { metaKey: true, shiftKey: true }), mac)).toBe('new-chat');
    expect(shortcutFor(press('O', { ctrlKey: true, shiftKey: true }), mac)).toBeNull();
    expect(shortcutFor(press('O', { metaKey: true, shiftKey: true }), idle)).toBeNull();
    expect(shortcutFor(press('/', { metaKey: true }), mac)).toBe('help');
  });

  it('leaves ordinary keys and other combinations alone', () => {
    expect(shortcutFor(press('o'), idle)).toBeNull();
    expect(shortcutFor(press('c', { ctrlKey: true }), idle)).toBeNull(); // plain copy
    expect(shortcutFor(press('O', { ctrlKey: true, shiftKey: true, altKey: true }), idle)).toBeNull();
    expect(shortcutFor(press('C', { ctrlKey: true, shiftKey: true, isComposing: true }), idle)).toBeNull();
  });

  it('stops with Escape only while an answer streams and no dialog has the Escape', () => {
    expect(shortcutFor(press('Escape'), idle)).toBeNull();
    expect(shortcutFor(press('Escape'), { ...idle, streaming: true })).toBe('stop');
    expect(shortcutFor(press('Escape'), { ...idle, streaming: true, typing: true })).toBe('stop');
    expect(shortcutFor(press('Escape'), { ...idle, streaming: true, dialogOpen: true })).toBeNull();
  });

  it('keeps the modifier shortcuts while typing, but a plain ? goes to the text field', () => {
    const typing = { ...idle, typing: true };
    expect(shortcutFor(press('?', { shiftKey: true }), idle)).toBe('help');
    expect(shortcutFor(press('?', { shiftKey: true }), typing)).toBeNull();
    expect(shortcutFor(press('O', { ctrlKey: true, shiftKey: true }), typing)).toBe('new-chat');
    expect(shortcutFor(press('C', { ctrlKey: true, shiftKey: true }), typing)).toBe('copy-answer');
    expect(shortcutFor(press('Escape', { shiftKey: true }), typing)).toBe('focus-input');
  });

  it('lists every action once, with the platform’s modifier', () => {
    const actions = shortcutList(false).map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect(actions).toEqual(expect.arrayContaining(['new-chat', 'focus-input', 'copy-answer', 'stop', 'help']));
    expect(shortcutList(true)[0]!.keys[0]).toBe('⌘');
    expect(shortcutList(false)[0]!.keys[0]).toBe('Ctrl');
  });

  it('recognises macOS', () => {
    expect(isMac({ platform: 'MacIntel' })).toBe(true);
    expect(isMac({ platform: 'Linux x86_64', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(false);
  });
});
