/**
 * Peak memory of one long prefill in Chromium (the built engine worker, WASM or WebGPU/SwiftShader),
 * whole vs chunked through the KV cache. Each mode runs in a fresh browser; the figure is the
 * renderer process's peak resident memory (Linux `VmHWM`: JS heap + the wasm heap + everything
 * else the worker touched), plus the GPU process's for WebGPU.
 *
 *   npm run build && npx tsx tools/bench/prefill-memory-browser.ts [--tokens 3000] [--chunk 256] [--device wasm|webgpu]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { ensureModel, MODELS_DIR, TINY_RANDOM } from '../../test/support/models.ts';
import { startStaticServer } from '../serve/static-server.ts';
import { chromiumMemory, type ChromiumMemory } from './proc-memory.ts';
import type { UIToWorker, WorkerToUI } from '../../src/worker/protocol.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '3000' },
    chunk: { type: 'string', default: '256' },
    device: { type: 'string', default: 'wasm' },
  },
});
const DIST = path.resolve(import.meta.dirname, '../../dist');
const MB = 1024 * 1024;

/** Peak RSS (VmHWM) in bytes of the largest process of each Chromium type under `rootPid`. */
function peaks(rootPid: number): ChromiumMemory {
  return chromiumMemory(rootPid, 'VmHWM');
}

async function buildPrompt(dir: string, target: number): Promise<string> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.useFSCache = false;
  const tok = await AutoTokenizer.from_pretrained(dir);
  const words = 'reasoning models write long histories that have to fit in memory when they are read again'.split(' ');
  let text = '';
  let i = 0;
  const count = () =>
    (tok.apply_chat_template([{ role: 'user', content: text }], { add_generation_prompt: true, return_tensor: false, return_dict: false }) as unknown as number[]).length;
  while (count() < target) text += ` ${Array.from({ length: 50 }, () => words[i++ % words.length]).join(' ')}`;
  return text;
}

async function runMode(url: string, workerPath: string, prompt: string, chunk: number, device: 'wasm' | 'webgpu') {
  const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: device === 'webgpu' }));
  try {
    const page = await browser.newPage();
    await page.goto(`${url}__bench__`);
    const send = (m: UIToWorker) => page.evaluate((x) => (globalThis as unknown as { __w: Worker }).__w.postMessage(x), m);
    await page.evaluate((w) => {
      const g = globalThis as unknown as { __w: Worker; __log: unknown[] };
      g.__log = [];
      g.__w = new Worker(w, { type: 'module' });
      g.__w.onmessage = (e) => g.__log.push(e.data);
    }, url + workerPath);
    const wait = async (id: string, type: string) => {
      const h = await page.waitForFunction(
        ([i, t]) =>
          (globalThis as unknown as { __log: { requestId?: string; type: string }[] }).__log.find(
            (m) => m.requestId === i && (m.type === t || m.type === 'error'),
          ) ?? false,
        [id, type] as const,
        { timeout: 600_000, polling: 200 },
      );
      return (await h.jsonValue()) as WorkerToUI;
    };
    await send({ type: 'set-tuning', tuning: { prefillChunk: chunk, prepareNextTurn: false } });
    await send({ type: 'load', requestId: 'L', source: { kind: 'same-origin', id: 'test/tiny-random' }, device, dtype: 'q4' });
    const loaded = await wait('L', 'loaded');
    if (loaded.type !== 'loaded') throw new Error(JSON.stringify(loaded));
    const before = peaks(process.pid);
    await send({
      type: 'generate',
      requestId: 'G',
      messages: [{ role: 'user', content: prompt }],
      sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 1 },
      contextWindow: 1 << 20,
    });
    const end = await wait('G', 'generation-end');
    const after = peaks(process.pid);
    return { end, before, after };
  } finally {
    await browser.close();
  }
}

async function main() {
  const dir = await ensureModel('tiny-random', TINY_RANDOM);
  const assets = fs.readdirSync(path.join(DIST, 'assets'));
  const worker = assets.find((f) => /^worker-[\w-]+\.js$/.test(f));
  if (!worker) throw new Error('run `npm run build` first');
  const server = await startStaticServer({ root: DIST, mounts: { '/models/test/': MODELS_DIR } });
  const prompt = await buildPrompt(dir, Number(values.tokens));
  const device = values.device as 'wasm' | 'webgpu';
  const rows: string[] = [];
  try {
    for (const chunk of [0, Number(values.chunk)]) {
      const { end, before, after } = await runMode(server.url, `assets/${worker}`, prompt, chunk, device);
      const label = chunk ? `chunked (${chunk})` : 'one prefill';
      if (end.type !== 'generation-end') {
        rows.push(`| ${label} | — | ${(after.renderer / MB).toFixed(0)} | ${(before.renderer / MB).toFixed(0)} | ${device === 'webgpu' ? (after.gpu / MB).toFixed(0) : '—'} | failed: ${end.type === "error" ? `${end.error.code} (${end.error.detail?.slice(0, 600)})` : end.type} |`);
        continue;
      }
      rows.push(
        `| ${label} | ${end.stats.promptTokens} | ${(after.renderer / MB).toFixed(0)} | ${(before.renderer / MB).toFixed(0)} | ${device === 'webgpu' ? (after.gpu / MB).toFixed(0) : '—'} | ${end.stats.timeToFirstTokenMs.toFixed(0)} ms |`,
      );
    }
  } finally {
    await server.close();
  }
  console.log(`\nPeak memory of one prefill in Chromium (${device}, built engine worker, tiny-random q4)\n`);
  console.log('| mode | prompt tokens | renderer peak RSS MB | renderer RSS after load MB | GPU process peak MB | TTFT / result |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) console.log(r);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
