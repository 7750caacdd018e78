/**
 * The UI's streaming cost: main-thread time per token while the real app (the built `dist/`, in
 * headless Chromium, WASM) streams a long answer (~4,000 tokens of markdown with lists, tables,
 * code and KaTeX math) from a scripted synthetic model. The question: does rendering cost grow with
 * the answer's length? (The peer app re-parses the whole answer per chunk: 1,241 → 16,908 main-thread
 * ms per 100 tokens from the first to the last 200 tokens; docs/benchmarks.md, UI streaming cost.)
 *
 * How: CDP `Performance.getMetrics` (TaskDuration, ScriptDuration, LayoutDuration,
 * RecalcStyleDuration) sampled every 250 ms together with the number of `token` messages the page
 * has received (a wrapper around `Worker` counts them), interpolated at window edges; long tasks
 * from a `longtask` PerformanceObserver. Usage:
 *
 *   npm run build && npx tsx tools/bench/ui-streaming.ts [--tokens 4000] [--dist dist] [--json out.json]
 *
 * `npm run bench` calls `runUiStreaming()`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { ensureModel, MODELS_DIR, REPO_ROOT } from '../../test/support/models.ts';
import { startStaticServer } from '../serve/static-server.ts';
import type { ModelSpec } from '../modelgen/index.ts';

export interface UiStreamingOptions {
  /** Built app folder (absolute, or relative to the repo root). */
  dist: string;
  /** About how many tokens the answer should have. */
  tokens: number;
  /** Shorter answer, for a smoke run. */
  quick?: boolean;
}

export interface UiWindow {
  from: number;
  to: number;
  /** Main-thread busy time per 100 tokens, ms (all tasks). */
  taskMsPer100: number;
  scriptMsPer100: number;
  layoutMsPer100: number;
  styleMsPer100: number;
  /** Share of wall time the main thread was busy. */
  busy: number;
  /** Tokens per second the page received in this window. */
  tokPerSec: number;
}

export interface UiStreamingResult {
  answerTokens: number;
  answerChars: number;
  wallSec: number;
  windows: UiWindow[];
  /** First and last 200 tokens (the peer's windows). */
  first200: UiWindow;
  last200: UiWindow;
  /** last200.taskMsPer100 / first200.taskMsPer100. */
  growth: number;
  longTasks: { count: number; maxMs: number; totalMs: number };
}

/** Markdown the way DeepSeek answers: sections with prose, lists, a table, code and math. */
function longAnswer(targetTokens: number): string {
  const sections: string[] = [];
  let chars = 0;
  // The generator's BPE gives about 3 characters per token on text like this.
  for (let i = 1; chars < targetTokens * 3; i++) {
    const s = [
      `## Step ${i}: checking the case n = ${i}`,
      `We now look at the case **n = ${i}** in detail. The claim is that the sum of the first ${i} odd numbers is a square, and *each* step adds one more odd term. In symbols, \\( S_{${i}} = \\sum_{k=1}^{${i}} (2k - 1) \\), which we compare with \\( ${i}^2 \\).`,
      `- the term added at this step is \\( 2 \\cdot ${i} - 1 = ${2 * i - 1} \\)\n- the running total is \\( ${i * i} \\)\n- the difference between squares is \\( (${i})^2 - (${i - 1})^2 = ${2 * i - 1} \\)`,
      `| n | odd term | total |\n|---|---|---|\n| ${i} | ${2 * i - 1} | ${i * i} |`,
      '```python\n' + `def total(n=${i}):\n    return sum(2 * k - 1 for k in range(1, n + 1))\n` + '```',
      `So the identity holds for ${i}:\n\n\\[ \\sum_{k=1}^{${i}} (2k - 1) = ${i}^2 = ${i * i} \\]`,
    ].join('\n\n');
    sections.push(s);
    chars += s.length;
  }
  return `${sections.join('\n\n')}\n\nTherefore the answer is \\[ \\boxed{n^2} \\]`;
}

function specFor(tokens: number): ModelSpec {
  return {
    preset: 'tiny',
    dtypes: ['q4'],
    behaviour: {
      kind: 'scripted',
      script: {
        turns: [
          `The user wants a long worked answer. I will check the identity for many values of n, one step at a time, with a table, code and formulas.\n</think>\n\n${longAnswer(tokens)}`,
        ],
      },
    },
  };
}

interface Sample {
  t: number;
  tokens: number;
  task: number;
  script: number;
  layout: number;
  style: number;
}

/** Installed before the app's scripts: counts `token` messages from the engine worker. */
function instrument() {
  const g = window as unknown as { __tokenTimes: number[]; __longTasks: number[] };
  g.__tokenTimes = [];
  g.__longTasks = [];
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url: string | URL, opts?: WorkerOptions) {
      super(url, opts);
      this.addEventListener('message', (ev: MessageEvent<{ type?: string }>) => {
        if (ev.data?.type === 'token') g.__tokenTimes.push(performance.now());
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) g.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
}

function interpolate(samples: Sample[], tokens: number, key: keyof Omit<Sample, 'tokens'>): number {
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (b.tokens >= tokens) {
      if (b.tokens === a.tokens) return b[key];
      const f = (tokens - a.tokens) / (b.tokens - a.tokens);
      return a[key] + f * (b[key] - a[key]);
    }
  }
  return samples.at(-1)![key];
}

function windowOf(samples: Sample[], from: number, to: number): UiWindow {
  const d = (key: keyof Omit<Sample, 'tokens'>) => interpolate(samples, to, key) - interpolate(samples, from, key);
  const n = to - from;
  const wall = d('t');
  return {
    from,
    to,
    taskMsPer100: (d('task') * 1000 * 100) / n,
    scriptMsPer100: (d('script') * 1000 * 100) / n,
    layoutMsPer100: (d('layout') * 1000 * 100) / n,
    styleMsPer100: (d('style') * 1000 * 100) / n,
    busy: wall > 0 ? (d('task') * 1000) / wall : 0,
    tokPerSec: wall > 0 ? (n * 1000) / wall : 0,
  };
}

async function driveUi(page: Page, url: string, maxNewTokens: number): Promise<void> {
  await page.goto(url);
  // Room for the whole answer: max new tokens and the context window, set in Settings like a user would.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(maxNewTokens));
  await page.getByRole('spinbutton', { name: 'Context window (tokens)' }).fill(String(maxNewTokens + 1024));
  await page.getByRole('button', { name: 'Chat' }).click();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.getByTestId('dtype').waitFor({ timeout: 300_000 });
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill('Show that the sum of the first n odd numbers is n squared, step by step.');
  await box.press('Enter');
}

const fmt = (x: number, d = 0) => x.toFixed(d);

export async function runUiStreaming(opts: UiStreamingOptions): Promise<{ lines: string[]; result: UiStreamingResult }> {
  const dist = path.resolve(REPO_ROOT, opts.dist);
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist} has no build: run npm run build first`);
  const target = opts.quick ? Math.min(opts.tokens, 1200) : opts.tokens;
  const name = `bench-ui-long-${target}`;
  await ensureModel(name, specFor(target));

  const server = await startStaticServer({ root: dist, mounts: { '/models/bench/': MODELS_DIR } });
  const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: false }));
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(instrument);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await driveUi(page, `${server.url}?model=local:bench/${name}&device=wasm`, Math.ceil(target * 1.6));

    const samples: Sample[] = [];
    const t0 = Date.now();
    for (;;) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = (n: string) => metrics.find((x) => x.name === n)?.value ?? 0;
      const tokens = await page.evaluate(() => (window as unknown as { __tokenTimes: number[] }).__tokenTimes.length);
      samples.push({ t: Date.now() - t0, tokens, task: m('TaskDuration'), script: m('ScriptDuration'), layout: m('LayoutDuration'), style: m('RecalcStyleDuration') });
      const status = await page.locator('article[data-role="assistant"]').first().getAttribute('data-status').catch(() => null);
      if (status && status !== 'streaming') break;
      if (Date.now() - t0 > 15 * 60_000) throw new Error('the answer did not finish in 15 minutes');
      await page.waitForTimeout(250);
    }
    const answerTokens = samples.at(-1)!.tokens;
    const answerChars = ((await page.locator('[data-part="answer"]').first().textContent()) ?? '').length;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const step = answerTokens >= 2000 ? 500 : 200;
    const windows: UiWindow[] = [];
    for (let from = 0; from + step <= answerTokens; from += step) windows.push(windowOf(samples, from, from + step));
    const first200 = windowOf(samples, 0, Math.min(200, answerTokens));
    const last200 = windowOf(samples, Math.max(0, answerTokens - 200), answerTokens);
    const result: UiStreamingResult = {
      answerTokens,
      answerChars,
      wallSec: samples.at(-1)!.t / 1000,
      windows,
      first200,
      last200,
      growth: last200.taskMsPer100 / first200.taskMsPer100,
      longTasks: {
        count: longTasks.length,
        maxMs: longTasks.length ? Math.max(...longTasks) : 0,
        totalMs: longTasks.reduce((a, b) => a + b, 0),
      },
    };

    const row = (label: string, w: UiWindow) =>
      `| ${label.padEnd(11)} | ${fmt(w.taskMsPer100).padStart(6)} | ${fmt(w.scriptMsPer100).padStart(6)} | ${fmt(w.layoutMsPer100).padStart(6)} | ${fmt(w.styleMsPer100).padStart(5)} | ${fmt(w.busy * 100).padStart(4)} % | ${fmt(w.tokPerSec).padStart(5)} |`;
    const lines = [
      `UI streaming cost: ${answerTokens} tokens (${answerChars} characters rendered) in ${fmt(result.wallSec, 1)} s, WASM, headless Chromium`,
      '',
      '| tokens      | task ms/100 tok | script | layout | style | busy | tok/s |',
      '|-------------|-------:|-------:|-------:|------:|-----:|------:|',
      row(`0–${first200.to}`, first200),
      ...windows.map((w) => row(`${w.from}–${w.to}`, w)),
      row(`last ${last200.to - last200.from}`, last200),
      '',
      `growth, last 200 vs first 200 tokens: ${fmt(result.growth, 2)}× main-thread time per token (peer app: 13.6–18.1× with MathJax, 2.5× without)`,
      `long tasks (≥ 50 ms): ${result.longTasks.count}, longest ${fmt(result.longTasks.maxMs)} ms`,
    ];
    return { lines, result };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      tokens: { type: 'string', default: '4000' },
      dist: { type: 'string', default: 'dist' },
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
  });
  const { lines, result } = await runUiStreaming({ dist: values.dist, tokens: Number(values.tokens), quick: values.quick });
  console.log(lines.join('\n'));
  const out = values.json ?? path.join(REPO_ROOT, 'bench-results', 'ui-streaming.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  console.error(`wrote ${path.relative(REPO_ROOT, out)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
