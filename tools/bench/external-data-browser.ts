/**
 * Loading a big single-file model on WebGPU whole vs as graph + external data (src/engine/external-split.ts),
 * in the built engine worker in Chromium (SwiftShader), on the real-size 1.5B files read in place as picked
 * files. Each run is a fresh browser: time to session created (the `compiling` phase) and to `loaded`, the
 * renderer's and GPU process's resident memory (VmRSS sampled every 200 ms, the maximum kept: JS memory,
 * the wasm heap, and on SwiftShader the "GPU" buffers, which live in the GPU process; VmHWM is not used,
 * Chromium resets it), and optionally decode speed.
 *
 * On SwiftShader q4f16 creates its session, then fails at warm-up (no shader-f16), so for q4f16 the figures
 * stop at the session; whole q4 fails at session creation (std::bad_alloc); both then ask for a restart,
 * which this bench does not follow.
 *
 *   npm run build && npx tsx tools/bench/external-data-browser.ts [--model models/engine-r1-1.5b] [--dtypes q4,q4f16] [--tokens 4]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions, pickFolder } from '../../test/support/chromium.ts';
import { startStaticServer } from '../serve/static-server.ts';
import { chromiumMemory } from './proc-memory.ts';
import type { Dtype } from '../../src/core/index.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';
import { ISOLATION_HEADERS } from '../../src/ui/pwa/isolation-headers.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/engine-r1-1.5b' },
    dtypes: { type: 'string', default: 'q4,q4f16' },
    tokens: { type: 'string', default: '4' },
    device: { type: 'string', default: 'webgpu' },
  },
});
const DEVICE = values.device === 'wasm' ? 'wasm' : 'webgpu';
const DIST = path.resolve(import.meta.dirname, '../../dist');
const MB = 1024 * 1024;

interface Mem {
  renderer: number;
  gpu: number;
}

/** Current RSS of the largest renderer / GPU process under `rootPid`. */
function memory(rootPid: number): Mem {
  const { renderer, gpu } = chromiumMemory(rootPid, 'VmRSS');
  return { renderer, gpu };
}

/** Samples `memory()` until stopped, keeping the maximum of each. */
class PeakSampler {
  peak: Mem = { renderer: 0, gpu: 0 };
  private timer = setInterval(() => this.sample(), 200);
  sample(): Mem {
    const m = memory(process.pid);
    this.peak = { renderer: Math.max(this.peak.renderer, m.renderer), gpu: Math.max(this.peak.gpu, m.gpu) };
    return m;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

type Log = (WorkerToUI & { t: number })[];

async function startWorker(page: Page, url: string, workerPath: string): Promise<void> {
  await page.goto(`${url}__bench__`);
  await page.evaluate((w) => {
    const g = globalThis as unknown as { __w: Worker; __log: unknown[] };
    g.__log = [];
    g.__w = new Worker(w, { type: 'module' });
    g.__w.onmessage = (e: MessageEvent<object>) => g.__log.push({ ...e.data, t: performance.now() });
  }, url + workerPath);
}

async function waitFor(page: Page, id: string, types: string[], timeout = 1_500_000): Promise<WorkerToUI & { t: number }> {
  const h = await page.waitForFunction(
    ([i, ts]) =>
      (globalThis as unknown as { __log: { requestId?: string; type: string }[] }).__log.find(
        (m) => m.requestId === i && ((ts as string[]).includes(m.type) || m.type === 'error' || m.type === 'restart'),
      ) ?? false,
    [id, types] as const,
    { timeout, polling: 250 },
  );
  return (await h.jsonValue()) as WorkerToUI & { t: number };
}

interface Row {
  dtype: Dtype;
  mode: 'whole' | 'split';
  sessionMs: number | null;
  loadedMs: number | null;
  warmupMs: number | null;
  /** Sampled peaks while loading, and RSS once loaded (or failed). */
  loadPeak: Mem;
  afterLoad: Mem;
  /** Sampled peaks while answering. */
  answerPeak: Mem | null;
  outcome: string;
  decode: string;
}

async function run(url: string, workerPath: string, modelDir: string, dtype: Dtype, mode: 'whole' | 'split', tokens: number): Promise<Row> {
  const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: DEVICE === 'webgpu' }));
  try {
    const page = await browser.newPage();
    await startWorker(page, url, workerPath);
    const send = (m: UIToWorker) => page.evaluate((x) => (globalThis as unknown as { __w: Worker }).__w.postMessage(x), m);
    await send({ type: 'set-tuning', tuning: { externalDataMinBytes: mode === 'split' ? 0 : Infinity } });
    await pickFolder(page, modelDir);
    const t0 = await page.evaluate(([dt, device]) => {
      const files = Array.from((document.getElementById('__folder') as HTMLInputElement).files ?? []);
      const g = globalThis as unknown as { __w: Worker };
      g.__w.postMessage({ type: 'load', requestId: 'L', source: { kind: 'local-files', id: 'picked', files }, device, dtype: dt });
      return performance.now();
    }, [dtype, DEVICE] as const);
    const sampler = new PeakSampler();
    const done = await waitFor(page, 'L', ['loaded']);
    const afterLoad = sampler.sample();
    const loadPeak = sampler.peak;
    sampler.stop();
    const log = (await page.evaluate(() => (globalThis as unknown as { __log: Log }).__log)) as Log;
    const compilingAt = log.find((m) => m.type === 'load-phase' && m.phase === 'compiling')?.t ?? null;
    const row: Row = {
      dtype,
      mode,
      sessionMs: compilingAt === null ? null : compilingAt - t0,
      loadedMs: done.type === 'loaded' ? done.t - t0 : null,
      warmupMs: done.type === 'loaded' ? done.info.warmupMs : null,
      loadPeak,
      afterLoad,
      answerPeak: null,
      outcome:
        done.type === 'loaded'
          ? `loaded${done.info.externalData ? ` (${done.info.externalData.tensors} external tensors, graph ${(done.info.externalData.graphBytes / 1e3).toFixed(0)} kB)` : ''}`
          : done.type === 'restart'
            ? `failed → restart as ${done.dtype}: ${done.reason.slice(0, 160)}`
            : done.type === 'error'
              ? `error: ${done.error.message} ${done.error.detail?.slice(0, 160) ?? ''}`
              : done.type,
      decode: '—',
    };
    if (done.type === 'loaded' && tokens > 0) {
      await send({
        type: 'generate',
        requestId: 'G',
        messages: [{ role: 'user', content: 'What is 2 plus 2?' }],
        sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: tokens },
        contextWindow: 4096,
      });
      const answering = new PeakSampler();
      const end = await waitFor(page, 'G', ['generation-end']);
      answering.sample();
      answering.stop();
      row.answerPeak = answering.peak;
      if (end.type === 'generation-end') {
        row.decode = `TTFT ${(end.stats.timeToFirstTokenMs / 1000).toFixed(1)} s, ${end.stats.decodeTokensPerSec.toFixed(3)} tok/s`;
      } else row.decode = JSON.stringify(end).slice(0, 200);
    }
    return row;
  } finally {
    await browser.close();
  }
}

async function main() {
  const modelDir = path.resolve(values.model);
  const worker = fs.readdirSync(path.join(DIST, 'assets')).find((f) => /^worker-[\w-]+\.js$/.test(f));
  if (!worker) throw new Error('run `npm run build` first');
  const server = await startStaticServer({ root: DIST, headers: ISOLATION_HEADERS });
  const rows: Row[] = [];
  try {
    for (const dtype of values.dtypes.split(',') as Dtype[]) {
      for (const mode of ['whole', 'split'] as const) {
        const row = await run(server.url, `assets/${worker}`, modelDir, dtype, mode, Number(values.tokens));
        console.error(JSON.stringify(row));
        rows.push(row);
      }
    }
  } finally {
    await server.close();
  }
  const mb = (n: number) => (n / MB).toFixed(0);
  const s = (ms: number | null) => (ms === null ? '—' : (ms / 1000).toFixed(1));
  console.log(`\nLoading ${path.basename(modelDir)} on ${DEVICE === 'wasm' ? 'WASM (cross-origin isolated page)' : 'WebGPU (SwiftShader)'} in the built engine worker, picked files\n`);
  console.log('| dtype | load | to session s | to loaded s | loading: renderer / GPU process peak MB | loaded: renderer / GPU process MB | answering: peak MB | outcome | decode |');
  console.log('|---|---|---:|---:|---:|---:|---:|---|---|');
  const pair = (m: Mem | null) => (m ? `${mb(m.renderer)} / ${mb(m.gpu)}` : '—');
  for (const r of rows) {
    console.log(
      `| ${r.dtype} | ${r.mode} | ${s(r.sessionMs)} | ${s(r.loadedMs)} | ${pair(r.loadPeak)} | ${pair(r.afterLoad)} | ${pair(r.answerPeak)} | ${r.outcome} | ${r.decode} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
