/**
 * Fixtures for the engine's end-to-end tests: the built app plus the generator's tiny models served
 * same-origin at `/models/test/<name>/` (so `?model=local:test/<name>` or a `same-origin` source with
 * id `test/<name>` loads them), and a driver that talks to the **built** engine worker directly over
 * its protocol from a page of the app's origin (no UI in between).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures.ts';
import { pickFolder } from '../support/chromium.ts';
import { startStaticServer, type RunningServer } from '../../tools/serve/static-server.ts';
import { ensureModel, MODELS_DIR, TINY_MULTI_TURN, TINY_SCRIPTED } from '../support/models.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';

const DIST = path.resolve(import.meta.dirname, '../../dist');

export interface EngineWorkerFixtures {
  /** The built app with `models/` mounted at `/models/test/`. */
  modelApp: RunningServer;
}

export const test = base.extend<object, EngineWorkerFixtures>({
  modelApp: [
    async ({}, use) => {
      if (!fs.existsSync(path.join(DIST, 'index.html'))) {
        throw new Error('dist/ is missing: run `npm run build` before the e2e tests (npm test does).');
      }
      await ensureModel('tiny-scripted', TINY_SCRIPTED);
      await ensureModel('tiny-multi-turn', TINY_MULTI_TURN);
      const server = await startStaticServer({ root: DIST, mounts: { '/models/test/': MODELS_DIR } });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** The engine worker bundle Vite emitted (`assets/worker-<hash>.js`). */
export function builtWorkerPath(): string {
  const assets = path.join(DIST, 'assets');
  const file = fs.readdirSync(assets).find((f) => /^worker-[\w-]+\.js$/.test(f));
  if (!file) throw new Error('no assets/worker-*.js in dist/: was the engine worker built?');
  return `assets/${file}`;
}

type Msg<T extends WorkerToUI['type']> = Extract<WorkerToUI, { type: T }>;

/**
 * Drives the built worker from a blank page of the app's origin (a secure context, so WebGPU works).
 * Messages are kept in the page; `waitFor` polls them.
 */
export class EngineDriver {
  private constructor(private readonly page: Page) {}

  static async start(page: Page, baseUrl: string): Promise<EngineDriver> {
    // Any same-origin URL will do; a 404 page keeps the app's own worker out of the way.
    await page.goto(`${baseUrl}__engine-e2e__`);
    await page.evaluate((workerUrl) => {
      type Req = { type: string; requestId?: string; dtype?: string };
      const g = globalThis as unknown as {
        __engine: Worker;
        __log: unknown[];
        __sent: Map<string, Req>;
        __post: (m: Req) => void;
        __workers: number;
      };
      g.__log = [];
      g.__sent = new Map();
      g.__workers = 0;
      // Like EngineClient: a `restart` answer replaces the worker and resends the open requests.
      const spawn = () => {
        const w = new Worker(workerUrl, { type: 'module' });
        g.__workers++;
        w.addEventListener('message', (ev: MessageEvent<Req & { dtype?: string }>) => {
          if (w !== g.__engine) return;
          g.__log.push(ev.data);
          if (ev.data.type === 'restart') {
            const load = g.__sent.get(ev.data.requestId!);
            if (load) g.__sent.set(load.requestId!, { ...load, dtype: ev.data.dtype });
            const old = g.__engine;
            g.__engine = spawn();
            old.terminate();
            for (const r of g.__sent.values()) g.__engine.postMessage(r);
          } else if (ev.data.requestId && ev.data.type !== 'token' && ev.data.type !== 'load-phase' && ev.data.type !== 'notice' && ev.data.type !== 'download-progress' && ev.data.type !== 'generation-start' && ev.data.type !== 'reasoning-end') {
            g.__sent.delete(ev.data.requestId);
          }
        });
        w.addEventListener('error', (ev: ErrorEvent) => g.__log.push({ type: 'worker-error', message: ev.message }));
        return w;
      };
      g.__engine = spawn();
      g.__post = (m: Req) => {
        if (m.requestId) g.__sent.set(m.requestId, m);
        g.__engine.postMessage(m);
      };
    }, `${baseUrl}${builtWorkerPath()}`);
    return new EngineDriver(page);
  }

  async send(msg: UIToWorker): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as { __post: (x: unknown) => void }).__post(m), msg);
  }

  /**
   * Load a model folder as the user's "local folder" source: a `webkitdirectory` input gets the folder
   * (Playwright passes the paths, nothing is copied) and its File objects go to the worker.
   */
  async loadLocalFolder(requestId: string, dir: string, device: 'auto' | 'webgpu' | 'wasm', dtype: 'auto' | 'q4' | 'q4f16'): Promise<void> {
    await pickFolder(this.page, dir);
    await this.page.evaluate(
      ([id, dev, dt]) => {
        const input = document.getElementById('__folder') as HTMLInputElement;
        const files = Array.from(input.files ?? []);
        const g = globalThis as unknown as { __post: (x: unknown) => void };
        g.__post({ type: 'load', requestId: id, source: { kind: 'local-files', id: 'picked', files }, device: dev, dtype: dt });
      },
      [requestId, device, dtype] as const,
    );
  }

  /** How many workers the page has started (a `restart` adds one). */
  async workerCount(): Promise<number> {
    return this.page.evaluate(() => (globalThis as unknown as { __workers: number }).__workers);
  }

  async log(): Promise<WorkerToUI[]> {
    return this.page.evaluate(() => (globalThis as unknown as { __log: WorkerToUI[] }).__log);
  }

  async messages<T extends WorkerToUI['type']>(type: T, requestId?: string): Promise<Msg<T>[]> {
    const all = await this.log();
    return all.filter(
      (m): m is Msg<T> => m.type === type && (requestId === undefined || ('requestId' in m && m.requestId === requestId)),
    );
  }

  /** Wait until the request `requestId` got one of `types` (or an error); returns that message. */
  async waitFor(requestId: string, types: WorkerToUI['type'][], timeout = 180_000): Promise<WorkerToUI> {
    const handle = await this.page.waitForFunction(
      ([id, ts]) => {
        const log = (globalThis as unknown as { __log: { type: string; requestId?: string }[] }).__log;
        return (
          log.find((m) => m.requestId === id && ((ts as readonly string[]).includes(m.type) || m.type === 'error')) ??
          log.find((m) => m.type === 'worker-error') ??
          false
        );
      },
      [requestId, types] as const,
      { timeout, polling: 100 },
    );
    return (await handle.jsonValue()) as WorkerToUI;
  }

  /** Send a request and wait for its answer; fails the test on an error answer. */
  async request<T extends WorkerToUI['type']>(msg: Extract<UIToWorker, { requestId: string }>, answer: T): Promise<Msg<T>> {
    await this.send(msg);
    const m = await this.waitFor(msg.requestId, [answer]);
    if (m.type !== answer) {
      const trail = (await this.log())
        .filter((x) => x.type !== 'token' && x.type !== 'download-progress')
        .map((x) => JSON.stringify(x).slice(0, 300));
      throw new Error(`expected ${answer}, got ${JSON.stringify(m)}\nmessages so far:\n${trail.join('\n')}`);
    }
    return m as Msg<T>;
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
