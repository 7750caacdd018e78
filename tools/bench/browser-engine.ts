/**
 * The app's own engine worker (from the built `dist/`) in headless Chromium on loopback, driven over
 * its typed protocol, for `npm run bench`. Models under `models/` are served same-origin at
 * `/models/bench/<name>/`, so they load exactly as the app loads a same-origin model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions, pickFolder } from '../../test/support/chromium.ts';
import { startStaticServer, type RunningServer } from '../serve/static-server.ts';
import type { Device, Dtype, EngineError, LoadedModelInfo } from '../../src/core/index.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';

type Msg<T extends WorkerToUI['type']> = Extract<WorkerToUI, { type: T }>;
type Request = Extract<UIToWorker, { requestId: string }>;
/** A request without its id (distributes over the union). */
export type RequestBody = Request extends infer R ? (R extends unknown ? Omit<R, 'requestId'> : never) : never;

/** A request the worker answered with an `error` message. */
export class WorkerError extends Error {
  constructor(readonly error: EngineError) {
    super(`${error.code}: ${error.message}${error.detail ? ` (${error.detail.slice(0, 300)})` : ''}`);
  }
}

/** The engine worker bundle Vite emitted (`assets/worker-<hash>.js`). */
export function builtWorker(dist: string): string {
  const assets = path.join(dist, 'assets');
  const file = fs.existsSync(assets) ? fs.readdirSync(assets).find((f) => /^worker-[\w-]+\.js$/.test(f)) : undefined;
  if (!file) throw new Error(`no assets/worker-*.js in ${dist}: build the app first (npm run build)`);
  return `assets/${file}`;
}

interface Waiter {
  types: string[];
  resolve: (m: WorkerToUI) => void;
  reject: (e: Error) => void;
  onEvent?: (m: WorkerToUI) => void;
}

let seq = 0;

export class BrowserEngine {
  /** Every open engine, so an interrupted bench can close its browsers. */
  private static readonly open_ = new Set<BrowserEngine>();
  private readonly waiters = new Map<string, Waiter>();
  private crashed: string | null = null;

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly server: RunningServer,
    readonly webgpu: boolean,
  ) {}

  static async open(opts: { dist: string; modelsDir: string; webgpu: boolean }): Promise<BrowserEngine> {
    const server = await startStaticServer({ root: opts.dist, mounts: { '/models/bench/': opts.modelsDir } });
    const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: opts.webgpu }));
    const page = await browser.newPage();
    const engine = new BrowserEngine(browser, page, server, opts.webgpu);
    BrowserEngine.open_.add(engine);
    await page.exposeFunction('__benchPost', (m: WorkerToUI | { type: 'worker-error'; message: string }) => engine.receive(m));
    // Any same-origin page will do (a secure context for WebGPU); a 404 keeps the app's own worker away.
    await page.goto(`${server.url}__bench__`);
    await page.evaluate((url) => {
      const g = globalThis as unknown as { __w: Worker; __benchPost: (m: unknown) => void };
      const w = new Worker(url, { type: 'module' });
      g.__w = w;
      w.addEventListener('message', (ev: MessageEvent) => g.__benchPost(ev.data));
      w.addEventListener('error', (ev: ErrorEvent) => g.__benchPost({ type: 'worker-error', message: ev.message }));
    }, `${server.url}${builtWorker(opts.dist)}`);
    return engine;
  }

  private receive(m: WorkerToUI | { type: 'worker-error'; message: string }): void {
    if (m.type === 'worker-error') {
      this.crashed = m.message;
      for (const [id, w] of this.waiters) {
        this.waiters.delete(id);
        w.reject(new Error(`the engine worker crashed: ${m.message}`));
      }
      return;
    }
    const id = 'requestId' in m ? m.requestId : undefined;
    const w = id !== undefined ? this.waiters.get(id) : undefined;
    if (!w || id === undefined) return;
    if (m.type === 'error') {
      this.waiters.delete(id);
      w.reject(new WorkerError(m.error));
    } else if (m.type === 'restart') {
      // The app would start a fresh worker and load `m.dtype`; a benchmark reports the failure instead.
      this.waiters.delete(id);
      w.reject(new Error(`does not load (${m.reason.replace(/^Error: /, '').slice(0, 200)}); the app would load ${m.dtype} instead, in a fresh worker`));
    } else if (w.types.includes(m.type)) {
      this.waiters.delete(id);
      w.resolve(m);
    } else {
      w.onEvent?.(m);
    }
  }

  /** Send a request (its `requestId` is filled in) and wait for one of `answers`. */
  request<T extends WorkerToUI['type']>(msg: RequestBody, answers: T[], onEvent?: (m: WorkerToUI) => void): Promise<Msg<T>> {
    if (this.crashed) return Promise.reject(new Error(`the engine worker crashed: ${this.crashed}`));
    const requestId = `b${++seq}`;
    const full = { ...msg, requestId } as Request;
    return new Promise<Msg<T>>((resolve, reject) => {
      this.waiters.set(requestId, { types: answers, resolve: resolve as (m: WorkerToUI) => void, reject, ...(onEvent ? { onEvent } : {}) });
      this.page.evaluate((m) => (globalThis as unknown as { __w: Worker }).__w.postMessage(m), full).catch(reject);
    });
  }

  /** Load `models/<name>` on `device` with `dtype` (no fallback: what is asked is what runs). */
  async load(name: string, device: Device, dtype: Dtype): Promise<LoadedModelInfo> {
    const m = await this.request({ type: 'load', source: { kind: 'same-origin', id: `bench/${name}` }, device, dtype }, ['loaded']);
    if (m.info.dtype !== dtype || m.info.device !== device) {
      throw new Error(`asked for ${device} ${dtype}, the engine loaded ${m.info.device} ${m.info.dtype}`);
    }
    return m.info;
  }

  /**
   * Load the model folder `dir` as files picked from disk (`local-files`: read in place, the model store
   * is not involved): how the bench loads the 1.4–2 GB real-size models without copying them into OPFS.
   */
  async loadFolder(dir: string, device: Device, dtype: Dtype): Promise<LoadedModelInfo> {
    if (this.crashed) throw new Error(`the engine worker crashed: ${this.crashed}`);
    await pickFolder(this.page, dir);
    const requestId = `b${++seq}`;
    const done = new Promise<Msg<'loaded'>>((resolve, reject) => {
      this.waiters.set(requestId, { types: ['loaded'], resolve: resolve as (m: WorkerToUI) => void, reject });
    });
    await this.page.evaluate(
      ([id, dev, dt, name]) => {
        const input = document.getElementById('__folder') as HTMLInputElement;
        const files = Array.from(input.files ?? []);
        const w = (globalThis as unknown as { __w: Worker }).__w;
        w.postMessage({ type: 'load', requestId: id, source: { kind: 'local-files', id: name, files }, device: dev, dtype: dt });
      },
      [requestId, device, dtype, path.basename(dir)] as const,
    );
    const m = await done;
    if (m.info.dtype !== dtype || m.info.device !== device) {
      throw new Error(`asked for ${device} ${dtype}, the engine loaded ${m.info.device} ${m.info.dtype}`);
    }
    return m.info;
  }

  async unload(): Promise<void> {
    await this.request({ type: 'unload' }, ['unloaded']);
  }

  static async closeAll(): Promise<void> {
    await Promise.all([...BrowserEngine.open_].map((e) => e.close()));
  }

  async close(): Promise<void> {
    BrowserEngine.open_.delete(this);
    for (const [id, w] of this.waiters) {
      this.waiters.delete(id);
      w.reject(new Error('closed'));
    }
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}
