/**
 * WASM threads in the built app: the service worker adds COOP/COEP (src/sw.ts), so from the second visit on the
 * page is cross-origin isolated and ONNX Runtime runs on several threads (headless Chromium here reports 2
 * cores). The very first visit, before the service worker controls a navigation, runs on one thread. A hub
 * model (another origin, CORS) downloads under isolation, and the isolated app still opens and answers offline.
 */
import type { Page } from '@playwright/test';
import { ask, expect, HUB_REPO, HUB_ONNX, loadModel, test, waitForServiceWorker } from './offline-support.ts';
import { scriptText, TINY_SCRIPTED } from '../support/models.ts';

test.beforeEach(({}, info) => test.skip(info.project.name !== 'wasm', 'WASM threads: runs in the wasm project'));

const appUrl = (site: { url: string }, hub: { url: string }) => `${site.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}&device=wasm&dtype=q4`;
/** The start of the scripted answer, as rendered (markdown marks removed). */
const expectedAnswer = () => scriptText(TINY_SCRIPTED).split('</think>').pop()!.replace(/[*_`#]/g, '').trim().slice(0, 12);
const isolated = (page: Page) => page.evaluate(() => globalThis.crossOriginIsolated);
const threads = async (page: Page) => Number(await page.getByTestId('threads').innerText());

test('first visit: not isolated, the model answers on one thread', async ({ page, site, hub }) => {
  await page.goto(appUrl(site, hub));
  expect(await isolated(page)).toBe(false);
  await loadModel(page);
  await expect(page.getByTestId('device')).toHaveText('WASM (CPU)');
  expect(await threads(page)).toBe(1);
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());
});

test('under the service worker: isolated, several threads, a hub download, and offline', async ({ page, context, site, hub }) => {
  // Two visits, two loads and two answers on a shared 2-core machine.
  test.setTimeout(600_000);
  await page.goto(appUrl(site, hub));
  await waitForServiceWorker(page);
  // The service worker answers navigations from the next one on: no automatic reload, the user's next visit.
  await page.reload();
  expect(await isolated(page)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await loadModel(page);
  expect(await threads(page)).toBe(Math.min(cores, 4));
  expect(await threads(page)).toBeGreaterThan(1);
  // The model came from the hub (another origin) while the page was isolated.
  expect(hub.log.some((e) => e.file === HUB_ONNX && e.method === 'GET' && e.status < 300 && e.bytesSent > 1)).toBe(true);
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());

  // Offline: the service worker opens the app (still isolated), the stored model loads by itself and answers.
  await context.setOffline(true);
  await page.reload();
  expect(await isolated(page)).toBe(true);
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  expect(await threads(page)).toBeGreaterThan(1);
  expect(await ask(page, 'And 3 plus 3?')).toContain(expectedAnswer());
  await context.setOffline(false);
});
