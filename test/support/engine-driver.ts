/**
 * Drives the engine from Node through a page: the harness (engine-page/harness.ts, the app's own
 * `EngineClient` in front of a worker) is injected into a page of the worker's origin (a secure
 * context, so WebGPU works) and every worker message is logged there; `waitFor` polls the log.
 * Used by the engine's end-to-end tests (the built app's worker) and by `npm run bench` (its worker).
 * */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { pickFolder } from './chromium.ts';
import type { HarnessGlobal, LoggedMessage } from './engine-page/harness.ts';
import type { Device, DevicePreference, DtypePreference, ModelSource } from '../../src/core/index.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';

/** The built app's engine worker bundle in `dist` (`assets/worker-<hash>.js`), relative to the app's base. */
export function builtWorkerPath(dist: string): string {
  const assets = path.join(dist, 'assets');
  const file = fs.existsSync(assets) ? fs.readdirSync(assets).find((f) => /^worker-[\w-]+\.js$/.test(f)) : undefined;
  if (!file) throw new Error(`no assets/worker-*.js in ${dist}: build the app first (npm run build)`);
  return `assets/${file}`;
}

/** (The functions given to `page.evaluate` run in the page: each names the harness itself.) */

export class EngineDriver {
  constructor(readonly page: Page) {}

  /**
   * Open `pageUrl` (any page of the worker's origin will do; a 404 keeps the app's own worker away),
   * inject the built page `script` and start the harness with `workerUrl` (when the script needs one).
   */
  static async open<D extends EngineDriver>(
    this: new (page: Page) => D,
    page: Page,
    pageUrl: string,
    script: string,
    workerUrl?: string,
  ): Promise<D> {
    await page.goto(pageUrl);
    await page.addScriptTag({ path: script, type: 'module' });
    await page.waitForFunction(() => '__startEngine' in globalThis);
    await page.evaluate((url) => (globalThis as unknown as { __startEngine: (u?: string) => void }).__startEngine(url), workerUrl);
    return new this(page);
  }

  /** Send a request through the app's client (its `requestId`, if any, labels its answers in the log). */
  async send(msg: UIToWorker): Promise<void> {
    // (The request travels as plain data; in the page it is the protocol's message again.)
    await this.page.evaluate((m) => (globalThis as unknown as HarnessGlobal).__engine.send(m as UIToWorker), msg as LoggedMessage);
  }

  /** Post a message the client has no method for (a bench worker's own request) to the worker as it is. */
  async post<M extends LoggedMessage>(msg: M): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as HarnessGlobal).__engine.post(m), msg as LoggedMessage);
  }

  /**
   * Load a model folder as the user's "local folder" source: a `webkitdirectory` input gets the folder
   * (Playwright passes the paths, nothing is copied) and its File objects go to the worker.
   */
  async loadLocalFolder(requestId: string, dir: string, device: DevicePreference | Device, dtype: DtypePreference, id = 'picked'): Promise<void> {
    await pickFolder(this.page, dir);
    await this.page.evaluate(
      ([label, dev, dt, name]) => {
        const files = Array.from((document.getElementById('__folder') as HTMLInputElement).files ?? []);
        // (Node's and the DOM's File types differ in this project; in the page it is the DOM's.)
        const source = { kind: 'local-files', id: name, files } as unknown as ModelSource;
        (globalThis as unknown as HarnessGlobal).__engine.send({ type: 'load', requestId: label, source, device: dev, dtype: dt });
      },
      [requestId, device, dtype, id] as const,
    );
  }

  /** How many workers the page has started (a `restart` adds one). */
  async workerCount(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).__engine.workers);
  }

  /** Every message so far (a bench worker's own answers among them). */
  async log(): Promise<WorkerToUI[]> {
    return this.page.evaluate(() => (globalThis as unknown as HarnessGlobal).__engine.log) as Promise<WorkerToUI[]>;
  }

  async messages<T extends WorkerToUI['type']>(type: T, requestId?: string): Promise<Extract<WorkerToUI, { type: T }>[]> {
    return (await this.log()).filter(
      (m): m is Extract<WorkerToUI, { type: T }> => m.type === type && (requestId === undefined || ('requestId' in m && m.requestId === requestId)),
    );
  }

  /** Wait until the request `requestId` got one of `types` or an error (or the worker failed); returns that message. */
  async waitFor<M extends LoggedMessage = WorkerToUI>(requestId: string, types: M['type'][], timeout = 180_000): Promise<M | WorkerToUI> {
    const handle = await this.page.waitForFunction(
      ([id, ts]) =>
        (globalThis as unknown as HarnessGlobal).__engine.log.find((m) => (m.requestId === id && (ts.includes(m.type) || m.type === 'error')) || (m.type === 'error' && m.requestId === undefined)) ??
        false,
      [requestId, types as string[]] as const,
      { timeout, polling: 100 },
    );
    return (await handle.jsonValue()) as M | WorkerToUI;
  }

  /** Send a request and wait for its answer; throws, with the messages so far, on any other answer. */
  async request<T extends WorkerToUI['type']>(msg: Extract<UIToWorker, { requestId: string }>, answer: T): Promise<Extract<WorkerToUI, { type: T }>> {
    await this.send(msg);
    const m = await this.waitFor(msg.requestId, [answer]);
    if (m.type !== answer) {
      const trail = (await this.log())
        .filter((x) => x.type !== 'token' && x.type !== 'download-progress')
        .map((x) => JSON.stringify(x).slice(0, 300));
      throw new Error(`expected ${answer}, got ${JSON.stringify(m)}\nmessages so far:\n${trail.join('\n')}`);
    }
    return m as Extract<WorkerToUI, { type: T }>;
  }

  /** The answer of a generate request, as the UI would assemble it from `token` messages. */
  async parts(requestId: string): Promise<{ reasoning: string; answer: string }> {
    const tokens = await this.messages('token', requestId);
    return {
      reasoning: tokens.filter((t) => t.part === 'reasoning').map((t) => t.text).join(''),
      answer: tokens.filter((t) => t.part === 'text').map((t) => t.text).join(''),
    };
  }
}
