/**
 * The engine's device decisions as a user sees them in the built app (status line and notices):
 * the q4f16 → q4 fallback on SwiftShader, WASM chosen with a notice, the ONNX Runtime build, and `?device=webgpu`.
 */
import { test, expect } from './engine-fixtures.ts';

const model = 'model=local:test/tiny-scripted';

test.describe('engine decisions in the app', () => {
  test('asking for q4f16 on SwiftShader: the app falls back to q4 by itself, says so, and answers', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs the SwiftShader adapter');
    await page.goto(`${modelApp.url}?${model}&device=webgpu&dtype=q4f16`);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByTestId('dtype')).toHaveText('q4', { timeout: 180_000 });
    await expect(page.getByTestId('device')).toHaveText('WebGPU');
    await expect(page.getByTestId('adapter')).toHaveText('google swiftshader');
    await expect(page.locator('[data-notice="f16-fallback"]')).toContainText('q4f16');
    const box = page.getByRole('textbox', { name: 'Your message' });
    await box.fill('What is 2 plus 2?');
    await box.press('Enter');
    await expect(page.locator('article[data-role="assistant"]').last()).toContainText('2 + 2 = 4', { timeout: 120_000 });
  });

  test('automatic device: WASM, with a notice that says why', async ({ page, modelApp }, info) => {
    await page.goto(`${modelApp.url}?${model}`);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByTestId('device')).toHaveText('WASM (CPU)', { timeout: 180_000 });
    await expect(page.getByTestId('dtype')).toHaveText('q8');
    const code = info.project.name === 'webgpu' ? 'software-adapter' : 'wasm-slow';
    await expect(page.locator(`[data-notice="${code}"]`)).toContainText(/slow/);
  });

  test('no WebGPU adapter: the CPU-only ONNX Runtime build runs the model; with an adapter, the WebGPU build', async ({ page, modelApp }, info) => {
    const wasmFiles = new Set<string>();
    page.on('request', (r) => {
      const file = new URL(r.url()).pathname.split('/').pop()!;
      if (file.endsWith('.wasm')) wasmFiles.add(file);
    });
    await page.goto(`${modelApp.url}?${model}`);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByTestId('device')).toHaveText('WASM (CPU)', { timeout: 180_000 });
    const box = page.getByRole('textbox', { name: 'Your message' });
    await box.fill('What is 2 plus 2?');
    await box.press('Enter');
    await expect(page.locator('article[data-role="assistant"]').last()).toContainText('2 + 2 = 4', { timeout: 120_000 });
    // SwiftShader (the webgpu project) is an adapter: the worker keeps the build that can run WebGPU too.
    const asyncify = info.project.name === 'webgpu';
    expect([...wasmFiles].length, [...wasmFiles].join(', ')).toBe(1);
    expect([...wasmFiles][0]!.includes('.asyncify'), [...wasmFiles].join(', ')).toBe(asyncify);
  });

  test('?device=webgpu without an adapter: a readable error, nothing loaded', async ({ page, modelApp }, info) => {
    test.skip(info.project.name !== 'wasm', 'needs a browser without a WebGPU adapter');
    await page.goto(`${modelApp.url}?${model}&device=webgpu`);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(/no GPU adapter|could not get a GPU adapter/i, { timeout: 60_000 });
  });
});
