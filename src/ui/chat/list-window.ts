/** Pure helpers of the windowed message list (MessageList.tsx). */

/**
 * Whether each answer's reasoning panel was left open or closed (by message id), so that a panel
 * scrolled out of the windowed list and back shows as the reader left it.
 */
export class PanelMemory {
  private readonly open = new Map<string, boolean>();

  get(id: string): boolean | undefined {
    return this.open.get(id);
  }

  set(id: string, open: boolean): void {
    this.open.set(id, open);
  }
}

/** The positions of the messages `ids` in `messages`. */
export function indexesOf(messages: readonly { id: string }[], ids: ReadonlySet<string>): number[] {
  if (ids.size === 0) return [];
  const out: number[] = [];
  messages.forEach((m, i) => ids.has(m.id) && out.push(i));
  return out;
}

/** The window's indexes plus the pinned ones (kept in the page wherever they are), in order, without repeats. */
export function withPinned(range: readonly number[], pinned: readonly number[]): number[] {
  if (pinned.length === 0) return [...range];
  return [...new Set([...range, ...pinned])].sort((a, b) => a - b);
}
