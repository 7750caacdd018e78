/**
 * A return visit: the last model that loaded (a hub model from the loopback hub, or the demo model) loads by
 * itself when its files are stored, with the model panel collapsed to one line, offline too; the setting in
 * Settings turns it off; on a phone-sized screen the panel leaves the height to the conversation.
 */
import type { Page } from '@playwright/test';
import { ask, DEMO, expect, HUB_ONNX, HUB_REPO, loadModel, test, waitForServiceWorker } from './offline-support.ts';
import { scriptText, TINY_SCRIPTED } from '../support/models.ts';

// The return visit is the page's own logic, the same on every device: run it once (the WASM project).
test.beforeEach(({}, info) => test.skip(info.project.name !== 'wasm', 'device-independent: runs in the wasm project'));

const DEMO_REPLY = /demo model/;
const loadButton = (page: Page) => page.getByRole('button', { name: /^Load/ });
const panel = (page: Page) => page.getByRole('region', { name: 'Model' });

/** The model loads with no button pressed and the panel stays one line: no picker, "Change model" offered. */
async function expectAutoLoaded(page: Page, name: string | RegExp): Promise<void> {
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 120_000 });
  await expect(panel(page).getByTestId('status-line')).toContainText(name);
  await expect(loadButton(page)).toHaveCount(0);
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(panel(page).getByRole('button', { name: 'Change model' })).toBeVisible();
}

test('a hub model loaded once loads by itself on the next visit, collapsed, from the store, and answers', async ({ page, site, hub }) => {
  await page.goto(`${site.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}&device=wasm&dtype=q4`);
  // A first visit (a fresh browser profile) loads nothing by itself: the picker waits for Load.
  await expect(loadButton(page)).toBeVisible();
  await loadModel(page);
  const answer = scriptText(TINY_SCRIPTED).split('</think>').pop()!.replace(/[*_`#]/g, '').trim().slice(0, 12);
  expect(await ask(page, 'What is 2 plus 2?')).toContain(answer);

  // Coming back to the plain address: the app remembers the model and its host.
  hub.clearLog();
  await page.goto(site.url);
  await expectAutoLoaded(page, HUB_REPO);
  // Nothing was downloaded by itself: the files came from the store.
  expect(hub.log.filter((e) => e.file === HUB_ONNX && e.method === 'GET')).toEqual([]);
  await page.getByRole('button', { name: '+ New chat' }).click();
  expect(await ask(page, 'What is 2 plus 2?')).toContain(answer);

  // "Change model" opens the picker at the remembered model.
  await panel(page).getByRole('button', { name: 'Change model' }).click();
  await expect(page.getByRole('textbox', { name: 'Model id' })).toHaveValue(HUB_REPO);
  await expect(loadButton(page)).toHaveText('Load this model instead');
});

test('with "Load the last model" turned off in Settings, a return visit waits for Load', async ({ page, site }) => {
  await page.goto(`${site.url}?model=${DEMO}&device=wasm`);
  await loadModel(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const setting = page.getByRole('checkbox', { name: /Load the last model when the app opens/ });
  await expect(setting).toBeChecked();
  await setting.uncheck();
  await expect(page.getByTestId('settings-save')).toHaveText(/^Change saved in this browser/);

  await page.goto(site.url);
  await expect(loadButton(page)).toBeVisible();
  // The worker answered (the GPU probe is in) and still no load started.
  await expect(panel(page).getByTestId('status-line')).toContainText(/No model loaded · GPU: (?!checking)/);
  await page.waitForTimeout(3000);
  await expect(page.locator('[aria-label="Loading steps"]')).toHaveCount(0);
  await expect(page.getByTestId('dtype')).toHaveCount(0);
  // The picker still starts at the last model.
  await expect(page.getByRole('radio', { name: /Demo model/ })).toBeChecked();
});

test('offline, after a first load, the return visit loads the stored model by itself and answers', async ({ page, context, site }) => {
  await page.goto(`${site.url}?model=${DEMO}`);
  await loadModel(page);
  const online = await ask(page, 'Hello?');
  expect(online).toMatch(DEMO_REPLY);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await site.close();
  await page.reload();
  await expectAutoLoaded(page, 'Demo model');
  await page.getByRole('button', { name: '+ New chat' }).click();
  expect(await ask(page, 'Hello?')).toBe(online);
});

test('on a 375 × 667 screen the return visit leaves the height to the conversation', async ({ page, site }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(`${site.url}?model=${DEMO}&device=wasm`);
  await loadModel(page);
  await page.goto(site.url);
  await expectAutoLoaded(page, 'Demo model');
  const panelBox = (await panel(page).boundingBox())!;
  const chatBox = (await page.getByRole('region', { name: 'Conversation' }).boundingBox())!;
  console.log(`375×667: model panel ${panelBox.height}px, conversation ${chatBox.height}px`);
  expect(panelBox.height).toBeLessThan(0.15 * 667);
  expect(chatBox.height).toBeGreaterThan(0.5 * 667);
  expect(await ask(page, 'Hello?')).toMatch(DEMO_REPLY);
});
