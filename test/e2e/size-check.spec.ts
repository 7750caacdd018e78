/**
 * "Check download size" in the model picker, in the built app against the loopback hub: before Load it says
 * which file the automatic choice resolves to on this browser and how much it downloads, with no model byte
 * moved; it says so again once the model is stored; and it applies the storage check Load applies. The picker
 * contacts the model host only when asked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, HUB_REPO, loadModel, test } from './offline-support.ts';
import { ensureModel, TINY_SCRIPTED } from '../support/models.ts';
import { formatBytes } from '../../src/core/units.ts';

const appUrl = (site: { url: string }, hub: { url: string }, extra = '') => `${site.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}${extra}`;

/** What transformers.js fetches for one dtype of the tiny model: the JSON files and that dtype's ONNX file. */
async function downloadBytes(onnx: string): Promise<number> {
  const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);
  const files = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', onnx];
  return files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

const sizeText = (page: import('@playwright/test').Page) => page.getByTestId('size-line').getByRole('status');

test('automatic on the CPU: the q8 size before Load, no model byte moved; after Load, stored', async ({ page, site, hub }, info) => {
  test.skip(info.project.name !== 'wasm', 'the CPU path');
  await page.goto(appUrl(site, hub));
  const check = page.getByRole('button', { name: 'Check download size' });
  await expect(check).toBeVisible();
  // Nothing asked the host yet.
  expect(hub.log).toEqual([]);
  await check.click();
  const total = formatBytes(await downloadBytes('onnx/model_quantized.onnx'), undefined, 'en');
  await expect(sizeText(page)).toHaveText(`q8 on the CPU: ${total} to download.`, { timeout: 60_000 });
  // Sizes only: no ONNX body left the hub.
  expect(hub.log.filter((e) => e.file?.startsWith('onnx/') && e.bytesSent > 1)).toEqual([]);
  await loadModel(page);
  await expect(page.getByTestId('dtype')).toHaveText('q8');
  await page.getByRole('button', { name: 'Change model' }).click();
  await page.getByRole('button', { name: 'Check download size' }).click();
  await expect(sizeText(page)).toHaveText(`q8 on the CPU: stored on this device (${total}), nothing to download.`, { timeout: 60_000 });
  // Another precision is another file: the answer follows the choice.
  await page.getByText('Device and precision').click();
  await page.locator('#dtype').selectOption('q4');
  await expect(page.getByTestId('size-line').locator('[data-size-state]')).toHaveAttribute('data-size-state', 'idle');
  await expect(page.getByTestId('size-line')).not.toContainText('stored');
  await page.getByRole('button', { name: 'Check download size' }).click();
  const q4 = formatBytes(await downloadBytes('onnx/model_q4.onnx'), undefined, 'en');
  const onnxQ4 = formatBytes(fs.statSync(path.join(await ensureModel('tiny-scripted', TINY_SCRIPTED), 'onnx/model_q4.onnx')).size, undefined, 'en');
  await expect(sizeText(page)).toHaveText(`q4 on the CPU: ${onnxQ4} of ${q4} still to download.`, { timeout: 60_000 });
});

test('on a GPU without shader-f16, automatic is q4 on the GPU', async ({ page, site, hub }, info) => {
  test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
  await page.goto(appUrl(site, hub, '&device=webgpu'));
  await page.getByRole('button', { name: 'Check download size' }).click();
  const total = formatBytes(await downloadBytes('onnx/model_q4.onnx'), undefined, 'en');
  await expect(sizeText(page)).toHaveText(`q4 on the GPU: ${total} to download.`, { timeout: 60_000 });
});

test('a quota smaller than the download: the check says so before Load, and nothing is downloaded', async ({ page, site, hub }, info) => {
  test.skip(info.project.name !== 'wasm', 'device-independent');
  await page.addInitScript(() => {
    const fake = async () => ({ quota: 300_000, usage: 100_000 });
    Object.defineProperty(navigator.storage, 'estimate', { value: fake, configurable: true });
  });
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: 'Check download size' }).click();
  await expect(sizeText(page)).toContainText('q8 on the CPU:', { timeout: 60_000 });
  await expect(page.getByTestId('size-quota')).toContainText('Not enough storage');
  await expect(page.getByTestId('size-quota')).toContainText('200 kB');
  expect(hub.log.filter((e) => e.file?.startsWith('onnx/') && e.bytesSent > 1)).toEqual([]);
});

test('a model the host does not have: the check says why, and Load is still there', async ({ page, site, hub }, info) => {
  test.skip(info.project.name !== 'wasm', 'device-independent');
  await page.goto(`${site.url}?model=test-org/no-such-model&hub=${encodeURIComponent(hub.url)}`);
  await page.getByRole('button', { name: 'Check download size' }).click();
  await expect(page.getByTestId('size-line').locator('[data-size-state=failed]')).toContainText('The size could not be checked:', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: /^Load/ })).toBeEnabled();
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('the same answer in the user’s language, the sizes written the Chinese way', async ({ page, site, hub }, info) => {
    test.skip(info.project.name !== 'wasm', 'the CPU path');
    await page.goto(appUrl(site, hub));
    await page.getByRole('button', { name: '查看下载大小' }).click();
    const total = formatBytes(await downloadBytes('onnx/model_quantized.onnx'), undefined, 'zh-CN');
    await expect(sizeText(page)).toHaveText(`q8，在 CPU 上运行：需下载 ${total}。`, { timeout: 60_000 });
  });
});
