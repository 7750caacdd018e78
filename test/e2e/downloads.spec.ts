/**
 * Downloads that survive a bad network, in the built app against a loopback "hub" (HF URL layout, LFS
 * redirects, ETags, ranges, injected faults): resume after a cut, pause/resume, a damaged stored file, a quota
 * too small, storage that fills up mid-download (in a private context and in a persistent profile), and the
 * storage panel. The hub is a different origin from the app, so CORS is exercised too.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  ask,
  corruptStoredFile,
  expect,
  HUB_ONNX,
  HUB_REPO,
  loadModel,
  opfsFiles,
  overrideQuota,
  storageUsage,
  test,
  waitForServiceWorker,
} from './offline-support.ts';
import type { HubServer } from '../support/hub-server.ts';
import { ensureModel, scriptText, TINY_SCRIPTED } from '../support/models.ts';

// The download machinery is device-independent; run it once (the WASM project).
test.beforeEach(({}, info) => test.skip(info.project.name !== 'wasm', 'device-independent: runs in the wasm project'));

const onnxSize = async () => fs.statSync(path.join(await ensureModel('tiny-scripted', TINY_SCRIPTED), HUB_ONNX)).size;
const appUrl = (site: { url: string }, hub: { url: string }) => `${site.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}&device=wasm&dtype=q4`;
/** The start of the scripted answer, as rendered (markdown marks removed). */
const expectedAnswer = () => scriptText(TINY_SCRIPTED).split('</think>').pop()!.replace(/[*_`#]/g, '').trim().slice(0, 12);

test('a hub that drops the connection halfway through the ONNX file: the download resumes and the model loads', async ({ page, site, hub }) => {
  const size = await onnxSize();
  hub.setFaults([{ kind: 'drop', file: HUB_ONNX, afterBytes: Math.floor(size / 2) }]);
  await page.goto(appUrl(site, hub));
  await loadModel(page);
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());

  const gets = hub.log.filter((e) => e.file === HUB_ONNX && e.via === 'cdn' && e.method === 'GET' && e.range !== 'bytes=0-0');
  expect(gets[0]!.dropped).toBe(true);
  expect(gets[1]!.range).toBe(`bytes=${gets[0]!.bytesSent}-`);
  expect(gets[1]!.status).toBe(206);
  const served = hub.bytesSent(HUB_ONNX);
  test.info().annotations.push({ type: 'bytes served for the ONNX file', description: `${served} B for a ${size} B file (${(served / size).toFixed(3)}×)` });
  console.log(`[downloads] ONNX ${size} B, served ${served} B in total = ${(served / size).toFixed(3)}× the file size`);
  expect(served).toBeLessThan(1.1 * size);
});

const HUB_Q8 = 'onnx/model_quantized.onnx';
const onnxFetches = (hub: HubServer) => hub.log.filter((e) => e.file?.startsWith('onnx/') && e.method === 'GET' && e.range !== 'bytes=0-0').map((e) => e.file);

test('automatic dtype on the CPU: the 8-bit file is the one downloaded, and it answers', async ({ page, site, hub }) => {
  await page.goto(appUrl(site, hub).replace('&dtype=q4', ''));
  await loadModel(page);
  await expect(page.getByTestId('dtype')).toHaveText('q8');
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());
  expect([...new Set(onnxFetches(hub))]).toEqual([HUB_Q8]);
});

test('a hub repo without the 8-bit file: automatic on the CPU loads q4 instead, says why, and answers', async ({ page, site, hub }) => {
  hub.setFaults([{ kind: 'status', file: HUB_Q8, status: 404, times: 'always' }]);
  await page.goto(appUrl(site, hub).replace('&dtype=q4', ''));
  await loadModel(page);
  await expect(page.getByTestId('dtype')).toHaveText('q4');
  await expect(page.locator('[data-notice="dtype-missing"]')).toContainText('publishes no q8 file');
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());
  // Of the 8-bit file only its size was asked for; the bytes fetched are q4's.
  expect([...new Set(onnxFetches(hub))]).toEqual([HUB_ONNX]);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('pause keeps the bytes, resume continues from them', async ({ page, site, hub }) => {
  const size = await onnxSize();
  // The hub stalls after 100 kB, long enough to press Pause.
  hub.setFaults([{ kind: 'stall', file: HUB_ONNX, afterBytes: 100_000, ms: 20_000 }]);
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: /^Load/ }).click();
  // Pause while the ONNX file is mid-body (held in the stall), not while the small files before it load:
  // a Pause that lands before the ONNX request starts leaves nothing to resume.
  const onnxGet = () => hub.log.find((e) => e.file === HUB_ONNX && e.via === 'cdn' && e.method === 'GET' && e.range !== 'bytes=0-0');
  await expect.poll(() => onnxGet()?.bytesSent ?? 0, { timeout: 60_000 }).toBeGreaterThanOrEqual(100_000);
  await page.getByRole('button', { name: 'Pause download' }).click();
  await expect(page.getByText('paused', { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume download' })).toBeVisible();
  await page.getByRole('button', { name: 'Resume download' }).click();
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 120_000 });
  const gets = hub.log.filter((e) => e.file === HUB_ONNX && e.via === 'cdn' && e.range !== 'bytes=0-0');
  expect(gets.length).toBe(2);
  expect(gets[1]!.range).toMatch(/^bytes=[1-9]\d*-$/);
  expect(hub.bytesSent(HUB_ONNX)).toBeLessThan(1.1 * size);
});

test('a corrupted stored file is detected on the next load and fetched again', async ({ page, site, hub }) => {
  const size = await onnxSize();
  await page.goto(appUrl(site, hub));
  await loadModel(page);
  const stored = await corruptStoredFile(page, encodeURIComponent(HUB_ONNX), Math.floor(size / 2), Array(32).fill(0xab));
  expect(stored).toContain('/files/');

  hub.clearLog();
  await page.reload();
  // The model loaded before the reload loads again by itself (a return visit); the check finds the damage.
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  await expect(page.locator('[data-notice=file-repaired]')).toContainText('damaged');
  expect(hub.bytesSent(HUB_ONNX)).toBe(size); // fetched again, whole
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());
});

test('a quota smaller than the model gives a clear message with the numbers, and downloads nothing', async ({ page, site, hub }) => {
  await page.addInitScript(() => {
    // The browser says this site may use 300 kB, 100 kB of which are used.
    const fake = async () => ({ quota: 300_000, usage: 100_000 });
    Object.defineProperty(navigator.storage, 'estimate', { value: fake, configurable: true });
  });
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: /^Load/ }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Not enough storage' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('200 kB'); // what is available
  await expect(alert).toContainText(/needs \d+(\.\d+)? (kB|MB) more/);
  // Only the 1-byte size probes reached the hub; no model byte was downloaded or stored.
  expect(hub.log.filter((e) => e.file === HUB_ONNX && e.method === 'GET' && e.bytesSent > 1)).toEqual([]);
  const files = await opfsFiles(page);
  expect(Object.keys(files).filter((f) => f.includes('/files/'))).toEqual([]);
  await expect(page.locator('#composer-input')).toBeDisabled();
});

/**
 * Storage fills up partway through the ONNX file. The hub pauses the file after 600 kB; meanwhile the test makes
 * the browser enforce a quota (DevTools override) of what the site uses at that moment plus 64 KiB, while
 * `estimate()` goes on reporting gigabytes free (so the app's check before downloading passed). The user gets
 * the storage message with the numbers — never "damaged" — the stored bytes are kept, and once there is room
 * again a second Load continues from them. In the private context this is Chromium's in-memory store (a write
 * past the limit returns a bogus count); in the persistent profile, a write throws QuotaExceededError.
 */
async function storageFillsUpMidDownload(page: Page, site: { url: string }, hub: HubServer) {
  const onnx = 'onnx/model.onnx';
  const size = fs.statSync(path.join(await ensureModel('tiny-scripted', TINY_SCRIPTED), onnx)).size;
  const pauseAt = 600_000;
  hub.setFaults([{ kind: 'stall', file: onnx, afterBytes: pauseAt, ms: 6_000 }]);
  await page.goto(appUrl(site, hub).replace('dtype=q4', 'dtype=fp32'));
  await waitForServiceWorker(page);
  const onnxGets = () => hub.log.filter((e) => e.file === onnx && e.via === 'cdn' && e.method === 'GET' && e.range !== 'bytes=0-0');

  await page.getByRole('button', { name: /^Load/ }).click();
  await expect.poll(() => onnxGets()[0]?.bytesSent ?? 0).toBe(pauseAt);
  let usage = -1;
  await expect // until the bytes sent are written and the figure settles
    .poll(async () => {
      const before = usage;
      usage = await storageUsage(page);
      return usage === before;
    }, { intervals: [300] })
    .toBe(true);
  await overrideQuota(page, usage + 65_536);

  const alert = page.getByRole('alert').filter({ hasText: 'ran out of storage space' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(onnx);
  await expect(alert).toContainText(/\d+(\.\d+)? (kB|MB) of \d+(\.\d+)? (kB|MB) stored, \d+(\.\d+)? (kB|MB) more needed/);
  await expect(alert).toContainText(/reports \d+(\.\d+)? GB free for this site/); // estimate() did not see the limit
  await expect(alert).toContainText('What was stored is kept');
  await expect(alert).not.toContainText(/damaged/i);
  // Fetched once: a full store is neither retried as a network failure nor refetched as a damaged file.
  expect(onnxGets()).toHaveLength(1);
  const kept = Object.entries(await opfsFiles(page)).find(([f]) => f.endsWith(encodeURIComponent(onnx)))?.[1] ?? 0;
  expect(kept).toBeGreaterThanOrEqual(pauseAt);
  expect(kept).toBeLessThan(size);

  await overrideQuota(page, null); // space freed
  hub.clearLog();
  await loadModel(page);
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());
  expect(onnxGets().map((e) => e.range)).toEqual([`bytes=${kept}-`]);
  console.log(`[downloads] storage full at ${kept} of ${size} B of the ONNX file; resumed from there`);
}

test('storage that fills up mid-download in a private (incognito-like) context: storage message with the numbers, bytes kept, resumed later', async ({ page, site, hub }) => {
  await storageFillsUpMidDownload(page, site, hub);
});

test('storage that fills up mid-download in a persistent profile: the same message, bytes kept, resumed later', async ({ persistentPage, site, hub }) => {
  await storageFillsUpMidDownload(persistentPage, site, hub);
});

test('storage panel: lists the stored model with its size and state, and deletes it', async ({ page, site, hub }) => {
  await page.goto(appUrl(site, hub));
  await loadModel(page);
  await page.getByRole('button', { name: 'Storage', exact: true }).click();
  const row = page.getByTestId('stored-model').filter({ hasText: HUB_REPO });
  await expect(row).toBeVisible();
  await expect(row).toContainText('q4: fully stored');
  await expect(row.locator('td.num')).toContainText(/\d+(\.\d+)? (kB|MB)/);
  await expect(page.getByTestId('storage-used')).not.toHaveText('unknown');
  await expect(page.getByTestId('storage-available')).not.toHaveText('unknown');

  await row.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('storage-message')).toContainText('intact');

  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('storage-message')).toContainText('Deleted');
  await expect(page.getByTestId('storage-empty')).toBeVisible();
  const files = await opfsFiles(page);
  expect(Object.keys(files).filter((f) => f.startsWith('models/'))).toEqual([]);
});
