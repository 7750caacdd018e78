/**
 * The client's side of a worker restart: the engine asked for a fresh worker to load a fallback model
 * (an f16 shader failed, or the model did not fit the wasm heap). Counts restarts per load, so a
 * fallback chain that keeps failing ends with an error, and retargets the load it sends again.
 */
import { EngineFailure } from '../core/index.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';

/** q4f16 → q4 (f16 shaders), then q4 → q4f16 on WASM (memory): never more than two. */
export const MAX_RESTARTS = 2;

type Restart = Extract<WorkerToUI, { type: 'restart' }>;
type Request = Extract<UIToWorker, { requestId: string }>;

export class RestartBudget {
  private readonly counts = new Map<string, number>();

  /** Count this restart of its load; null while allowed, else the failure to reject the load with. */
  spend(m: Restart): EngineFailure | null {
    const count = (this.counts.get(m.requestId) ?? 0) + 1;
    this.counts.set(m.requestId, count);
    if (count <= MAX_RESTARTS) return null;
    return new EngineFailure({ code: 'unknown', message: 'The model could not be loaded on this device.', detail: m.reason, key: 'errors.notOnDevice' });
  }
}

/** An open request as the new worker gets it: the restarted load with the fallback dtype (and device). */
export function resend(request: Request, m: Restart): Request {
  if (request.requestId !== m.requestId || request.type !== 'load') return request;
  return { ...request, dtype: m.dtype, ...(m.device ? { device: m.device } : {}) };
}
