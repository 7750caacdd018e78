/**
 * Peak memory of one long prefill, whole vs chunked through the KV cache.
 *
 * The real export returns logits for every prompt position (`[1, seq, 151936]`, 0.6 MB per token in
 * fp32), so one prefill of a 3,000-token history allocates ~1.8 GB of logits; chunks of 256 bound it
 * to ~156 MB whatever the length. The tiny synthetic models keep the full 151,936-wide logits, so
 * they show the same effect. Each mode runs in a fresh child process (peak RSS is per process).
 *
 *   npx tsx tools/bench/prefill-memory.ts [--model DIR] [--dtype q4] [--tokens 3000] [--chunk 256]
 */
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    dtype: { type: 'string', default: 'q4' },
    tokens: { type: 'string', default: '3000' },
    chunk: { type: 'string', default: '256' },
    child: { type: 'string' },
  },
});

interface Measure {
  mode: string;
  promptTokens: number;
  peakRssMB: number;
  baselineRssMB: number;
  peakArrayBuffersMB: number;
  ttftMs: number;
}

const MB = 1024 * 1024;

async function child(mode: 'whole' | 'chunked'): Promise<void> {
  const { env } = await import('@huggingface/transformers');
  const { LlmEngine } = await import('../../src/engine/llm.ts');
  const { DEFAULT_SAMPLING } = await import('../../src/core/index.ts');
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.useFSCache = false;
  const engine = await LlmEngine.load({ modelId: values.model!, device: 'cpu', dtype: values.dtype as 'q4' });
  engine.tuning = { reuseCache: true, prefillChunk: mode === 'chunked' ? Number(values.chunk) : 0, prepareNextTurn: false };
  await engine.warmup();
  // Build a user message of about --tokens tokens.
  const target = Number(values.tokens);
  const words = 'reasoning models write long histories that have to fit in memory when they are read again'.split(' ');
  let text = '';
  let i = 0;
  while (engine.promptIds([{ role: 'user', content: text }]).length < target) {
    const chunk = Array.from({ length: 100 }, () => words[i++ % words.length]).join(' ');
    text += ` ${chunk}`;
  }
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peakAB = 0;
  const timer = setInterval(() => {
    peakAB = Math.max(peakAB, process.memoryUsage().arrayBuffers);
  }, 5);
  const r = await engine.generate([{ role: 'user', content: text }], { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 1 }, 1 << 20);
  clearInterval(timer);
  const m: Measure = {
    mode,
    promptTokens: r.stats.promptTokens,
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
    baselineRssMB: baseline / MB,
    peakArrayBuffersMB: peakAB / MB,
    ttftMs: r.stats.timeToFirstTokenMs,
  };
  console.log(JSON.stringify(m));
}

async function main() {
  if (values.child) return child(values.child as 'whole' | 'chunked');
  // An absolute folder: a relative one would be read as a hub id under env.localModelPath.
  let dir = values.model ? (await import('node:path')).resolve(values.model) : undefined;
  if (!dir) {
    const { ensureModel, TINY_RANDOM } = await import('../../test/support/models.ts');
    dir = await ensureModel('tiny-random', TINY_RANDOM);
  }
  const self = fileURLToPath(import.meta.url);
  const rows: Measure[] = [];
  for (const mode of ['whole', 'chunked'] as const) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', self, '--child', mode, '--model', dir, '--dtype', values.dtype!, '--tokens', values.tokens!, '--chunk', values.chunk!],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    rows.push(JSON.parse(out.trim().split('\n').at(-1)!) as Measure);
  }
  console.log(`\nPeak memory of one prefill, ${dir} (${values.dtype}, onnxruntime-node CPU)\n`);
  console.log('| mode | prompt tokens | peak RSS MB | RSS before MB | peak JS ArrayBuffers MB | TTFT ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const label = r.mode === 'chunked' ? `chunked (${values.chunk})` : 'one prefill';
    console.log(`| ${label} | ${r.promptTokens} | ${r.peakRssMB.toFixed(0)} | ${r.baselineRssMB.toFixed(0)} | ${r.peakArrayBuffersMB.toFixed(0)} | ${r.ttftMs.toFixed(0)} |`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
