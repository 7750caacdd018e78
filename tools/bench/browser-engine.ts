/**
 * The app's engine in headless Chromium on loopback, for `npm run bench`: the bench's page (the app's
 * own `EngineClient` in front of the bench worker, which is the app's engine host plus the chat
 * benchmark; page/) driven through the e2e tests' `EngineDriver`. Models under `models/` are served
 * same-origin at `/models/bench/<name>/`, so they load exactly as the app loads a same-origin model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { EngineDriver } from '../../test/support/engine-driver.ts';
import type { LoggedMessage } from '../../test/support/engine-page/harness.ts';
import { buildEnginePage, type EnginePage } from '../../test/support/engine-page/build.ts';
import { REPO_ROOT } from '../../test/support/models.ts';
import { startStaticServer, type RunningServer } from '../serve/static-server.ts';
import { ISOLATION_HEADERS } from '../../src/ui/pwa/isolation-headers.ts';
import type { Device, Dtype, EngineError, LoadedModelInfo } from '../../src/core/index.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';
import type { ChatBenchResult, ChatBenchSpec, ChatBenchTurn } from './chat-benchmark.ts';

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

const BENCH_PAGE: EnginePage = { dir: path.join(REPO_ROOT, 'dist-bench'), script: path.join(REPO_ROOT, 'dist-bench', 'engine-page.js') };

/**
 * The bench's page and worker in dist-bench/: built with Vite when missing or when `rebuild` (like the
 * app's dist/, a build that is there is reused: `npm run bench -- --build` after changing the engine).
 */
export async function benchPage(rebuild: boolean, log: (msg: string) => void): Promise<EnginePage> {
  if (!rebuild && fs.existsSync(BENCH_PAGE.script)) {
    log(`reusing the bench page and worker in dist-bench/ (--build rebuilds them)`);
    return BENCH_PAGE;
  }
  log('building the bench page and worker into dist-bench/');
  return buildEnginePage(path.join(import.meta.dirname, 'page', 'bench-page.ts'), BENCH_PAGE.dir);
}

/** The withTimeout wrappers of the bench decide how long a step may take. */
const NO_LIMIT = 24 * 3600_000;

let seq = 0;

export class BrowserEngine {
  /** Every open engine, so an interrupted bench can close its browsers. */
  private static readonly open_ = new Set<BrowserEngine>();

  private constructor(
    readonly browser: Browser,
    readonly driver: EngineDriver,
    readonly server: RunningServer,
  ) {}

  static async open(opts: { page: EnginePage; modelsDir: string; webgpu: boolean }): Promise<BrowserEngine> {
    // Cross-origin isolated, as the app under its service worker: WASM may run on several threads.
    const server = await startStaticServer({ root: opts.page.dir, mounts: { '/models/bench/': opts.modelsDir }, headers: { ...ISOLATION_HEADERS } });
    const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: opts.webgpu }));
    const engine = new BrowserEngine(browser, await EngineDriver.open(await browser.newPage(), `${server.url}__bench__`, opts.page.script), server);
    BrowserEngine.open_.add(engine);
    return engine;
  }

  /** Send a request and wait for `answer`; an error answer or a worker restart rejects. */
  async request<T extends WorkerToUI['type']>(msg: RequestBody, answer: T): Promise<Msg<T>> {
    const requestId = `b${++seq}`;
    await this.driver.send({ ...msg, requestId } as Request);
    return settle(await this.driver.waitFor(requestId, [answer, 'restart'], NO_LIMIT), answer);
  }

  /** Time a multi-turn chat on the loaded model, our engine's way or the peer example's. */
  async chat(spec: ChatBenchSpec): Promise<ChatBenchTurn[]> {
    const requestId = `b${++seq}`;
    await this.driver.post({ type: 'chat-benchmark', requestId, spec });
    return settle(await this.driver.waitFor<ChatBenchResult>(requestId, ['chat-benchmark-result'], NO_LIMIT), 'chat-benchmark-result').turns;
  }

  /** WASM threads for this engine's sessions: call before its first load (a fresh engine per count). */
  async setWasmThreads(threads: number): Promise<void> {
    await this.driver.post({ type: 'wasm-threads', threads });
  }

  /** Load `models/<name>` on `device` with `dtype` (no fallback: what is asked is what runs). */
  async load(name: string, device: Device, dtype: Dtype): Promise<LoadedModelInfo> {
    const m = await this.request({ type: 'load', source: { kind: 'same-origin', id: `bench/${name}` }, device, dtype }, 'loaded');
    return exactly(m.info, device, dtype);
  }

  /**
   * Load the model folder `dir` as files picked from disk (`local-files`: read in place, the model store
   * is not involved): how the bench loads the 1.4–2 GB real-size models without copying them into OPFS.
   */
  async loadFolder(dir: string, device: Device, dtype: Dtype): Promise<LoadedModelInfo> {
    const requestId = `b${++seq}`;
    await this.driver.loadLocalFolder(requestId, dir, device, dtype, path.basename(dir));
    const m = settle(await this.driver.waitFor(requestId, ['loaded', 'restart'], NO_LIMIT), 'loaded');
    return exactly(m.info, device, dtype);
  }

  async unload(): Promise<void> {
    await this.request({ type: 'unload' }, 'unloaded');
  }

  static async closeAll(): Promise<void> {
    await Promise.all([...BrowserEngine.open_].map((e) => e.close()));
  }

  async close(): Promise<void> {
    BrowserEngine.open_.delete(this);
    await this.browser.close().catch(() => undefined);
    await this.server.close();
  }
}

/** The answer `type`, or the error / restart that came instead, thrown. */
function settle<M extends LoggedMessage, T extends M['type']>(m: M | WorkerToUI, type: T): Extract<M | WorkerToUI, { type: T }> {
  if (m.type === type) return m as Extract<M | WorkerToUI, { type: T }>;
  const w = m as WorkerToUI;
  if (w.type === 'error') throw new WorkerError(w.error);
  if (w.type === 'restart') {
    // The app would go on in a fresh worker with `dtype`; a benchmark reports the failure instead.
    throw new Error(`does not load (${w.reason.replace(/^Error: /, '').slice(0, 200)}); the app would load ${w.dtype} instead, in a fresh worker`);
  }
  throw new Error(`expected ${type}, got ${JSON.stringify(m).slice(0, 300)}`);
}

function exactly(info: LoadedModelInfo, device: Device, dtype: Dtype): LoadedModelInfo {
  if (info.dtype !== dtype || info.device !== device) throw new Error(`asked for ${device} ${dtype}, the engine loaded ${info.device} ${info.dtype}`);
  return info;
}
