/**
 * Accessibility: axe-core on every view — the empty chat, a chat with an answer, the shortcuts
 * dialog, Settings, Hardware and Storage — in the light and the dark theme, with zero violations.
 * Languages and themes are loop variables: each (language, theme) pair is one test.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ask, expect, modelQuery, openAndLoad, test, waitForAnswer } from './chat-fixtures.ts';
import { wasmOnly } from './fixtures.ts';

wasmOnly(test);

/** The languages the UI is checked in (the page's `lang`). */
const LANGUAGES = ['en'] as const;
const THEMES = ['light', 'dark'] as const;

/** Axe on the page as it is now; the violations as short lines (rule, impact, where). */
async function violations(page: Page, view: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${view}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

for (const lang of LANGUAGES) {
  for (const theme of THEMES) {
    test(`axe finds nothing on any view (${lang}, ${theme})`, async ({ page, chatApp }, info) => {
      test.setTimeout(360_000);
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      await page.goto(chatApp.url + modelQuery('tiny-scripted', info));
      await expect(page.getByRole('button', { name: 'Load', exact: true })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      found.push(...(await violations(page, 'empty chat')));

      await openAndLoad(page, chatApp, modelQuery('tiny-scripted', info));
      await ask(page, 'What is 2 + 2?');
      await waitForAnswer(page, 0);
      await expect(page.locator('.katex').first()).toBeVisible(); // the maths renderer arrived
      found.push(...(await violations(page, 'chat with an answer')));

      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      found.push(...(await violations(page, 'shortcuts dialog')));
      await page.keyboard.press('Escape');

      for (const view of ['Settings', 'Hardware', 'Storage']) {
        await page.getByRole('button', { name: view, exact: true }).click();
        await expect(page.locator('.view-loading')).toHaveCount(0);
        await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
        found.push(...(await violations(page, view)));
      }
      expect(found).toEqual([]);
    });
  }
}
