/**
 * The engine's message loop, apart from the worker global so it can be driven from Node too.
 * (Skeleton: probe works; load/generate land next.)
 */
import { probeGpu } from './gpu-probe.ts';
import type { EngineError, UIToWorker, WorkerToUI } from './protocol.ts';

export interface HostOptions {
  /** Absolute URL of the app's base (`…/`), for same-origin models at `<base>models/<id>/`. */
  baseUrl: string;
}

export class EngineHost {
  constructor(
    private readonly post: (m: WorkerToUI) => void,
    private readonly opts: HostOptions,
  ) {}

  async handle(msg: UIToWorker): Promise<void> {
    switch (msg.type) {
      case 'probe':
        this.post({ type: 'probe-result', requestId: msg.requestId, gpu: await probeGpu() });
        return;
      case 'plan':
      case 'load':
      case 'generate':
      case 'unload':
        this.post({ type: 'error', requestId: msg.requestId, error: notYet(this.opts.baseUrl) });
        return;
      case 'stop':
      case 'reset':
      case 'download-control':
        return;
    }
  }
}

function notYet(detail: string): EngineError {
  return { code: 'unknown', message: 'The engine is not ready yet in this build.', detail };
}
