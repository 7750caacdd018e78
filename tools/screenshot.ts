/**
 * The README's screenshot: the built app in headless Chromium (WASM, no WebGPU flags) with the
 * demo model, one question, the answer with its reasoning panel opened, saved as a 1280×800 PNG.
 *
 *   npm run build && npx tsx tools/screenshot.ts [--out docs/screenshot.png]
 *
 * Uses Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium); it never downloads a browser.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium.ts';
import { startStaticServer } from './serve/static-server.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/screenshot.png' },
    dist: { type: 'string', default: 'dist' },
    question: { type: 'string', default: 'Hello! What are you, and what can you do?' },
  },
});

const server = await startStaticServer({ root: path.resolve(values.dist), base: '/', port: 0 });
const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: false }));
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(server.url);

  // The model panel's demo option, then Load, as a user would.
  await page.getByRole('radio', { name: /Demo model, works offline/ }).check();
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  const deadline = Date.now() + 180_000;
  while (!(await box.isEnabled())) {
    if (Date.now() > deadline) throw new Error('the demo model did not load within 3 minutes');
    await page.waitForTimeout(250);
  }

  await box.fill(values.question);
  await box.press('Enter');
  const answer = page.locator('article[data-role="assistant"][data-status="done"]').first();
  await answer.waitFor({ timeout: 180_000 });

  // Reopen the reasoning panel (it collapses to "Thought for N s" once the answer starts).
  const panel = answer.locator('details[data-part="reasoning"]');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(500); // fonts and layout settle

  await page.screenshot({ path: values.out, type: 'png' });
  console.log(`wrote ${values.out}`);
} finally {
  await browser.close();
  await server.close();
}
