/**
 * Answers that end while the model is still thinking: the model's end of sequence inside the
 * reasoning (models/scripts/reasoning-open.json never writes `</think>`), Stop during the reasoning,
 * and a token limit reached inside it (max new tokens, or a full context window). The panel says how
 * it ended and how long it ran, the reasoning is kept, the stats line agrees, and Regenerate works.
 * Also: messages, composer and titles follow the direction of their text (Arabic question), and the
 * unsent text of each conversation is kept across reloads.
 *
 * UI behaviour that does not depend on the device: run on the `wasm` project only.
 */
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { loadScript } from '../../tools/modelgen/index.ts';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { startScriptedApp } from '../support/app-server.ts';
import { SCRIPTS_DIR } from '../support/models.ts';
import { answers, ask, squash, waitForAnswer } from './chat-fixtures.ts';
import { test as base, expect, serverFixture, wasmOnly } from './fixtures.ts';

const SCRIPT = loadScript(path.join(SCRIPTS_DIR, 'reasoning-open.json'));
const REASONING = squash(SCRIPT.turns[0]!);

const test = base.extend<object, { openApp: RunningServer }>({
  openApp: serverFixture(() => startScriptedApp('reasoning-open', 'reasoning-open')),
});

wasmOnly(test);

/** Opens the app, sets numeric settings first (if any), then loads the model. */
async function open(page: Page, app: RunningServer, settings: Record<string, string> = {}): Promise<void> {
  await page.goto(app.url + '?model=local:reasoning-open&device=wasm');
  if (Object.keys(settings).length > 0) {
    await page.getByRole('button', { name: 'Settings' }).click();
    for (const [name, value] of Object.entries(settings)) {
      await page.getByRole('spinbutton', { name }).fill(value);
      await expect(page.getByTestId('settings-save')).toHaveText(/^Change saved in this browser/);
    }
    await page.getByRole('button', { name: 'Chat' }).click();
  }
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeEnabled();
}

/** The panel's title, checked against `how`; returns the time it shows ("3.2 s", "1 min 5 s"), never "0.0 s". */
async function panelTime(answer: Locator, how: string): Promise<string> {
  const label = answer.locator('.reasoning__label');
  await expect(label).toHaveText(new RegExp(`^${how} · ([\\d.]+ s|\\d+ min( \\d+ s)?)$`));
  const shown = (await label.innerText()).split(' · ')[1]!;
  expect(shown).not.toBe('0.0 s');
  return shown;
}

test('the model ends inside its reasoning: the panel and a note say so, the reasoning is kept, the times agree, Regenerate answers again', async ({ page, openApp }) => {
  await open(page, openApp);
  await ask(page, 'Which option is right?');
  await waitForAnswer(page, 0);
  const answer = answers(page).first();
  await expect(answer).toHaveAttribute('data-status', 'done');

  const shown = await panelTime(answer, 'Stopped while thinking');
  await expect(answer.locator('.msg__status')).toHaveText(
    'The model stopped while still thinking and gave no answer. Its reasoning is kept above; Regenerate to try again.',
  );
  // All of the reasoning is there, in an open panel; there is no answer block.
  await expect(answer.locator('details[data-part="reasoning"]')).toHaveAttribute('open', '');
  expect(squash(await answer.locator('.reasoning__body').innerText())).toBe(REASONING);
  await expect(answer.locator('[data-part="answer"]')).toHaveCount(0);
  // The stats line gives the same reasoning time as the panel.
  await expect(answer.getByTestId('stats')).toContainText(new RegExp(`reasoning \\d+ tokens, ${shown.replace('.', '\\.')}`));

  const before = await answer.getAttribute('data-id');
  await answer.getByRole('button', { name: 'Regenerate' }).click();
  await expect(answers(page).first()).not.toHaveAttribute('data-id', before!);
  await waitForAnswer(page, 0);
  await expect(answers(page)).toHaveCount(1);
  await panelTime(answers(page).first(), 'Stopped while thinking');
});

test('Stop during the reasoning keeps what was thought, with the time it ran', async ({ page, openApp }) => {
  await open(page, openApp);
  await ask(page, 'Which option is right?');
  const answer = answers(page).first();
  await expect(answer.locator('.reasoning__body')).toContainText('Step 3:', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await waitForAnswer(page, 0);

  await expect(answer).toHaveAttribute('data-status', 'stopped');
  await panelTime(answer, 'Stopped while thinking');
  await expect(answer.locator('.msg__status')).toHaveText('Stopped while thinking: this answer is incomplete.');
  const kept = squash(await answer.locator('.reasoning__body').innerText());
  expect(kept).toContain('Step 3:');
  expect(REASONING.startsWith(kept)).toBe(true);
  expect(kept.length).toBeLessThan(REASONING.length);
  await expect(answer.getByTestId('stats')).not.toContainText(/reasoning \d+ tokens, 0\.0 s/);
  await expect(answer.getByRole('button', { name: 'Regenerate' })).toBeEnabled();
});

test('max new tokens reached inside the reasoning: "Cut off while thinking", and the note names that setting', async ({ page, openApp }) => {
  await open(page, openApp, { 'Max new tokens': '200' });
  await ask(page, 'Which option is right?');
  await waitForAnswer(page, 0);
  const answer = answers(page).first();
  await panelTime(answer, 'Cut off while thinking');
  await expect(answer.locator('.msg__status')).toHaveText(
    'Cut off while still thinking at the limit of 200 new tokens: raise “Max new tokens” in Settings for longer answers.',
  );
  expect(REASONING.startsWith(squash(await answer.locator('.reasoning__body').innerText()))).toBe(true);
});

test('a full context window, not max new tokens, cut the answer: the note names the context window', async ({ page, openApp }) => {
  await open(page, openApp, { 'Max new tokens': '8000', 'Context window (tokens)': '256' });
  await ask(page, 'Which option is right?');
  await waitForAnswer(page, 0);
  const answer = answers(page).first();
  await expect(answer.locator('.msg__status')).toHaveText(
    /^Cut off while still thinking after \d+ new tokens: the 256-token context window is full\. Raise “Context window \(tokens\)” in Settings for longer answers\.$/,
  );
});

test('an Arabic question reads right to left in the composer, the message and the titles', async ({ page, openApp }) => {
  await open(page, openApp);
  const question = 'ما هو الخيار الصحيح؟';
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill(question);
  const direction = (l: Locator) => l.evaluate((el) => getComputedStyle(el).direction);
  expect(await direction(box)).toBe('rtl');
  await box.press('Enter');
  await waitForAnswer(page, 0);

  const asked = page.locator('article[data-role="user"] .msg__text');
  await expect(asked).toHaveText(question);
  expect(await direction(asked)).toBe('rtl');
  const title = page.locator('.chat__title');
  await expect(title).toHaveText(question);
  expect(await direction(title)).toBe('rtl');
  const item = page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: question, exact: true });
  expect(await direction(item)).toBe('rtl');
  // The English reasoning stays left to right: the direction follows each block's own text.
  const reasoning = answers(page).first().locator('.reasoning__body');
  await expect(reasoning).toHaveAttribute('dir', 'auto');
  expect(await direction(reasoning)).toBe('ltr');
});

test('the unsent text of each conversation is kept across a reload and when switching, and cleared once sent', async ({ page, openApp }) => {
  await open(page, openApp, { 'Max new tokens': '20' });
  await ask(page, 'First question');
  await waitForAnswer(page, 0);
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill('Half a follow-up');
  await page.reload();
  await expect(box).toHaveValue('Half a follow-up');
  // A return visit loads the stored model by itself.
  await expect(box).toBeEnabled({ timeout: 180_000 });

  const chats = page.getByRole('navigation', { name: 'Conversations' });
  await chats.getByRole('button', { name: 'New chat' }).click();
  await expect(box).toHaveValue('');
  await box.fill('Another draft');
  await chats.getByRole('button', { name: 'First question', exact: true }).click();
  await expect(box).toHaveValue('Half a follow-up');
  await chats.getByRole('button', { name: 'New chat' }).click();
  await expect(box).toHaveValue('Another draft');

  // Sent: gone from the box, and still gone after a reload.
  await box.press('Enter');
  await waitForAnswer(page, 0);
  await expect(box).toHaveValue('');
  await page.reload();
  await expect(page.locator('article[data-role="user"] .msg__text')).toHaveText('Another draft');
  await expect(box).toHaveValue('');
});
