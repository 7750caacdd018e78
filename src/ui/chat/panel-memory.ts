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
