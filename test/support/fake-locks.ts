/**
 * Exclusive Web Locks for Node tests (Node has no `navigator.locks`): one holder per name, waiters served in
 * order, `ifAvailable` and `signal` as the browser does them. Two callers sharing one stand for two tabs.
 */
import type { ModelLocks } from '../../src/storage/models/store.ts';

type Callback = (lock: Lock | null) => unknown;

export class FakeLocks {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, (() => void)[]>();

  readonly request = async (name: string, a: LockOptions | Callback, b?: Callback): Promise<unknown> => {
    const options = typeof a === 'function' ? {} : a;
    const cb = (typeof a === 'function' ? a : b)!;
    if (this.held.has(name)) {
      if (options.ifAvailable) return cb(null);
      await this.wait(name, options.signal);
    }
    this.held.add(name);
    try {
      return await cb({ name, mode: 'exclusive' } as Lock);
    } finally {
      this.held.delete(name);
      this.queues.get(name)?.shift()?.();
    }
  };

  private wait(name: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(name) ?? [];
      this.queues.set(name, queue);
      const turn = () => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        queue.splice(queue.indexOf(turn), 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      queue.push(turn);
    });
  }

  get locks(): ModelLocks {
    return this as unknown as ModelLocks;
  }
}
