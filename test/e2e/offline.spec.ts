/**
 * Offline for real: the service worker (Workbox precache) + the app's model store (OPFS), in the built app,
 * in real Chromium, against loopback servers only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, DEMO, DIST, expect, loadModel, startLoggedServer, test, waitForServiceWorker } from './offline-support.ts';

const DEMO_REPLY = /demo model/;

/**
 * Publish a "new version" of the app in `root`: change index.html's precache revision in sw.js (what a new
 * build does). The caller restarts the server on the same port, as a deploy would.
 */
/** True once `log` has not grown for `ms` (polled). */
const lastSeen = new WeakMap<string[], { n: number; t: number }>();
function quietFor(log: string[], ms: number): boolean {
  const now = Date.now();
  const prev = lastSeen.get(log);
  if (!prev || prev.n !== log.length) {
    lastSeen.set(log, { n: log.length, t: now });
    return false;
  }
  return now - prev.t >= ms;
}

async function redeploy(server: Awaited<ReturnType<typeof startLoggedServer>>, root: string) {
  await server.close();
  return startLoggedServer({ root, port: server.port, mounts: { '/models/': path.join(DIST, 'models') } });
}

function publishNewVersion(root: string): void {
  const file = path.join(root, 'sw.js');
  const sw = fs.readFileSync(file, 'utf8');
  // The injected precache manifest: `{"revision":"…","url":"index.html"}`.
  const next = sw.replace(/("revision":")([0-9a-f])([0-9a-f]*","url":"index\.html")/, (_m, a: string, c: string, b: string) => a + (c === '0' ? '1' : '0') + b);
  if (next === sw) throw new Error('no index.html revision in sw.js');
  fs.writeFileSync(file, next);
  for (const ext of ['.br', '.gz']) fs.rmSync(`${file}${ext}`, { force: true });
}

test('first visit fetches each runtime wasm once; then the app opens with the network cut and answers', async ({ page, context, site }) => {
  await page.goto(`${site.url}?model=${DEMO}`);
  await loadModel(page);
  const online = await ask(page, 'Hello?');
  expect(online).toMatch(DEMO_REPLY);
  await waitForServiceWorker(page);

  // Each runtime wasm (the WebGPU build and the CPU-only one) reached the network exactly once: the precache
  // fetched it, and the engine worker (created after the service worker took control) got it from there.
  const wasm = site.log.filter((u) => u.includes('.wasm'));
  expect(wasm, site.log.join('\n')).toHaveLength(2);
  expect(new Set(wasm).size, site.log.join('\n')).toBe(2);
  // Model files are not precached: the app's store fetched each once (after a 1-byte size probe).
  // On the CPU that is the 8-bit file; no other ONNX file is fetched.
  expect(site.log.filter((u) => u.includes('/onnx/'))).toEqual([
    '/models/local-r1/demo-tiny/onnx/model_quantized.onnx [bytes=0-0]',
    '/models/local-r1/demo-tiny/onnx/model_quantized.onnx',
  ]);

  // Cut the network twice over: the browser goes offline, and the server is gone (Playwright's offline mode
  // does not cover the browser's own service-worker update check).
  await context.setOffline(true);
  await site.close();
  await page.reload();
  // The stored model loads again by itself (a return visit).
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  await page.getByRole('button', { name: '+ New chat' }).click();
  expect(await ask(page, 'Hello?')).toBe(online);
});

test('once the model is stored, loading it and a whole chat make zero network requests', async ({ page, context, site }) => {
  await page.goto(`${site.url}?model=${DEMO}`);
  await loadModel(page);
  await ask(page, 'Hello?');
  await waitForServiceWorker(page);

  site.log.length = 0;
  await page.reload();
  // The stored model loads again by itself (a return visit).
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  // Reopening the app and that load: everything comes from the precache and the model store; the only traffic
  // is the browser's own service-worker update check (sw.js and the Workbox runtime it imports, byte-compared).
  await expect.poll(() => quietFor(site.log, 1500), { timeout: 30_000 }).toBe(true);
  expect(site.log.filter((u) => !/^\/(sw|workbox-[\w-]+)\.js$/.test(u)), site.log.join('\n')).toEqual([]);
  // From here on, record everything: what reaches the server, and every request any part of the page makes
  // (page, engine worker, service worker), with whether the service worker answered it.
  site.log.length = 0;
  const requests: { url: string; fromSW: boolean; bySW: boolean }[] = [];
  context.on('requestfinished', (req) => {
    void req.response().then((res) =>
      requests.push({ url: req.url(), fromSW: res?.fromServiceWorker() ?? false, bySW: req.serviceWorker() !== null }),
    );
  });
  context.on('requestfailed', (req) => requests.push({ url: req.url(), fromSW: false, bySW: req.serviceWorker() !== null }));

  // Load it once more with every request recorded: Unload, then Load.
  await page.getByRole('button', { name: 'Unload' }).click();
  await loadModel(page);
  const first = await ask(page, 'What is 2 + 2?');
  const second = await ask(page, 'And 3 + 3?');
  expect(first).toMatch(DEMO_REPLY);
  expect(second).toMatch(DEMO_REPLY);

  // Nothing the chat did reached the server. Chromium's update check for the service worker itself
  // (scheduled after the reload, deferred while the worker is busy, so it may land during the chat) is the
  // browser's, not the chat's: sw.js and the Workbox script it imports, nothing else.
  const chatTraffic = site.log.filter((u) => !/^\/(sw|workbox-[\w-]+)\.js$/.test(u));
  expect(chatTraffic, 'requests that reached the server').toEqual([]);
  const network = requests.filter((r) => !r.fromSW && !/^(blob|data):/.test(r.url));
  expect(network, JSON.stringify(network)).toEqual([]);
});

test('an update is offered, not forced: the page keeps running until the user accepts', async ({ page }) => {
  // A private copy of the build, so the test can publish a "new version" of sw.js.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-r1-update-'));
  fs.cpSync(DIST, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}models${path.sep}`) || src.endsWith('models') });
  let server = await startLoggedServer({ root, mounts: { '/models/': path.join(DIST, 'models') } });
  try {
    await page.goto(`${server.url}?model=${DEMO}`);
    await waitForServiceWorker(page);
    await loadModel(page);
    await page.locator('#composer-input').fill('a draft the user is still typing');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    publishNewVersion(root);
    server = await redeploy(server, root);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 60_000 });
    // Nothing was forced: same document, same draft, old worker still in control, model still loaded.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await expect(page.locator('#composer-input')).toHaveValue('a draft the user is still typing');
    await expect(page.getByTestId('dtype')).toBeVisible();

    await prompt.getByRole('button', { name: 'Later' }).click();
    await expect(prompt).toBeHidden();
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the update is applied when the user asks for it', async ({ page }) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'local-r1-update2-'));
  fs.cpSync(DIST, root, { recursive: true, filter: (src) => !src.includes(`${path.sep}models${path.sep}`) || src.endsWith('models') });
  let server = await startLoggedServer({ root, mounts: { '/models/': path.join(DIST, 'models') } });
  try {
    await page.goto(server.url);
    await waitForServiceWorker(page);
    const oldScript = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    publishNewVersion(root);
    server = await redeploy(server, root);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible({ timeout: 60_000 });
    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Reload to update' }).click();
    await reloaded;
    await expect(page.getByTestId('update-prompt')).toBeHidden();
    const state = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: reg?.waiting !== null && reg?.waiting !== undefined, controller: navigator.serviceWorker.controller?.scriptURL };
    });
    expect(state.waiting).toBe(false);
    expect(state.controller).toBe(oldScript); // same URL, new worker behind it
  } finally {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
