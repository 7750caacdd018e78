/**
 * The client's side of a worker restart: the engine asked for a fresh worker to load a fallback model
 * (an f16 shader failed, or the model did not fit the wasm heap). Counts restarts per load, so a
 * fallback chain that keeps failing ends with an error, and retargets the load it sends again.
 * And what follows a lost GPU (`recoverFromLoss`): a reload in a fresh worker, or WASM after a repeat.
 */
import { EngineFailure, type DevicePreference, type Notice } from '../core/index.ts';
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

/** A GPU lost again this soon after the model was reloaded is not fit to use: go to WASM. */
export const REPEAT_LOSS_MS = 2 * 60_000;

export interface LossContext {
  /** When this loss happened (ms). */
  now: number;
  /** When the model was last loaded again after a loss (null: never this session). */
  recoveredAt: number | null;
  /** The GPU was lost while the model was being loaded again after a loss. */
  reloading: boolean;
  /** The device the user asked for when loading the model that was lost. */
  device: DevicePreference;
}

export type LossRecovery =
  | { kind: 'reload'; device: DevicePreference; notice: Notice }
  | { kind: 'wasm'; device: 'wasm'; notice: Notice };

/**
 * What to do after the GPU was lost, without asking the user: load the same model again in a fresh
 * worker (a fresh adapter and device; the files are stored, so nothing is downloaded), or, when the GPU
 * was lost again while reloading or within `REPEAT_LOSS_MS` of the last reload, load it on WASM and say so
 * instead of looping. Pure.
 */
export function recoverFromLoss(ctx: LossContext): LossRecovery {
  const repeat = ctx.reloading || (ctx.recoveredAt !== null && ctx.now - ctx.recoveredAt < REPEAT_LOSS_MS);
  if (repeat) {
    const when = ctx.reloading ? 'while the model was being reloaded' : 'within two minutes of reloading the model';
    return {
      kind: 'wasm',
      device: 'wasm',
      notice: {
        code: 'gpu-lost-wasm',
        message: `The GPU was lost again ${when}, so the model now runs on the CPU (WASM), which is slower. Choose WebGPU and press Load to try the GPU again.`,
        key: ctx.reloading ? 'notices.gpu-lost-wasm-reloading' : 'notices.gpu-lost-wasm-soon',
      },
    };
  }
  return {
    kind: 'reload',
    device: ctx.device,
    notice: {
      code: 'gpu-lost',
      message: 'The GPU was lost (its process crashed or the driver reset), so the model was loaded again on a fresh GPU device.',
      key: 'notices.gpu-lost',
    },
  };
}
