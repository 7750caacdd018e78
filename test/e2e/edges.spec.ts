/**
 * Edge cases a user meets on the built app: maths written as a one-line `$$…$$`, dollar amounts, a
 * neutralised `javascript:` link and a very long URL in an answer (models/scripts/edges.json); a model
 * folder one level under models/ (`?model=local:edges`) and a path that tries to leave it; the download
 * progress line; the "works offline" notice's place; the hub address in Settings.
 *
 * UI behaviour that does not depend on the device: run on the `wasm` project only.
 */
import type { Page } from '@playwright/test';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { startScriptedApp } from '../support/app-server.ts';
import { answers, ask, openAndLoad, squash, waitForAnswer } from './chat-fixtures.ts';
import { test as base, expect, serverFixture, wasmOnly } from './fixtures.ts';

/** The built app, with the edge-case model (models/scripts/edges.json) at `/models/edges/` (one folder under models/). */
const test = base.extend<object, { edgesApp: RunningServer }>({
  edgesApp: serverFixture(() => startScriptedApp('edges', 'edges')),
});

wasmOnly(test);

type Box = { x: number; y: number; width: number; height: number };
function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Every text the download progress line shows during the page's life (it can change faster than a poll). */
async function recordProgressLines(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __progressLines: string[] }).__progressLines = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.overall__text')) {
        const t = el.textContent ?? '';
        if (seen[seen.length - 1] !== t) seen.push(t);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __progressLines: string[] }).__progressLines);
}

test('a model one folder under models/ loads and answers; its answer renders maths, prices, links and a long URL as a reader expects', async ({ page, edgesApp }) => {
  const progressLines = await recordProgressLines(page);
  await openAndLoad(page, edgesApp, '?model=local:edges&device=wasm');
  // The download line never reads "0 B of ?", nor "almost done" once the files are in ("940 kB of 940 kB · 100% ·
  // … · almost done"); with under a second left in the middle of a download, "almost done" is right.
  const lines = await progressLines();
  expect.soft(lines.filter((l) => /0 B of \?|^(\S+ \S+) of \1 .*almost done/.test(l))).toEqual([]);
  expect(lines.at(-1)).toMatch(/^\S+ \S+ downloaded$/);

  await ask(page, 'Show me some edge cases.');
  await waitForAnswer(page, 0);
  const answer = answers(page).first().locator('[data-part=answer]');
  await expect(answer).toContainText('The sum of the first n numbers');

  // Each item below is checked on its own (soft), so one run reports every one that fails.
  // `$$ … $$` alone on its line is display maths; `$x^2$` stays inline; prices stay prose.
  await expect.soft(answer.locator('.katex-display')).toHaveCount(1);
  await expect.soft(answer.locator('.katex')).toHaveCount(2);
  expect.soft(squash(await answer.innerText())).toContain('It costs $5 and $10, and inline');

  // The neutralised javascript: link is plain text; the web link stays a link.
  await expect.soft(answer.getByText('bad link', { exact: true })).toBeVisible();
  await expect.soft(answer.getByRole('link', { name: 'bad link' })).toHaveCount(0);
  await expect.soft(page.locator('a[href=""]')).toHaveCount(0);
  await expect.soft(answer.getByRole('link', { name: 'good link' })).toHaveAttribute('href', 'https://example.com/docs');

  // The 300-character URL wraps inside the answer column.
  const widths = await answer.evaluate((el) => {
    const list = el.closest('.chat__messages')!;
    return { answer: [el.scrollWidth, el.clientWidth], list: [list.scrollWidth, list.clientWidth] };
  });
  expect.soft(widths.answer[0]).toBeLessThanOrEqual(widths.answer[1]!);
  expect.soft(widths.list[0]).toBeLessThanOrEqual(widths.list[1]!);
});

test('a local: path that leaves models/ is refused with a clear message', async ({ page, edgesApp }) => {
  await page.goto(edgesApp.url + '?model=local:../x&device=wasm');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('"local:../x" is not a folder under models/: "." and ".." are not allowed.');
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeDisabled();
});

test('the "works offline" notice covers nothing on the page, and on a phone it is one compact row', async ({ page, edgesApp }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(edgesApp.url + '?device=wasm');
  const toast = page.getByTestId('offline-ready');
  await expect(toast).toBeVisible({ timeout: 120_000 });
  const toastBox = (await toast.boundingBox())!;
  // It was a 113 px bar on a 667 px screen for its first ten seconds.
  expect(toastBox.height).toBeLessThanOrEqual(48);
  for (const what of [page.locator('main'), page.locator('.chat__empty'), page.getByRole('textbox', { name: 'Your message' })]) {
    const box = (await what.boundingBox())!;
    expect(overlap(toastBox, box), `the notice overlaps ${what.toString()}`).toBe(false);
  }
});

test('Settings refuses a hub address that is not an http(s) URL, says why beside it, and does not save it', async ({ page, edgesApp }) => {
  await page.goto(edgesApp.url + '?device=wasm');
  await page.getByRole('button', { name: 'Settings' }).click();
  const status = page.getByTestId('settings-save');
  const hub = page.getByRole('textbox', { name: /Hub address/ });
  const reason = 'Not saved: enter an address that starts with http:// or https://, or leave it empty.';

  await hub.fill('https://mirror.example/');
  await expect(status).toHaveText(/^Change saved in this browser/);

  for (const bad of ['not a url', 'javascript:alert(1)']) {
    await hub.fill(bad);
    await expect(hub).toHaveAttribute('aria-invalid', 'true');
    await expect(hub).toHaveAccessibleDescription(reason);
    // The status line speaks of this field only, not of the earlier saved change.
    await expect(status).toHaveText(/^Not saved: correct Hub address/);
    await expect(page.getByText(/Change saved/)).toHaveCount(0);
  }

  // What is stored is still the last valid address.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(hub).toHaveValue('https://mirror.example/');
  await expect(hub).toHaveAttribute('aria-invalid', 'false');
  await hub.fill('');
  await expect(status).toHaveText(/^Change saved in this browser/);
});
