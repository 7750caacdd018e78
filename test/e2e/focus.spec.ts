/**
 * Keyboard focus in the sidebar and the narrow-screen drawer, and the import size limit, on the built
 * app with no model loaded (conversations come in through Import).
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, wasmOnly } from './fixtures.ts';

wasmOnly(test);

const TOO_LARGE = 'This file is too large to be a conversation export.';

function exportJson(title: string, question = `A question about ${title}`): string {
  return JSON.stringify({ format: 'local-r1-conversation', version: 1, title, messages: [{ role: 'user', content: question }] });
}

async function importConversation(page: Page, title: string): Promise<void> {
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await sidebar.locator('input[type="file"]').setInputFiles({ name: `${title}.json`, mimeType: 'application/json', buffer: Buffer.from(exportJson(title)) });
  await expect(sidebar.getByRole('button', { name: title, exact: true })).toBeAttached();
}

test('after Rename focus returns to the conversation; after Delete it moves to the next one, then to New chat', async ({ page, app }) => {
  await page.goto(app.url);
  for (const t of ['Alpha', 'Beta', 'Gamma']) {
    await importConversation(page, t);
    await page.waitForTimeout(5); // distinct times, so the order is certain
  }
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.locator('.conv__open')).toHaveText(['Gamma', 'Beta', 'Alpha']); // newest first
  const open = (t: string) => sidebar.getByRole('button', { name: t, exact: true });

  await sidebar.getByRole('button', { name: 'Rename “Beta”' }).click();
  await sidebar.getByRole('textbox', { name: /New name/ }).fill('Bee');
  await page.keyboard.press('Enter');
  await expect(open('Bee')).toBeFocused();
  await sidebar.getByRole('button', { name: 'Rename “Bee”' }).click();
  await page.keyboard.press('Escape');
  await expect(open('Bee')).toBeFocused();

  await sidebar.getByRole('button', { name: 'Delete “Gamma”' }).click();
  await expect(open('Gamma')).toHaveCount(0);
  await expect(open('Bee')).toBeFocused();
  await page.keyboard.press('Shift+Tab'); // the undo toast is right before the list
  await expect(sidebar.getByRole('button', { name: 'Undo' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(open('Gamma')).toBeVisible();

  await sidebar.getByRole('button', { name: 'Delete “Alpha”' }).click(); // the last one: focus goes to the one before
  await expect(open('Bee')).toBeFocused();
  await sidebar.getByRole('button', { name: 'Delete “Gamma”' }).click();
  await expect(open('Bee')).toBeFocused();
  await sidebar.getByRole('button', { name: 'Delete “Bee”' }).click();
  await expect(sidebar.getByText('No conversations yet.')).toBeVisible();
  await expect(sidebar.getByRole('button', { name: '+ New chat' })).toBeFocused();
});

test('on a phone, Escape in the drawer or on its toggle closes it and focuses the toggle', async ({ page, app }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await page.goto(app.url);
  const toggle = page.getByRole('button', { name: 'Conversations', exact: true });
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });

  await toggle.click();
  await expect(sidebar).toBeVisible();
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(sidebar).toBeVisible();
  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).focus();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(toggle).toBeFocused();

  // Escape while renaming cancels the rename only; the next one closes the drawer.
  await toggle.click();
  await importConversation(page, 'Pocket');
  await sidebar.getByRole('button', { name: 'Rename “Pocket”' }).click();
  await page.keyboard.press('Escape');
  await expect(sidebar.getByRole('button', { name: 'Pocket', exact: true })).toBeFocused();
  await expect(sidebar).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(toggle).toBeFocused();
});

test('a 51 MB file is refused by its size, with a clear message, and adds no conversation', async ({ page, app }, info) => {
  await page.goto(app.url);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByText('No conversations yet.')).toBeVisible();
  // A valid export of 51 MB whose text is ~17 M characters (“€” is three bytes): only its size in bytes is over the limit.
  const path = info.outputPath('huge.json');
  fs.writeFileSync(path, exportJson('Huge', '€'.repeat(17 * 1024 * 1024)));
  expect(fs.statSync(path).size).toBeGreaterThan(51 * 1024 * 1024);
  await sidebar.locator('input[type="file"]').setInputFiles(path);
  await expect(sidebar.getByRole('alert')).toHaveText(TOO_LARGE);
  await expect(sidebar.getByText('No conversations yet.')).toBeVisible();
  await expect(sidebar.getByRole('button', { name: 'Huge', exact: true })).toHaveCount(0);
});
