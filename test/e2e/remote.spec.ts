/**
 * A server the user runs as the chat's backend: the built app, configured through the model panel, against
 * `npm run serve:api` (the real engine in Node on a generated long-answer model) on loopback. The reasoning
 * panel fills, the answer renders, Stop works, the conversation and its answers are marked as sent to the
 * server; a server killed mid-answer leaves the partial answer with a clear sentence; and a server that
 * sends `<think>` inside the text (no reasoning parser) still fills the reasoning panel.
 */
import type { Page } from '@playwright/test';
import { ensureModel } from '../support/models.ts';
import { startApiProcess, type ApiProcess } from '../support/api-process.ts';
import { answers, ask, CHAT_LONG } from './chat-fixtures.ts';
import { expect, test, wasmOnly } from './fixtures.ts';

wasmOnly(test);

let servers: ApiProcess[] = [];
test.afterEach(() => {
  for (const s of servers) s.kill();
  servers = [];
});

async function serve(extra: string[] = []): Promise<ApiProcess> {
  const s = await startApiProcess(await ensureModel('chat-long', CHAT_LONG), extra);
  servers.push(s);
  return s;
}

/** Chooses the server in the model panel, as a user does: address, its model list, Use this server. */
async function useServer(page: Page, server: ApiProcess, thinkStart?: string): Promise<string> {
  await page.getByLabel('A server you run (OpenAI-compatible)').check();
  await page.getByLabel('Server address (its OpenAI base URL)').fill(server.baseURL);
  await page.getByRole('button', { name: 'List its models' }).click();
  await expect(page.getByTestId('remote-models')).toContainText(server.model);
  await expect(page.getByLabel('Model on the server')).toHaveValue(server.model);
  if (thinkStart) {
    await page.getByText('Reasoning inside the text', { exact: true }).click();
    await page.getByLabel('When the server sends the reasoning inside the text, the text starts').selectOption(thinkStart);
  }
  await page.getByRole('button', { name: 'Use this server' }).click();
  const host = new URL(server.baseURL).host;
  await expect(page.getByTestId('remote-host')).toHaveText(host);
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeEnabled();
  return host;
}

test('a remote server answers: reasoning, answer, Stop, and the conversation is marked as sent there', async ({ page, app }) => {
  test.setTimeout(300_000);
  const server = await serve();
  await page.goto(app.url);
  const host = await useServer(page, server);
  await ask(page, 'Tell me a long story.');
  const answer = answers(page).first();
  await expect(answer.locator('[data-part="reasoning"]')).toContainText('A short thought first.');
  await expect(answer.locator('[data-part="answer"]')).toContainText('Line 2 of a long answer', { timeout: 120_000 });
  await expect(answer.getByTestId('answer-remote')).toContainText(`${server.model} on ${host}`);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(answer).toContainText('Line 1 of a long answer');
  // Markup in the answer stays text.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('conv-remote')).toHaveText(`via ${host}`);
  // After a reload the server is still the one answering, and the marks are stored.
  await page.reload();
  await expect(page.getByTestId('remote-host')).toHaveText(host);
  await expect(page.getByTestId('conv-remote')).toHaveText(`via ${host}`);
  await expect(answers(page).first().getByTestId('answer-remote')).toBeVisible();
});

test('a server killed mid-answer: the part that arrived stays, with a sentence saying the connection broke', async ({ page, app }) => {
  test.setTimeout(300_000);
  const server = await serve();
  await page.goto(app.url);
  const host = await useServer(page, server);
  await ask(page, 'Tell me a long story.');
  const answer = answers(page).first();
  await expect(answer.locator('[data-part="answer"]')).toContainText('Line 2 of a long answer', { timeout: 120_000 });
  server.kill();
  await expect(answer).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
  await expect(answer).toContainText(`The connection to ${host} broke in the middle of the answer. The part that arrived is kept.`);
  await expect(answer.locator('[data-part="answer"]')).toContainText('Line 2 of a long answer');
  await expect(answer.locator('[data-part="reasoning"]')).toContainText('A short thought first.');
  // The next question says nothing answers there, and goes back to the box.
  await ask(page, 'Are you still there?');
  await expect(page.getByText(`Nothing answers at ${host}`).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('textbox', { name: 'Your message' })).toHaveValue('Are you still there?');
});

test('a server that sends <think> inside the text (no reasoning parser): the reasoning still goes to its panel', async ({ page, app }) => {
  test.setTimeout(300_000);
  const server = await serve(['--reasoning-in-content']);
  await page.goto(app.url);
  await useServer(page, server, 'reasoning');
  await ask(page, 'Tell me a long story.');
  const answer = answers(page).first();
  const text = answer.locator('[data-part="answer"]');
  await expect(text).toContainText('Line 2 of a long answer', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(answer).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  await expect(answer.locator('[data-part="reasoning"]')).toContainText('A short thought first.');
  await expect(text).not.toContainText('short thought');
  await expect(text).not.toContainText('think>');
});
