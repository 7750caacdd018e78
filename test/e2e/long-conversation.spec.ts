/**
 * A conversation of 20,000 messages (an export generated here, imported through the sidebar) opens at
 * its last message with a bounded number of messages in the page, scrolls to its first one, keeps a
 * reasoning panel as the reader left it after it scrolled away and back, and switching to another
 * conversation and back works. The list is windowed: the counts, not times, are what is checked.
 *
 * UI behaviour that does not depend on the device: run on the `wasm` project only.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test, wasmOnly } from './fixtures.ts';

wasmOnly(test);

const MESSAGES = 20_000;
/** Far below 20,000: only the messages in view and a few either side are in the page. */
const MAX_IN_PAGE = 100;

/** An export (the app's JSON format, version 1) of `count` messages, questions and answers in turn. */
function longExport(count: number): string {
  const t0 = 1_767_000_000_000;
  const messages = Array.from({ length: count }, (_, i) => {
    const n = Math.floor(i / 2) + 1;
    const first = i === 0 ? 'The first message of the long chat. ' : '';
    if (i % 2 === 0) return { role: 'user', content: `${first}Question ${n}: what comes after ${n}?`, status: 'done', createdAt: t0 + i };
    const last = i === count - 1 ? ' The last message of the long chat.' : '';
    return {
      role: 'assistant',
      reasoning: `The number after ${n} is ${n + 1}.`,
      answer: `After **${n}** comes ${n + 1}.${n % 7 === 0 ? `\n\n- a list\n- of two items\n\n\`\`\`\ncount = ${n}\n\`\`\`` : ''}${last}`,
      reasoningEnded: true,
      reasoningMs: 1200,
      status: 'done',
      createdAt: t0 + i,
    };
  });
  const conv = { format: 'local-r1-conversation', version: 1, exportedAt: new Date(t0).toISOString(), title: 'Counting for a long time', createdAt: t0, updatedAt: t0 + count, messages };
  return JSON.stringify(conv);
}

const inPage = (page: Page) => page.locator('article.msg');
const list = (page: Page) => page.locator('.chat__messages');

/** Scrolls the list to its top or bottom until `target` shows (heights are measured as rows render). */
async function scrollUntilVisible(page: Page, where: 'top' | 'bottom', target: Locator): Promise<void> {
  await expect
    .poll(async () => {
      await list(page).evaluate((el, w) => {
        el.scrollTop = w === 'top' ? 0 : el.scrollHeight;
      }, where);
      return target.isVisible();
    }, { timeout: 60_000 })
    .toBe(true);
}

test('a 20,000-message conversation opens at its end with a bounded page, scrolls to its start, and switches away and back', async ({ page, app }, info) => {
  test.setTimeout(300_000);
  const file = info.outputPath('long-conversation.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, longExport(MESSAGES));

  await page.goto(app.url);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const importInput = sidebar.locator('input[type="file"]');
  // A short conversation to switch to.
  await importInput.setInputFiles(path.resolve('test/fixtures/export-v1.json'));
  await expect(page.getByRole('heading', { name: 'What is 2 + 2?' })).toBeVisible();
  const shortCount = await inPage(page).count();
  expect(shortCount).toBeGreaterThan(0);

  await importInput.setInputFiles(file);
  await expect(page.getByRole('heading', { name: 'Counting for a long time' })).toBeVisible({ timeout: 120_000 });
  const lastText = page.getByText('The last message of the long chat.');
  await expect(lastText).toBeInViewport({ timeout: 60_000 });
  await expect.poll(() => inPage(page).count()).toBeLessThan(MAX_IN_PAGE);
  expect(await inPage(page).count()).toBeGreaterThan(0);

  // The last answer's reasoning (finished: closed) opened by the reader stays open after scrolling away and back.
  const lastAnswer = page.locator('article[data-role="assistant"]').filter({ hasText: 'The last message of the long chat.' });
  const reasoning = lastAnswer.locator('details[data-part="reasoning"]');
  await expect(reasoning).not.toHaveAttribute('open', '');
  await reasoning.locator('summary').click();
  await expect(reasoning).toHaveAttribute('open', '');

  // To the top: the first message shows, and the page still holds only a window of messages.
  const firstText = page.getByText('The first message of the long chat.');
  await scrollUntilVisible(page, 'top', firstText);
  await expect(firstText).toBeInViewport();
  await expect(lastText).toHaveCount(0);
  expect(await inPage(page).count()).toBeLessThan(MAX_IN_PAGE);

  // Back to the end: the panel is as the reader left it.
  await scrollUntilVisible(page, 'bottom', lastText);
  await expect(reasoning).toHaveAttribute('open', '');

  // Switch to the short conversation and back.
  await sidebar.getByRole('button', { name: 'What is 2 + 2?', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'What is 2 + 2?' })).toBeVisible();
  await expect(inPage(page)).toHaveCount(shortCount);
  await expect(lastText).toHaveCount(0);
  await sidebar.getByRole('button', { name: 'Counting for a long time', exact: true }).click();
  await expect(lastText).toBeInViewport({ timeout: 60_000 });
  await expect.poll(() => inPage(page).count()).toBeLessThan(MAX_IN_PAGE);
});
