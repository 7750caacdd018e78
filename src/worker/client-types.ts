/** The shapes `EngineClient` speaks in: handlers for a request's events, its result, the worker it drives. */
import type { EngineFailure, LoadPhase, Notice } from '../core/index.ts';
import type { UIToWorker, WorkerToUI } from './protocol.ts';

export type Msg<T extends WorkerToUI['type']> = Extract<WorkerToUI, { type: T }>;

export interface LoadHandlers {
  onPhase?: (phase: LoadPhase, detail?: string) => void;
  onProgress?: (p: Msg<'download-progress'>) => void;
  onNotice?: (n: Notice) => void;
}

export interface GenerateHandlers {
  onStart?: (m: Msg<'generation-start'>) => void;
  onToken?: (m: Msg<'token'>) => void;
  onReasoningEnd?: (m: Msg<'reasoning-end'>) => void;
  onNotice?: (n: Notice) => void;
}

export type GenerationResult = Omit<Msg<'generation-end'>, 'type'>;

/** The minimal Worker surface the client needs (a real `Worker`, or a fake in tests). */
export interface WorkerLike {
  postMessage(message: UIToWorker): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent<WorkerToUI>) => void): void;
  addEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
  terminate(): void;
}

export interface Pending {
  /** The request as sent, so it can be sent again to a replacement worker. */
  request: Extract<UIToWorker, { requestId: string }>;
  resolve: (m: WorkerToUI) => void;
  reject: (e: EngineFailure) => void;
  /** Message types that settle this request. */
  settles: WorkerToUI['type'][];
  onEvent?: (m: WorkerToUI) => void;
}
