/**
 * The Hardware page in Chromium (SwiftShader on the `webgpu` project, no adapter on `wasm`), on the
 * built app with the generator's tiny models served at `/models/test/`:
 *
 * - the adapter and features shown are the ones `navigator.gpu.requestAdapter()` reports;
 * - a short benchmark on the tiny random model completes and shows numbers;
 * - the correctness check finds SwiftShader and WASM in agreement on a random-weights model (the long
 *   prompt too: the engine caps WebGPU passes at 31 tokens there, and the page says why), and flags
 *   a deliberately perturbed one (GPU run on the perturbed model, CPU run on the clean one through
 *   `?reference=`: a stand-in for a GPU kernel that computes the wrong function).
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { startModelServer } from '../support/app-server.ts';
import { TINY_RANDOM, TINY_RANDOM_PERTURBED } from '../support/models.ts';
import { test as base, expect, serverFixture } from './fixtures.ts';

const test = base.extend<object, { hwApp: RunningServer }>({
  hwApp: serverFixture(() => startModelServer({ 'tiny-random': TINY_RANDOM, 'tiny-random-perturbed': TINY_RANDOM_PERTURBED })),
});

async function openHardware(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Hardware', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Hardware', level: 2 })).toBeVisible();
}

/** Load a test model through the Chat view's model panel (q4: SwiftShader has no shader-f16). */
async function loadModel(page: Page, app: RunningServer, name: string, extra = ''): Promise<void> {
  await page.goto(`${app.url}?model=local:test/${name}&dtype=q4${extra}`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('dtype')).toHaveText('q4', { timeout: 180_000 });
}

test.describe('Hardware page', () => {
  test('shows the adapter and features the browser reports', async ({ page, hwApp }, info) => {
    await page.goto(hwApp.url);
    await openHardware(page);
    const reported = await page.evaluate(async () => {
      const a = await navigator.gpu?.requestAdapter({ powerPreference: 'high-performance' });
      if (!a) return null;
      return {
        vendor: a.info.vendor,
        architecture: a.info.architecture,
        description: a.info.description,
        fallback: (a.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
        features: [...a.features].sort(),
        maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize,
      };
    });
    if (info.project.name === 'wasm') {
      expect(reported).toBeNull();
      await expect(page.getByTestId('webgpu-status')).toContainText('No WebGPU adapter');
      await expect(page.getByTestId('check-unavailable')).toBeVisible();
      return;
    }
    expect(reported).not.toBeNull();
    const r = reported!;
    expect(r.architecture).toBe('swiftshader');
    await expect(page.getByTestId('adapter-vendor')).toHaveText(r.vendor || '–');
    await expect(page.getByTestId('adapter-architecture')).toHaveText(r.architecture || '–');
    await expect(page.getByTestId('adapter-description')).toHaveText(r.description || '–');
    await expect(page.getByTestId('adapter-fallback')).toHaveText(r.fallback ? 'yes (isFallbackAdapter)' : 'no');
    const shown = await page.getByRole('list', { name: 'Adapter features' }).locator('li code').allTextContents();
    expect(shown).toEqual(r.features);
    expect(shown).not.toContain('shader-f16');
    // A software adapter is called one, with the reason WASM is faster.
    await expect(page.getByTestId('webgpu-status')).toContainText('software renderer');
    await expect(page.getByTestId('webgpu-status')).toContainText('WASM');
    // The limits are shown and used: on SwiftShader (no shader-f16) the 1.5B model runs q8 on the CPU, as the
    // automatic choice loads it: q4f16 needs shader-f16 on WebGPU, and q4 would run on this software GPU
    // (graph + external data) but slower.
    await expect(page.locator('[data-limit="maxStorageBufferBindingSize"]')).not.toBeEmpty();
    const rec = page.getByTestId('recommendation').first();
    await expect(rec).toContainText('q8 on the CPU (WASM)');
    await expect(rec).toContainText('software renderer');
    await expect(page.locator('td[data-device="webgpu"][data-dtype="q4f16"]').first()).toHaveAttribute('data-level', 'no');
    await expect(page.locator('td[data-device="webgpu"][data-dtype="q4"]').first()).toHaveAttribute('data-level', 'slow');
  });

  test('a short benchmark on the tiny model completes and shows numbers', async ({ page, hwApp }, info) => {
    const device = info.project.name === 'webgpu' ? 'webgpu' : 'wasm';
    await loadModel(page, hwApp, 'tiny-random', `&device=${device}`);
    await openHardware(page);
    await expect(page.getByTestId('bench-subject')).toContainText('test/tiny-random');
    await page.getByLabel('Prompt tokens').fill('16');
    await page.getByLabel('Answer tokens').fill('8');
    await page.getByLabel('Runs', { exact: true }).fill('3');
    await page.getByLabel('Warm-up runs').fill('1');
    await page.getByRole('button', { name: 'Run benchmark' }).click();
    const result = page.getByTestId('bench-result');
    await expect(result).toBeVisible({ timeout: 180_000 });
    for (const measure of ['prefill', 'decode', 'ttft']) {
      const text = await result.locator(`tr[data-measure="${measure}"] [data-testid="median"]`).textContent();
      const value = Number((text ?? '').replace(/,/g, ''));
      expect(value, `${measure} median "${text}"`).toBeGreaterThan(0);
    }
    await expect(result.getByRole('img', { name: /Decode speed/ })).toBeVisible();
    // Saved results survive a reload and can be exported.
    await result.getByRole('button', { name: 'Save result' }).click();
    await expect(result.getByRole('button', { name: 'Saved' })).toBeDisabled();
    await page.reload();
    await openHardware(page);
    await expect(page.getByRole('table', { name: 'Saved results' }).locator('tbody tr')).toHaveCount(1);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export all as JSON' }).click();
    const file = await (await download).path();
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string; records: { runs: unknown[] }[] };
    expect(json.format).toBe('local-r1-benchmark');
    expect(json.records[0]!.runs).toHaveLength(3);
  });

  test('correctness check: SwiftShader agrees with WASM on a random model, a perturbed model is flagged', async ({ page, hwApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs a WebGPU adapter (SwiftShader)');
    await loadModel(page, hwApp, 'tiny-random');
    await openHardware(page);
    await page.getByRole('button', { name: 'Run the check' }).click();
    const result = page.getByTestId('check-result');
    await expect(result).toBeVisible({ timeout: 180_000 });
    const percent = async (id: string) => Number((await result.getByTestId(id).textContent())!.replace('%', ''));
    // Generation (prompt in one pass, answer token by token): SwiftShader and WASM agree.
    expect(await percent('agreement')).toBeGreaterThanOrEqual(99);
    expect(Number(await result.getByTestId('max-diff').textContent())).toBeLessThan(0.01);
    // The long prompt is read in the engine's passes. ORT's WebGPU attention for passes of 32+ new tokens is
    // wrong on SwiftShader (src/engine/attention-check.ts), so the GPU engine caps its passes at 31 tokens and
    // then agrees with the CPU there too (before the cap: 79.2%); the page says why the passes are short.
    expect(await percent('long-agreement')).toBeGreaterThanOrEqual(99);
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText('in passes of 31 tokens');
    await expect(result).toContainText('Passes are capped at 31 tokens here');

    // The GPU runs the perturbed model, the CPU the clean one: what a broken kernel looks like.
    await loadModel(page, hwApp, 'tiny-random-perturbed', '&reference=local:test/tiny-random');
    await openHardware(page);
    await page.getByRole('button', { name: 'Run the check' }).click();
    const flagged = page.getByTestId('check-result');
    await expect(flagged).toBeVisible({ timeout: 180_000 });
    await expect(flagged).toHaveAttribute('data-ok', 'false');
    const bad = Number((await flagged.getByTestId('agreement').textContent())!.replace('%', ''));
    expect(bad).toBeLessThan(90);
    await expect(flagged).toContainText('may be garbage');
    await expect(flagged).toContainText('simulated fault');
  });
});
