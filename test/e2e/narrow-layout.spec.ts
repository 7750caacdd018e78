/**
 * A phone (375×667): the header, the model bar and the chat title stay small, so the conversation
 * gets at least 60 % of the height, even while the "works offline now" note shows; and nothing on the chat view moves while the app starts (CLS).
 */
import { ask, expect, modelQuery, openAndLoad, test, waitForAnswer } from './chat-fixtures.ts';
import { wasmOnly } from './fixtures.ts';

wasmOnly(test);

const PHONE = { width: 375, height: 667 };

test('on a 375×667 screen the conversation gets at least 60 % of the height', async ({ page, chatApp }, info) => {
  await page.setViewportSize(PHONE);
  await openAndLoad(page, chatApp, modelQuery('tiny-scripted', info));
  await ask(page, 'What is 2 + 2?');
  await waitForAnswer(page, 0);
  await expect(page.locator('[data-part="answer"] .katex').first()).toBeVisible(); // the maths renderer, loaded lazily
  // Every view's tab and the header's buttons fit on the one line.
  for (const name of ['Chat', 'Settings', 'Hardware', 'Storage', 'Conversations', 'Keyboard shortcuts']) {
    const box = await page.getByRole('banner').getByRole('button', { name, exact: true }).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, name).toBe(true);
  }
  const heights = await page.evaluate(() => {
    const h = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().height ?? 0;
    return {
      header: h('.topbar'),
      modelBar: h('.model-panel'),
      chatTitle: h('.chat__header'),
      composer: h('.composer'),
      conversation: h('.chat__messages'),
      // The "works offline now" note, while it shows (it leaves by itself): one compact row.
      offlineNote: h('[data-testid="offline-ready"]'),
    };
  });
  console.log(`375×667: ${JSON.stringify(heights)}, conversation ${((heights.conversation / PHONE.height) * 100).toFixed(1)} %`);
  expect(heights.conversation).toBeGreaterThanOrEqual(PHONE.height * 0.6);
  expect(heights.offlineNote).toBeLessThanOrEqual(48);
  // Nothing is cut off sideways: the page does not scroll horizontally.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
});

test('the chat view does not shift while the app starts (cumulative layout shift < 0.1)', async ({ page, chatApp }, info) => {
  await page.setViewportSize(PHONE);
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!e.hadRecentInput) w.__cls += e.value;
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(chatApp.url + modelQuery('tiny-scripted', info));
  await expect(page.getByRole('button', { name: 'Load', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();
  // The last thing to arrive, the conversation list (in the drawer on a phone), has been read.
  await expect(page.locator('.conv-list__empty')).toHaveCount(1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
  console.log(`layout shift while starting: ${cls.toFixed(4)}`);
  expect(cls).toBeLessThan(0.1);
});
