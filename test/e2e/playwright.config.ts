import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium.ts';

/**
 * End-to-end tests drive the *built* app (`npm run build` first) in Chromium (test/support/find-chromium.ts
 * finds it; without one, the global setup stops the run with one message before any test).
 * Two projects: WebGPU on SwiftShader (no shader-f16) and no adapter at all (WASM).
 * One worker: the machine has 2 cores and SwiftShader is CPU-bound.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: '../support/playwright-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 60_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: '../../test-results',
  use: {
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'webgpu', use: { launchOptions: chromiumLaunchOptions({ webgpu: true }) } },
    { name: 'wasm', use: { launchOptions: chromiumLaunchOptions({ webgpu: false }) } },
  ],
});
