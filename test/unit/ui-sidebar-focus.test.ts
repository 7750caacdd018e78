import { describe, expect, it } from 'vitest';
import { focusAfterDelete } from '../../src/ui/chat/focus.ts';

describe('focus after deleting a conversation', () => {
  it('goes to the conversation that followed it, else the one before, else nowhere (New chat)', () => {
    expect(focusAfterDelete(['a', 'b', 'c'], 'a')).toBe('b');
    expect(focusAfterDelete(['a', 'b', 'c'], 'b')).toBe('c');
    expect(focusAfterDelete(['a', 'b', 'c'], 'c')).toBe('b');
    expect(focusAfterDelete(['a'], 'a')).toBeNull();
    expect(focusAfterDelete([], 'a')).toBeNull();
  });
});
