/**
 * A model host that is briefly unavailable, in the built app against the loopback hub: busy answers are
 * waited out and retried, the wait shows in the progress line (while the load is planned too), one press of
 * Load is enough, and Cancel during a wait to retry ends the load at once.
 */
import { ask, expect, HUB_ONNX, HUB_REPO, test } from './offline-support.ts';
import type { HubServer } from '../support/hub-server.ts';
import { scriptText, TINY_SCRIPTED } from '../support/models.ts';

// The download machinery is device-independent; run it once (the WASM project).
test.beforeEach(({}, info) => test.skip(info.project.name !== 'wasm', 'device-independent: runs in the wasm project'));

const appUrl = (site: { url: string }, hub: { url: string }) => `${site.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}&device=wasm&dtype=q4`;

test('a hub that answers 503 with Retry-After: 1 loads the model after one press of Load, the wait shown', async ({ page, site, hub }) => {
  hub.setFaults([
    { kind: 'status', file: 'config.json', status: 503, times: 2, retryAfter: '1' },
    // Once on the download itself (not the size probe), where the progress line is on screen.
    { kind: 'status', file: HUB_ONNX, status: 503, times: 1, retryAfter: '1', skipProbes: true },
  ]);
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: /^Load/ }).click();
  await expect(page.locator('.overall__text')).toContainText('Model host busy (HTTP 503), retrying in 1 s · attempt 2 of 8', { timeout: 60_000 });
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(hub.log.filter((e) => e.file === 'config.json').map((e) => e.status)).toEqual([503, 503, 200]);
  expect(hub.log.filter((e) => e.file === HUB_ONNX && e.status === 503)).toHaveLength(1);
});

const expectedAnswer = () => scriptText(TINY_SCRIPTED).split('</think>').pop()!.replace(/[*_`#]/g, '').trim().slice(0, 12);
const configStatuses = (hub: HubServer) => hub.log.filter((e) => e.file === 'config.json').map((e) => e.status);

test('config.json answered 503 with Retry-After: 2 twice: the wait shows while planning, then the model loads and answers', async ({ page, site, hub }) => {
  hub.setFaults([{ kind: 'status', file: 'config.json', status: 503, times: 2, retryAfter: '2' }]);
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: /^Load/ }).click();
  const line = page.locator('.overall__text');
  await expect(line).toContainText('Model host busy (HTTP 503), retrying in 2 s · attempt 2 of 8', { timeout: 60_000 });
  await expect(page.locator('.phase--current')).toHaveAttribute('data-phase', 'planning');
  await expect(line).toContainText('attempt 3 of 8', { timeout: 60_000 });
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(configStatuses(hub)).toEqual([503, 503, 200]);
  expect(await ask(page, 'What is 2 plus 2?')).toContain(expectedAnswer());
});

test('Cancel while planning waits to retry config.json: back to the picker with no error, before the retry; Load again works', async ({ page, site, hub }) => {
  hub.setFaults([{ kind: 'status', file: 'config.json', status: 503, times: 1, retryAfter: '30' }]);
  await page.goto(appUrl(site, hub));
  await page.getByRole('button', { name: /^Load/ }).click();
  await expect(page.locator('.overall__text')).toContainText('retrying in 30 s · attempt 2 of 8', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  // The picker is back, nothing is loading and nothing is in error, while the host's 30 s have not passed.
  await expect(page.getByRole('button', { name: /^Load/ })).toBeEnabled();
  await expect(page.locator('.load-progress')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(configStatuses(hub)).toEqual([503]);
  // The planning was stopped in the worker too: no retry of config.json comes after the wait it cancelled.
  await page.getByRole('button', { name: /^Load/ }).click();
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(configStatuses(hub)).toEqual([503, 200]);
});
