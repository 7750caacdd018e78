/** A minimal observable value for `useSyncExternalStore`: a snapshot, replaced (never mutated) on change. */
export class Store<T> {
  private value: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.value = initial;
  }

  readonly getSnapshot = (): T => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Replaces the snapshot with `patch` merged in and notifies the subscribers. */
  protected update(patch: Partial<T>): void {
    this.value = { ...this.value, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
