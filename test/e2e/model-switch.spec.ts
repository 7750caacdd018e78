/**
 * Loading another model at once after Send (before the first token) never takes the question away:
 * it stays in the conversation and its answer shows as stopped, with a note. The question reaches the
 * worker while the old model is unloaded for the new one, and the worker answers "not loaded": that
 * used to roll the send back ("Load a model first.", the question back in the box, the chat gone).
 */
import { answers, ask, modelQuery, openAndLoad, test, expect } from './chat-fixtures.ts';

test('Loading another model right after Send keeps the question and marks its answer stopped', async ({ page, chatApp }, info) => {
  test.setTimeout(300_000);
  await openAndLoad(page, chatApp, modelQuery('chat-long', info));
  // The model choice is opened first, so that the new load starts right after the question is sent.
  await page.getByRole('button', { name: 'Change model' }).click();
  // Another variant of it, not stored yet (q4 where q8 runs): the new load downloads, so the question reaches
  // the worker while that load is still under way, whatever the speed of the machine.
  await page.getByText('Device and precision').click();
  await page.getByRole('combobox', { name: /Precision/ }).selectOption('q4');
  const loadAnother = page.getByRole('button', { name: 'Load this model instead' });
  await expect(loadAnother).toBeEnabled();

  const question = 'A question asked just before the model is switched.';
  await page.getByRole('textbox', { name: 'Your message' }).fill(question);
  // Send, then Load in the same moment (one task, as fast as a user can be): the new load reaches the
  // worker before the question, which is still being saved.
  await page.evaluate(() => {
    const button = (name: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
    button('Send')!.click();
    button('Load this model instead')!.click();
  });

  const answer = answers(page).first();
  await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 180_000 });
  await expect(answer.locator('.msg__status')).toHaveText(/^Stopped/);
  await expect(page.locator('article[data-role="user"]')).toHaveText([new RegExp(question)]);
  // Nothing was given back to the box, and no error replaced the question.
  await expect(page.getByRole('textbox', { name: 'Your message' })).toHaveValue('');
  await expect(page.getByText('Load a model first.')).toHaveCount(0);

  // The new model loads and answers the next question.
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  await ask(page, 'And now?');
  await expect(answers(page).nth(1).locator('[data-part="answer"]')).toContainText('Line 1 of a long answer', { timeout: 180_000 });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(answers(page).nth(1)).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  // The stopped answer and its question are still in the conversation after a reload.
  await page.reload();
  await expect(page.locator('article[data-role="user"]').first()).toContainText(question);
  await expect(answers(page).first()).toHaveAttribute('data-status', 'stopped');
});
