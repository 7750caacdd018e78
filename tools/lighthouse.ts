/**
 * Lighthouse (mobile, its default: a mid-range phone, simulated slow 4G and 4× CPU slowdown) on the
 * built app, served as `npm start` serves it. Not part of CI: the figures go to docs/benchmarks.md.
 *
 *   npm run lighthouse                 # builds first
 *   npm run lighthouse -- --no-build   # the existing dist/
 *   npm run lighthouse -- --runs 3     # the median run of three (by performance score)
 *
 * Prints Performance, Accessibility, CLS, LCP, TBT and the first-load JavaScript (gzip); the full
 * report goes to lighthouse-report.json (git-ignored folder `test-results/`). Chromium: CHROMIUM_PATH,
 * default /usr/bin/chromium; it never downloads a browser.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSize } from './build/entry-budget.ts';
import { startStaticServer } from './serve/static-server.ts';

const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    dist: { type: 'string', default: 'dist' },
    out: { type: 'string', default: 'test-results/lighthouse-report.json' },
  },
});

const dist = path.resolve(values.dist);
const chrome = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!values['no-build']) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });

/** The JS index.html loads before anything else: its module script and modulepreloads, gzip. */
function firstLoadJs(): { files: string[]; gzipBytes: number } {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return { files, gzipBytes: files.reduce((n, f) => n + gzipSize(fs.readFileSync(path.join(dist, f), 'utf8')), 0) };
}

/** The flags the tests give Chromium too: headless, and nothing reached over the network but the page. */
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync';

interface Report {
  categories: Record<'performance' | 'accessibility', { score: number }>;
  audits: Record<string, { numericValue?: number; displayValue?: string }>;
}

/**
 * Lighthouse runs as a child process, awaited without blocking: the static server lives in this process,
 * and a synchronous wait would leave every request of the page unanswered (Lighthouse then stops with
 * PROTOCOL_TIMEOUT at the first navigation).
 */
async function runLighthouse(url: string, out: string): Promise<Report> {
  const cli = path.resolve('node_modules/lighthouse/cli/index.js');
  const args = [cli, url, '--quiet', '--output=json', `--output-path=${out}`, '--only-categories=performance,accessibility', `--chrome-flags=${CHROME_FLAGS}`];
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
}

const server = await startStaticServer({ root: dist, port: 0 });
try {
  fs.mkdirSync(path.dirname(values.out), { recursive: true });
  const reports: Report[] = [];
  for (let i = 0; i < Number(values.runs); i++) reports.push(await runLighthouse(server.url, values.out));
  reports.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  const r = reports[Math.floor(reports.length / 2)]!;
  const js = firstLoadJs();
  const figure = (id: string) => r.audits[id]?.displayValue ?? '?';
  console.log(
    [
      `Lighthouse ${reports.length > 1 ? `(median of ${reports.length} runs) ` : ''}mobile, ${server.url}`,
      `  Performance     ${Math.round(r.categories.performance.score * 100)}`,
      `  Accessibility   ${Math.round(r.categories.accessibility.score * 100)}`,
      `  CLS             ${figure('cumulative-layout-shift')}`,
      `  LCP             ${figure('largest-contentful-paint')}`,
      `  TBT             ${figure('total-blocking-time')}`,
      `  FCP             ${figure('first-contentful-paint')}`,
      `  first-load JS   ${(js.gzipBytes / 1000).toFixed(1)} kB gzip (${js.files.join(', ')})`,
    ].join('\n'),
  );
} finally {
  await server.close();
}
