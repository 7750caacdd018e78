/**
 * The chat basics on the built app (WASM, the scripted tiny models): copying an answer and its
 * reasoning, the system prompt reaching the model, the theme choice surviving a reload, and the
 * keyboard shortcuts.
 */
import type { Page } from '@playwright/test';
import { scriptText, TINY_SCRIPTED } from '../support/models.ts';
import { answers, ask, expect, modelQuery, openAndLoad, splitScript, test, waitForAnswer } from './chat-fixtures.ts';
import { wasmOnly } from './fixtures.ts';

wasmOnly(test);

const MATH_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';

async function grantClipboard(page: Page): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
}
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** "… · 23 prompt tokens" (first turn: nothing from the cache) → 23. */
async function promptTokens(page: Page, n: number): Promise<number> {
  const stats = await answers(page).nth(n).getByTestId('stats').innerText();
  const m = /(\d+) prompt tokens/.exec(stats);
  if (!m) throw new Error(`no prompt token count in "${stats}"`);
  return Number(m[1]);
}

test('Copy answer puts the answer’s markdown on the clipboard, Copy reasoning the reasoning; each says Copied', async ({ page, chatApp }, info) => {
  await grantClipboard(page);
  await openAndLoad(page, chatApp, modelQuery('tiny-scripted', info));
  await ask(page, 'What is 2 + 2?');
  await waitForAnswer(page, 0);
  const want = splitScript(scriptText(TINY_SCRIPTED));
  const answer = answers(page).nth(0);

  await answer.getByRole('button', { name: 'Copy answer' }).click();
  await expect(answer.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect((await clipboard(page)).trim()).toBe(want.answer);

  await answer.locator('details[data-part="reasoning"] summary').click(); // collapsed once the answer started
  await answer.getByRole('button', { name: 'Copy reasoning' }).click();
  expect((await clipboard(page)).trim()).toBe(want.reasoning);
  // The confirmation goes away by itself.
  await expect(answer.getByRole('status').filter({ hasText: 'Copied' })).toHaveCount(0, { timeout: 10_000 });
});

test('the system prompt reaches the model: the maths instruction adds its tokens to the prompt', async ({ page, chatApp }, info) => {
  test.setTimeout(480_000); // a model load and two answers on WASM
  await openAndLoad(page, chatApp, modelQuery('tiny-scripted', info));
  await ask(page, 'What is 2 + 2?');
  await waitForAnswer(page, 0);
  const plain = await promptTokens(page, 0);

  await page.getByRole('button', { name: 'Settings' }).click();
  const field = page.getByRole('textbox', { name: /System prompt/ });
  await expect(field).toHaveValue(''); // empty by default, with DeepSeek's advice beside it
  await expect(page.getByText('DeepSeek advises using no system prompt with R1 models')).toBeVisible();
  await page.getByRole('button', { name: 'Use the maths instruction' }).click();
  await expect(field).toHaveValue(MATH_INSTRUCTION);
  await expect(page.getByTestId('settings-save')).toHaveAttribute('data-state', 'saved');

  await page.getByRole('button', { name: 'Chat' }).click();
  await page.getByRole('button', { name: 'New chat' }).first().click();
  await ask(page, 'What is 2 + 2?');
  await waitForAnswer(page, 0);
  const withSystem = await promptTokens(page, 0);
  expect(withSystem).toBeGreaterThan(plain + 10);
  // Same script either way: the answer is still the model's.
  await expect(answers(page).nth(0).locator('[data-part="answer"]')).toContainText('2 + 2 = 4');
});

test('the theme: dark and light set data-theme on <html> and survive a reload; System removes it', async ({ page, app }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(app.url);
  const html = page.locator('html');
  await expect(html).not.toHaveAttribute('data-theme', /.*/);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await background();

  await page.getByRole('button', { name: 'Settings' }).click();
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await theme.selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(light);
  await expect(page.getByTestId('settings-save')).toHaveAttribute('data-state', 'saved');

  await page.reload();
  // Set before the app renders (from the localStorage mirror), and the stored setting agrees.
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(light);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(theme).toHaveValue('dark');

  await theme.selectOption('light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe(light); // the choice beats the system's dark scheme

  await theme.selectOption('system');
  await expect(html).not.toHaveAttribute('data-theme', /.*/);
  expect(await background()).not.toBe(light); // follows the system (dark now)
  await page.reload();
  await expect(html).not.toHaveAttribute('data-theme', /.*/);
});

test('shortcuts: help (? button, Ctrl+/), new chat, focus the input, copy the last answer', async ({ page, chatApp }, info) => {
  test.setTimeout(360_000);
  await grantClipboard(page);
  await openAndLoad(page, chatApp, modelQuery('tiny-scripted', info));
  const box = page.getByRole('textbox', { name: 'Your message' });
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

  // The help dialog lists every shortcut; the header's ? button and Ctrl+/ open it, Escape closes it.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  for (const label of ['New chat', 'Focus the message box', 'Copy the last answer', 'Stop the answer being generated']) {
    await expect(help.getByRole('row', { name: new RegExp(label) })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('Control+/');
  await expect(help).toBeVisible();
  await page.keyboard.press('Control+/');
  await expect(help).toBeHidden();

  await ask(page, 'What is 2 + 2?');
  await waitForAnswer(page, 0);
  // Ctrl+Shift+C copies the last answer (its markdown), even with focus in the message box.
  await box.focus();
  await page.keyboard.press('Control+Shift+C');
  await expect(page.locator('.app__copied').getByRole('status')).toHaveText('Copied');
  expect((await clipboard(page)).trim()).toBe(splitScript(scriptText(TINY_SCRIPTED)).answer);

  // Shift+Esc puts focus in the message box from anywhere.
  await page.getByRole('button', { name: 'Copy answer' }).focus();
  await page.keyboard.press('Shift+Escape');
  await expect(box).toBeFocused();

  // Ctrl+Shift+O: a new chat, from another view too.
  await page.getByRole('button', { name: 'Storage' }).click();
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();
  await expect(answers(page)).toHaveCount(0);
  await expect(box).toBeFocused();
});

test('Escape stops the answer being generated, even while typing in the message box', async ({ page, chatApp }, info) => {
  await openAndLoad(page, chatApp, modelQuery('chat-long', info));
  await ask(page, 'A long answer, please.');
  const box = page.getByRole('textbox', { name: 'Your message' });
  await expect(answers(page).nth(0).locator('[data-part="answer"]')).toContainText('Line 1 of a long answer', { timeout: 120_000 });
  await box.focus();
  await page.keyboard.press('Escape');
  await expect(answers(page).nth(0)).toHaveAttribute('data-status', 'stopped', { timeout: 10_000 });
  await expect(box).toBeFocused();
});
