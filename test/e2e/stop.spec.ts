/**
 * Stop and Unload win whenever they are pressed, even at once after Send (before the question has
 * reached the model, while the previous answer's history is being read ahead, or while the prompt is
 * read): the answer ends marked stopped within seconds, the question is kept, and Unload unloads.
 * Runs on both projects: on WebGPU the engine reaches the prompt faster than a user can press Stop.
 */
import { answers, ask, modelQuery, openAndLoad, squash, test, expect, LONG_ANSWER } from './chat-fixtures.ts';

const CYCLES = 10;
/** How long a stopped answer may take to show as stopped. */
const STOP_MS = 10_000;

test('Stop pressed at once after Send ends every answer, marked stopped, with the question kept', async ({ page, chatApp }, info) => {
  test.setTimeout(300_000);
  await openAndLoad(page, chatApp, modelQuery('chat-long', info));
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  // The message list is windowed (only the rows in view are in the page): rows are found by their index in
  // the conversation, question i at 2i and its answer at 2i + 1; the list follows the newest.
  const row = (index: number) => page.locator(`.chat__row[data-index="${index}"]`);
  const answerAt = (i: number) => row(2 * i + 1).locator('article[data-role="assistant"]');
  for (let i = 0; i < CYCLES; i++) {
    const question = `Question number ${i + 1}, stopped at once.`;
    await ask(page, question);
    await stop.click();
    const answer = answerAt(i);
    await expect(answer, `answer ${i + 1}`).toHaveAttribute('data-status', 'stopped', { timeout: STOP_MS });
    // Stopped before or during the reasoning, or (rarely) after it: the note says so either way.
    await expect(answer).toContainText(/Stopped( while thinking)?: this answer is incomplete\./);
    await expect(row(2 * i).locator('article[data-role="user"]')).toContainText(question);
    // Cut short: far from the whole scripted answer.
    const shown = squash(await answer.innerText());
    expect(shown.length).toBeLessThan(squash(LONG_ANSWER).length / 2);
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled({ timeout: STOP_MS });
  }
  // One answer per question, no more.
  await expect(row(2 * CYCLES)).toHaveCount(0);

  // The stops belonged to their answers: the next question streams.
  await ask(page, 'Now answer in full.');
  await expect(answerAt(CYCLES).locator('[data-part="answer"]')).toContainText('Line 2 of a long answer', { timeout: 120_000 });
  await stop.click();
  await expect(answerAt(CYCLES)).toHaveAttribute('data-status', 'stopped', { timeout: STOP_MS });
});

test('Unload pressed at once after Send unloads the model and nothing keeps answering', async ({ page, chatApp }, info) => {
  test.setTimeout(300_000);
  await openAndLoad(page, chatApp, modelQuery('chat-long', info));
  // A first answer, so that its history is being read ahead when the next question is sent.
  await ask(page, 'First question.');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(answers(page).first()).toHaveAttribute('data-status', 'stopped', { timeout: STOP_MS });

  const question = 'A question the model is unloaded under.';
  await ask(page, question);
  await page.getByRole('button', { name: 'Unload', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Load', exact: true })).toBeVisible({ timeout: STOP_MS });
  await expect(page.getByTestId('dtype')).toHaveCount(0);
  // No answer is left streaming, and what the user wrote is on the page (kept in the chat, or given back to the box).
  await expect(page.locator('article[data-status="streaming"]')).toHaveCount(0, { timeout: STOP_MS });
  const kept = page.locator('article[data-role="user"]').filter({ hasText: question });
  const box = page.getByRole('textbox', { name: 'Your message' });
  await expect.poll(async () => (await kept.count()) > 0 || (await box.inputValue()) === question, { timeout: STOP_MS }).toBe(true);
  const texts = async () => squash((await answers(page).allInnerTexts()).join(' '));
  const before = await texts();
  await page.waitForTimeout(2_000);
  expect(await texts()).toBe(before);
});
