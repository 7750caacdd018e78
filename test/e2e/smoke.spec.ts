import { test, expect } from './fixtures.ts';

test('the built app opens', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.locator('main')).toBeVisible();
});
