/**
 * A `WorkerLike` that creates the real worker only after a gate opens (the service worker controlling the
 * page, see register.ts), queueing messages and listeners meanwhile. `EngineClient` cannot tell the difference.
 */
import type { WorkerLike } from '../../worker/client.ts';
import type { UIToWorker, WorkerToUI } from '../../worker/protocol.ts';

type MessageListener = (ev: MessageEvent<WorkerToUI>) => void;
type ErrorListener = (ev: ErrorEvent) => void;

export function deferredWorker(gate: Promise<unknown>, create: () => WorkerLike): WorkerLike {
  let worker: WorkerLike | null = null;
  let terminated = false;
  const queue: UIToWorker[] = [];
  const messageListeners: MessageListener[] = [];
  const errorListeners: ErrorListener[] = [];

  void gate
    .catch(() => undefined)
    .then(() => {
      if (terminated) return;
      worker = create();
      for (const l of messageListeners) worker.addEventListener('message', l);
      for (const l of errorListeners) worker.addEventListener('error', l);
      for (const m of queue.splice(0)) worker.postMessage(m);
    });

  function addEventListener(type: 'message', listener: MessageListener): void;
  function addEventListener(type: 'error', listener: ErrorListener): void;
  function addEventListener(type: 'message' | 'error', listener: MessageListener | ErrorListener): void {
    if (type === 'message') {
      messageListeners.push(listener as MessageListener);
      worker?.addEventListener('message', listener as MessageListener);
    } else {
      errorListeners.push(listener as ErrorListener);
      worker?.addEventListener('error', listener as ErrorListener);
    }
  }

  return {
    postMessage(m: UIToWorker) {
      if (worker) worker.postMessage(m);
      else queue.push(m);
    },
    addEventListener,
    terminate() {
      terminated = true;
      worker?.terminate();
    },
  };
}
