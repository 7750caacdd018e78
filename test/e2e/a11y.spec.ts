/**
 * Accessibility: axe-core on every view — the empty chat, a chat with an answer, the shortcuts
 * dialog, Settings, Hardware and Storage — in the light and the dark theme, with zero violations.
 * Languages and themes are loop variables: each (language, theme) pair is one test; the browser's language
 * (`locale`) picks the UI's, and the controls are found by their text in that language's catalogue.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { en } from '../../src/ui/i18n/en.ts';
import type { Catalogue } from '../../src/ui/i18n/types.ts';
import { zhCN } from '../../src/ui/i18n/zh-CN.ts';
import { expect, modelQuery, test, waitForAnswer } from './chat-fixtures.ts';
import { wasmOnly } from './fixtures.ts';

wasmOnly(test);

/** The languages the UI is checked in (the page's `lang`). */
const LANGUAGES = ['en', 'zh-CN'] as const;
const CATALOGUES: Record<(typeof LANGUAGES)[number], Catalogue> = { en, 'zh-CN': zhCN };
const THEMES = ['light', 'dark'] as const;

/** Axe on the page as it is now; the violations as short lines (rule, impact, where). */
async function violations(page: Page, view: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${view}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

for (const lang of LANGUAGES) {
  const t = CATALOGUES[lang];
  test.describe(lang, () => {
  test.use({ locale: lang });
  for (const theme of THEMES) {
    test(`axe finds nothing on any view (${lang}, ${theme})`, async ({ page, chatApp }, info) => {
      test.setTimeout(360_000);
      await page.emulateMedia({ colorScheme: theme });
      const found: string[] = [];
      await page.goto(chatApp.url + modelQuery('tiny-scripted', info));
      const load = page.getByRole('button', { name: t.model.load, exact: true });
      await expect(load).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      found.push(...(await violations(page, 'empty chat')));

      await load.click();
      await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
      const box = page.getByRole('textbox', { name: t.composer.yourMessage });
      await expect(box).toBeEnabled();
      await box.fill('What is 2 + 2?');
      await box.press('Enter');
      await waitForAnswer(page, 0);
      await expect(page.locator('.katex').first()).toBeVisible(); // the maths renderer arrived
      found.push(...(await violations(page, 'chat with an answer')));

      await page.getByRole('button', { name: t.shortcuts.title }).click();
      await expect(page.getByRole('dialog', { name: t.shortcuts.title })).toBeVisible();
      found.push(...(await violations(page, 'shortcuts dialog')));
      await page.keyboard.press('Escape');

      for (const view of [t.app.settings, t.app.hardware, t.app.storage]) {
        await page.getByRole('button', { name: view, exact: true }).click();
        await expect(page.locator('.view-loading')).toHaveCount(0);
        await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
        found.push(...(await violations(page, view)));
      }
      expect(found).toEqual([]);
    });
  }
  });
}
