/** Where keyboard focus goes when a conversation leaves the sidebar list. Pure. */

/**
 * The conversation to focus after deleting `id` from the list `ids` (in screen order): the one that
 * followed it, else the one before it; null when none is left (focus then goes to New chat).
 */
export function focusAfterDelete(ids: readonly string[], id: string): string | null {
  const at = ids.indexOf(id);
  const rest = ids.filter((x) => x !== id);
  if (rest.length === 0) return null;
  return rest[Math.min(Math.max(at, 0), rest.length - 1)] ?? null;
}
