/**
 * KV-cache reuse across turns: time to first token per turn of a 5-turn chat, three ways, in one run:
 *
 * - re-prefill: every turn reads the whole rendered history (what the peer app does);
 * - LCP reuse: keep the cache up to the longest common prefix (after an R1 answer that is up to the
 *   last `<｜Assistant｜>`: the re-rendered answer and the new question are read);
 * - reuse + read-ahead: after each answer the history is read into the cache while the user types,
 *   so the next turn reads only its question (the read-ahead time is shown separately).
 *
 * Greedy decoding on a random-weights model (answers always run exactly `--answer` tokens), Node,
 * onnxruntime-node CPU. Usage:
 *   npx tsx tools/bench/kv-reuse.ts [--model DIR] [--dtype q4] [--turns 5] [--answer 64] [--question-words 40] [--repeat 3]
 * Each mode runs `--repeat` times, interleaved; the table shows the median TTFT per turn.
 * Without --model it generates the tiny random model (test/support/models.ts).
 */
import { parseArgs } from 'node:util';
import { env } from '@huggingface/transformers';
import { LlmEngine, type EngineTuning } from '../../src/engine/llm.ts';
import { DEFAULT_SAMPLING, type ChatTurn, type Dtype } from '../../src/core/index.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    dtype: { type: 'string', default: 'q4' },
    turns: { type: 'string', default: '5' },
    answer: { type: 'string', default: '64' },
    'question-words': { type: 'string', default: '40' },
    chunk: { type: 'string', default: '256' },
    repeat: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

const TURNS = Number(values.turns);
const ANSWER = Number(values.answer);
const QWORDS = Number(values['question-words']);
const CHUNK = Number(values.chunk);
const WORDS = 'the model reads every word of the history again unless the cache is kept between turns'.split(' ');

function question(k: number): string {
  const words = Array.from({ length: QWORDS }, (_, i) => WORDS[(i + k) % WORDS.length]);
  return `Question ${k + 1}: ${words.join(' ')}?`;
}

interface TurnRow {
  prompt: number;
  read: number;
  ttftMs: number;
  readAheadMs: number;
}

async function chat(engine: LlmEngine, tuning: EngineTuning): Promise<TurnRow[]> {
  engine.tuning = tuning;
  await engine.reset();
  const history: ChatTurn[] = [];
  const rows: TurnRow[] = [];
  for (let k = 0; k < TURNS; k++) {
    history.push({ role: 'user', content: question(k) });
    const r = await engine.generate(history, { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: ANSWER }, 1 << 20);
    history.push({ role: 'assistant', content: r.raw });
    const t0 = performance.now();
    await engine.prepareNextTurn(history);
    rows.push({
      prompt: r.stats.promptTokens,
      read: r.stats.prefillTokens,
      ttftMs: r.stats.timeToFirstTokenMs,
      readAheadMs: performance.now() - t0,
    });
  }
  return rows;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Per turn: token counts from the first run, median times over all runs. */
function medianRows(runs: TurnRow[][]): TurnRow[] {
  return runs[0]!.map((row, k) => ({
    ...row,
    ttftMs: median(runs.map((r) => r[k]!.ttftMs)),
    readAheadMs: median(runs.map((r) => r[k]!.readAheadMs)),
  }));
}

async function main() {
  // An absolute folder: a relative one would be read as a hub id under env.localModelPath.
  let dir = values.model ? (await import('node:path')).resolve(values.model) : undefined;
  if (!dir) {
    const { ensureModel, TINY_RANDOM } = await import('../../test/support/models.ts');
    dir = await ensureModel('tiny-random', TINY_RANDOM);
  }
  const dtype = values.dtype as Dtype;
  const engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype });
  await engine.warmup();
  // One untimed pass so every code path is warm.
  await chat(engine, { reuseCache: true, prefillChunk: CHUNK, prepareNextTurn: true });

  const runs: Record<'fresh' | 'lcp' | 'ahead', TurnRow[][]> = { fresh: [], lcp: [], ahead: [] };
  for (let i = 0; i < Number(values.repeat); i++) {
    runs.fresh.push(await chat(engine, { reuseCache: false, prefillChunk: CHUNK, prepareNextTurn: false }));
    runs.lcp.push(await chat(engine, { reuseCache: true, prefillChunk: CHUNK, prepareNextTurn: false }));
    runs.ahead.push(await chat(engine, { reuseCache: true, prefillChunk: CHUNK, prepareNextTurn: true }));
  }
  const fresh = medianRows(runs.fresh);
  const lcp = medianRows(runs.lcp);
  const ahead = medianRows(runs.ahead);

  const f = (ms: number) => ms.toFixed(1);
  console.log(`\nKV reuse, ${dir} (${dtype}, onnxruntime-node CPU), ${TURNS} turns, answers of ${ANSWER} tokens, greedy, median of ${values.repeat} runs\n`);
  console.log('| turn | prompt tokens | re-prefill: read / TTFT ms | LCP reuse: read / TTFT ms | reuse + read-ahead: read / TTFT ms (read-ahead ms) | TTFT ratio re-prefill ÷ LCP | ÷ read-ahead |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (let k = 0; k < TURNS; k++) {
    const a = fresh[k]!;
    const b = lcp[k]!;
    const c = ahead[k]!;
    console.log(
      `| ${k + 1} | ${a.prompt} | ${a.read} / ${f(a.ttftMs)} | ${b.read} / ${f(b.ttftMs)} | ${c.read} / ${f(c.ttftMs)} (${f(c.readAheadMs)}) | ${(a.ttftMs / b.ttftMs).toFixed(2)}× | ${(a.ttftMs / c.ttftMs).toFixed(2)}× |`,
    );
  }
  if (values.json) {
    const fs = await import('node:fs');
    fs.writeFileSync(values.json, JSON.stringify({ dir, dtype, runs }, null, 2));
  }
  await engine.unload();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
