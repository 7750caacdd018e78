/**
 * A model host that is briefly unavailable, in the built app against the loopback hub: busy answers are
 * waited out and retried, the wait shows in the progress line, and one press of Load is enough.
 */
import { expect, HUB_ONNX, HUB_REPO, test } from './offline-support.ts';

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
