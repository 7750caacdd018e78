/**
 * Runs in the page that the engine's end-to-end tests and `npm run bench` drive: the product's own
 * `EngineClient` (request correlation, worker restarts) in front of an engine worker, with every
 * message the worker sends kept in a log that Playwright reads (`EngineDriver`, engine-driver.ts).
 *
 * Requests carry a label chosen by the test (`requestId: 'L'`); the client picks its own ids, and the
 * log names each message by the label of the request it answers, so a test can ask for "the notices
 * of L". Messages the client has no method for (`set-tuning`, a bench-only request) go to the current
 * worker as they are.
 */
import { EngineClient, EngineFailure, type WorkerLike } from '../../../src/worker/client.ts';
import { assertNever, type UIToWorker, type WorkerToUI } from '../../../src/worker/protocol.ts';

/** A message as logged: a worker's message (bench workers add their own types), ids replaced by labels. */
export type LoggedMessage = { type: string; requestId?: string };

/** The harness's handle in the page: `globalThis.__engine`. */
export interface HarnessGlobal {
  __engine: EngineHarness;
}

export class EngineHarness {
  readonly log: LoggedMessage[] = [];
  /** Workers started so far (a `restart` starts another). */
  workers = 0;
  private current: Worker | null = null;
  /** The client's request id → the test's label. */
  private readonly labels = new Map<string, string>();
  /** Labels of requests handed to the client whose id has not been seen yet, in order. */
  private readonly unlabelled: string[] = [];
  private readonly client: EngineClient;

  constructor(createWorker: () => Worker) {
    this.client = new EngineClient(() => this.wrap(createWorker()));
  }

  /** Send a protocol request through the client (a `requestId` in `msg` is the label). */
  send(msg: UIToWorker): void {
    if (msg.type === 'set-tuning') return this.post(msg);
    const label = 'requestId' in msg ? msg.requestId : null;
    if (label !== null) this.unlabelled.push(label);
    const pending = callClient(this.client, msg);
    pending?.catch((e: unknown) => {
      // An answer the worker never sent (the client gave up, e.g. after too many restarts).
      if (label !== null && !this.log.some((m) => m.type === 'error' && m.requestId === label)) {
        const error = e instanceof EngineFailure ? e.error : { code: 'unknown' as const, message: String(e) };
        this.log.push({ type: 'error', requestId: label, error } as LoggedMessage);
      }
    });
  }

  /** Post a message to the current worker as it is (no client method for it). */
  post(msg: LoggedMessage): void {
    this.current?.postMessage(msg);
  }

  private wrap(worker: Worker): WorkerLike {
    this.workers++;
    this.current = worker;
    worker.addEventListener('message', (ev: MessageEvent<LoggedMessage>) => {
      if (worker !== this.current) return;
      const m = ev.data;
      this.log.push(m.requestId === undefined ? m : { ...m, requestId: this.labels.get(m.requestId) ?? m.requestId });
    });
    worker.addEventListener('error', (ev: ErrorEvent) => {
      if (worker !== this.current) return;
      const crash: WorkerToUI = { type: 'error', error: { code: 'unknown', message: 'the engine worker failed', detail: ev.message } };
      this.log.push(crash);
    });
    return {
      postMessage: (m: UIToWorker) => {
        if ('requestId' in m && !this.labels.has(m.requestId)) this.labels.set(m.requestId, this.unlabelled.shift() ?? m.requestId);
        worker.postMessage(m);
      },
      addEventListener: worker.addEventListener.bind(worker) as WorkerLike['addEventListener'],
      terminate: () => worker.terminate(),
    };
  }
}

/** The client method for each request (a request type without one is a compile error). */
function callClient(c: EngineClient, m: Exclude<UIToWorker, { type: 'set-tuning' }>): Promise<unknown> | undefined {
  switch (m.type) {
    case 'probe':
      return c.probe();
    case 'plan':
      return c.plan(m.source, m.device, m.dtype);
    case 'load':
      return c.load(m.source, m.device, m.dtype);
    case 'generate':
      return c.generate(m.messages, m.sampling, m.contextWindow);
    case 'unload':
      return c.unload();
    case 'diagnostics':
      return c.diagnostics();
    case 'benchmark':
      return c.benchmark(m.spec);
    case 'compare-logits':
      return c.compareLogits(m.spec);
    case 'model-info':
      return c.modelInfo();
    case 'stop':
      return void c.stop();
    case 'reset':
      return void c.reset();
    case 'download-control':
      return void c.downloadControl(m.action);
    default:
      return assertNever(m);
  }
}
