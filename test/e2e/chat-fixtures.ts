/**
 * Fixtures for the chat and conversation end-to-end tests: the built app with the generator's tiny
 * models served same-origin at `/models/test/<name>/` (so `?model=local:test/<name>` picks them in the
 * UI), and helpers that drive the app the way a user does (Load, type, Enter).
 *
 * Besides the shared TINY_SCRIPTED / TINY_MULTI_TURN, one model of our own: CHAT_LONG, a long scripted
 * answer (plain numbered paragraphs after a hostile-HTML line), long enough to press Stop or reload while
 * it streams, even on WASM.
 */
import type { Page, TestInfo } from '@playwright/test';
import type { ModelSpec } from '../../tools/modelgen/index.ts';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { SCRIPTED_MODELS, startModelServer } from '../support/app-server.ts';
import { test as base, expect, serverFixture } from './fixtures.ts';

export const HOSTILE = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> <b>not bold</b>';
const LONG_PARAGRAPHS = 160;
export const LONG_ANSWER = [
  `Warning, hostile markup follows: ${HOSTILE}`,
  ...Array.from({ length: LONG_PARAGRAPHS }, (_, i) => `Line ${i + 1} of a long answer that keeps streaming.`),
].join('\n\n');
export const CHAT_LONG: ModelSpec = {
  preset: 'tiny',
  dtypes: ['q4', 'q4f16', 'q8'],
  behaviour: { kind: 'scripted', script: { turns: [`A short thought first.\n</think>\n\n${LONG_ANSWER}`] } },
};

export interface ChatFixtures {
  /** The built app with the test models at `/models/test/`. */
  chatApp: RunningServer;
}

export const test = base.extend<object, ChatFixtures>({
  chatApp: serverFixture(() => startModelServer({ ...SCRIPTED_MODELS, 'chat-long': CHAT_LONG })),
});

export { expect };

/**
 * URL query for a test model: on the `webgpu` project WebGPU is forced (the app would otherwise pick
 * WASM over a software adapter, which is faster), so the run really exercises SwiftShader.
 */
export function modelQuery(name: string, info: TestInfo, extra = ''): string {
  const device = info.project.name === 'webgpu' ? 'webgpu' : 'auto';
  return `?model=local:test/${name}&device=${device}${extra}`;
}

/** Opens the app, presses Load and waits until the model is ready (status line shows the dtype). */
export async function openAndLoad(page: Page, app: RunningServer, query: string): Promise<void> {
  await page.goto(app.url + query);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeEnabled();
}

/** Types a question and presses Enter. */
export async function ask(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill(text);
  await box.press('Enter');
}

/** The assistant messages (articles) in order. */
export function answers(page: Page) {
  return page.locator('article[data-role="assistant"]');
}

/** Waits for the n-th (0-based) answer to finish (done, stopped or error). */
export async function waitForAnswer(page: Page, n: number): Promise<void> {
  await expect(answers(page).nth(n)).toHaveAttribute('data-status', /^(done|stopped|error)$/, { timeout: 180_000 });
}

/** Splits a script turn into its reasoning and answer. */
export function splitScript(text: string): { reasoning: string; answer: string } {
  const [reasoning, answer] = text.split('</think>') as [string, string];
  return { reasoning: reasoning.trim(), answer: answer.trim() };
}

/** Whitespace-insensitive form of rendered text. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
