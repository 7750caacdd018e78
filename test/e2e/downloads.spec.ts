/**
 * Downloads that survive a bad network, in the built app against a loopback "hub" (HF URL layout, LFS
 * redirects, ETags, ranges, injected faults): resume after a cut, pause/resume, a damaged stored file, a quota
 * too small, and the storage panel. The hub is a different origin from the app, so CORS is exercised too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ask, corruptStoredFile, expect, HUB_ONNX, HUB_REPO, loadModel, opfsFiles, test } from './offline-support.ts';
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

test('pause keeps the bytes, resume continues from them', async ({ page, site, hub }) => {
  const size = await onnxSize();
  // The hub stalls after 100 kB, long enough to press Pause.
  hub.setFaults([{ kind: 'stall', file: HUB_ONNX, afterBytes: 100_000, ms: 20_000 }]);
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: /^Load/ }).click();
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
  await loadModel(page);
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
