/** The windowed message list's pure parts: pinned messages and remembered reasoning panels. */
import { describe, expect, it } from 'vitest';
import { indexesOf, PanelMemory, withPinned } from '../../src/ui/chat/list-window.ts';

describe('the window of messages in the page', () => {
  it('adds the pinned messages (a question being edited) wherever they are, in order, once', () => {
    expect(withPinned([10, 11, 12], [])).toEqual([10, 11, 12]);
    expect(withPinned([10, 11, 12], [3])).toEqual([3, 10, 11, 12]);
    expect(withPinned([10, 11, 12], [11, 40])).toEqual([10, 11, 12, 40]);
  });

  it('finds the pinned messages by id', () => {
    const messages = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(indexesOf(messages, new Set())).toEqual([]);
    expect(indexesOf(messages, new Set(['c', 'a', 'gone']))).toEqual([0, 2]);
  });
});

describe('reasoning panels', () => {
  it('are remembered open or closed per message, unknown until the reader or the panel says', () => {
    const panels = new PanelMemory();
    expect(panels.get('m1')).toBeUndefined();
    panels.set('m1', true);
    panels.set('m2', false);
    expect([panels.get('m1'), panels.get('m2')]).toEqual([true, false]);
  });
});
