/**
 * How every browser test and benchmark starts Chromium: one place for the browser and its flags.
 *
 * - The browser is the one `findChromium` finds (CHROMIUM_PATH, Playwright's cache, PATH; CI installs
 *   Debian's). None found: the launch options name no executable and `requireChromium()` says what to do.
 *
 * - The background-networking flags keep Chromium from flooding this closed network.
 * - `webgpu: true` exposes SwiftShader as the WebGPU adapter (no shader-f16: a case the app handles).
 *   Without it `navigator.gpu` still exists but `requestAdapter()` resolves null: the WASM path.
 */
import type { LaunchOptions, Page } from 'playwright-core';
import { findChromium, nodeBrowserSearch } from './find-chromium.ts';

const FOUND = findChromium(nodeBrowserSearch());

/** The browser's path; throws the one message that says how to get one when there is none. */
export function requireChromium(): string {
  if (!FOUND.ok) throw new Error(FOUND.message);
  return FOUND.path;
}

const QUIET_NETWORK_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--disable-breakpad',
];

const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'];

export function chromiumLaunchOptions(opts: { webgpu: boolean; extraArgs?: string[] }): LaunchOptions {
  return {
    ...(FOUND.ok ? { executablePath: FOUND.path } : {}),
    headless: true,
    args: [...QUIET_NETWORK_FLAGS, ...(opts.webgpu ? WEBGPU_FLAGS : []), ...(opts.extraArgs ?? [])],
  };
}

/**
 * Picks a folder as a user would with "Open folder": a hidden `<input type="file" webkitdirectory
 * id="__folder">` (replaced if present) gets `dir`'s files; Playwright passes the paths, nothing is
 * copied. The page then reads them from `#__folder`'s `files`.
 */
export async function pickFolder(page: Page, dir: string): Promise<void> {
  await page.evaluate(() => {
    document.getElementById('__folder')?.remove();
    const input = document.createElement('input');
    input.type = 'file';
    input.id = '__folder';
    input.webkitdirectory = true;
    document.body.append(input);
  });
  await page.setInputFiles('#__folder', dir);
}
