/**
 * Static deployment: the same build under a sub-path, under a strict Content-Security-Policy, loading only
 * from its own origin (and the chosen model host).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ask, DEMO, DIST, expect, HUB_REPO, loadModel, startLoggedServer, test, waitForServiceWorker } from './offline-support.ts';
import os from 'node:os';
import { sampleCsp } from '../../tools/build/csp.ts';
import { fetchModel } from '../../tools/fetch-model/fetch-model.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SUB = '/apps/r1/';
const SUB_DIST = path.join(ROOT, 'dist-apps-r1');

test.beforeEach(({}, info) => test.skip(info.project.name !== 'wasm', 'device-independent: runs in the wasm project'));

/** Every URL any part of the page asked for (page, engine worker, service worker). */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  return urls;
}

/** CSP violations reported in the page, and "Refused to …" console errors (page or worker). */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) consoleErrors.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...consoleErrors, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
}

test.describe('under a sub-path', () => {
  test.beforeAll(() => {
    // `BASE_PATH` is the one option (vite.config.ts). Same sources, same demo model, another folder.
    test.setTimeout(300_000);
    execFileSync('npx', ['vite', 'build', '--outDir', SUB_DIST, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT,
      env: { ...process.env, BASE_PATH: SUB },
      stdio: 'inherit',
    });
  });

  test('the build served under /apps/r1/ works end to end, offline included, from its own origin only', async ({ page, context }) => {
    const server = await startLoggedServer({ root: SUB_DIST, base: SUB });
    try {
      const urls = recordRequests(page);
      await page.goto(`${server.url}?model=${DEMO}`);
      await loadModel(page);
      const answer = await ask(page, 'Hello?');
      expect(answer).toMatch(/demo model/);
      await waitForServiceWorker(page);
      const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
      expect(scope).toBe(server.url);
      // Every request stayed under the sub-path of this origin.
      expect(server.log.filter((u) => !u.startsWith(SUB)), server.log.join('\n')).toEqual([]);
      const origin = new URL(server.url).origin;
      expect(urls.filter((u) => !u.startsWith(origin) && !/^(blob|data):/.test(u))).toEqual([]);
      // The manifest resolves under the sub-path too.
      const manifest = await (await page.request.get(`${server.url}manifest.webmanifest`)).json();
      expect(new URL(manifest.start_url, `${server.url}manifest.webmanifest`).href).toBe(server.url);

      await context.setOffline(true);
      await server.close();
      await page.reload();
      // The stored model loads again by itself (a return visit).
      await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
      await page.getByRole('button', { name: '+ New chat' }).click();
      expect(await ask(page, 'Hello?')).toBe(answer);
    } finally {
      await server.close();
    }
  });
});

test('the app runs a chat under the sample Content-Security-Policy (demo model and a hub model)', async ({ page, hub }) => {
  const csp = sampleCsp({ modelHosts: [new URL(hub.url).origin] });
  const server = await startLoggedServer({ root: DIST, headers: { 'Content-Security-Policy': csp } });
  try {
    const violations = await watchCsp(page);
    await page.goto(`${server.url}?model=${DEMO}`);
    await loadModel(page);
    expect(await ask(page, 'Hello?')).toMatch(/demo model/);
    await waitForServiceWorker(page);

    // Served by the service worker now: cross-origin isolated, so the hub model runs on WASM threads, which
    // the policy must let start (workers from the app's own .mjs).
    await page.goto(`${server.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}&device=wasm`);
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await loadModel(page);
    expect(Number(await page.getByTestId('threads').innerText())).toBeGreaterThan(1);
    expect((await ask(page, 'What is 2 plus 2?')).length).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  } finally {
    await server.close();
  }
});

test("without 'wasm-unsafe-eval' no model can load (onnxruntime-web and hash-wasm compile WebAssembly): the policy needs it", async ({ page }) => {
  const server = await startLoggedServer({ root: DIST, headers: { 'Content-Security-Policy': sampleCsp({ wasm: false }) } });
  try {
    await page.goto(`${server.url}?model=${DEMO}`);
    await page.getByRole('button', { name: /^Load/ }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'could not be loaded' })).toBeVisible({ timeout: 120_000 });
  } finally {
    await server.close();
  }
});

test('nothing loads from another origin: a whole visit with the demo model stays on the site', async ({ page, site }) => {
  const urls = recordRequests(page);
  await page.goto(`${site.url}?model=${DEMO}`);
  await loadModel(page);
  await ask(page, 'Hello?');
  await waitForServiceWorker(page);
  const origin = new URL(site.url).origin;
  const foreign = urls.filter((u) => !u.startsWith(origin) && !/^(blob|data):/.test(u));
  expect(foreign).toEqual([]);
  expect(fs.existsSync(path.join(DIST, 'sw.js'))).toBe(true);
});

test('self-hosted weights: fetch-model mirrors the hub into the served folder; the app loads them and never calls the hub', async ({ page, hub }) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'local-r1-selfhost-'));
  try {
    // What `npm run fetch-model -- test-org/tiny-scripted --dtype q4 --host <hub>` does, into a scratch folder.
    hub.setFaults([{ kind: 'drop', file: 'onnx/model_q4.onnx', afterBytes: 300_000 }]);
    await fetchModel({ repo: HUB_REPO, dtype: 'q4', host: hub.url, out, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    hub.setFaults([]);
    hub.clearLog();
    // The site serves it as its own `models/` (a build would have copied public/models there).
    const server = await startLoggedServer({ root: DIST, mounts: { '/models/': out } });
    try {
      const urls = recordRequests(page);
      await page.goto(`${server.url}?model=local:${HUB_REPO}&device=wasm&dtype=q4`);
      await loadModel(page);
      expect((await ask(page, 'What is 2 plus 2?')).length).toBeGreaterThan(0);
      expect(hub.log).toEqual([]);
      const origin = new URL(server.url).origin;
      expect(urls.filter((u) => !u.startsWith(origin) && !/^(blob|data):/.test(u))).toEqual([]);
      expect(server.log.some((u) => u.startsWith(`/models/${HUB_REPO}/onnx/model_q4.onnx`))).toBe(true);
    } finally {
      await server.close();
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
