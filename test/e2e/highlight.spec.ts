/**
 * Code blocks in an answer are syntax highlighted once they are finished (models/scripts/code.json:
 * a JavaScript block, then a Python block that ends the answer), with the code text exactly as the
 * model wrote it, markup in it shown as text, and the highlighter fetched only when an answer needs it.
 *
 * UI behaviour that does not depend on the device: run on the `wasm` project only.
 */
import type { Page } from '@playwright/test';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { startScriptedApp } from '../support/app-server.ts';
import { answers, ask, openAndLoad, waitForAnswer } from './chat-fixtures.ts';
import { test as base, expect, serverFixture, wasmOnly } from './fixtures.ts';

const test = base.extend<object, { codeApp: RunningServer }>({
  codeApp: serverFixture(() => startScriptedApp('code', 'code')),
});

wasmOnly(test);

const PYTHON = 'def greet(name):\n    # say hello, not <b>bold</b>\n    return f"Hello, {name}!" if name else None';
const JS = 'const twice = (x) => x * 2; // doubles';

/** The highlighter's script files this page has fetched (the lazy chunk). */
async function highlighterLoads(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => /\/assets\/highlight[-.][^/]*\.js$/.test(n)),
  );
}

test('finished code blocks are highlighted, their text unchanged and copyable as written', async ({ page, codeApp, context }) => {
  test.setTimeout(300_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openAndLoad(page, codeApp, '?model=local:code');
  expect(await highlighterLoads(page), 'not part of the first load').toEqual([]);

  await ask(page, 'Write a greeting function.');
  await waitForAnswer(page, 0);
  const answer = answers(page).first().locator('[data-part="answer"]');
  const python = answer.locator('code.language-python');
  const js = answer.locator('code.language-js');

  // Highlighted: keywords, comments and strings are token spans.
  await expect(python.locator('.hljs-keyword').first()).toHaveText('def');
  await expect(python.locator('.hljs-comment')).toHaveText('# say hello, not <b>bold</b>');
  await expect(python.locator('.hljs-string').first()).toContainText('Hello, ');
  await expect(js.locator('.hljs-keyword').first()).toHaveText('const');
  await expect(js.locator('.hljs-comment')).toHaveText('// doubles');
  expect((await highlighterLoads(page)).length).toBe(1);

  // The code is the model's text, character for character; the markup in it is text, not elements.
  expect((await python.textContent())?.replace(/\n$/, '')).toBe(PYTHON);
  expect((await js.textContent())?.replace(/\n$/, '')).toBe(JS);
  await expect(answer.locator('b')).toHaveCount(0);

  // Token colours differ from the plain code colour.
  const colour = (sel: string) => python.locator(sel).first().evaluate((el) => getComputedStyle(el).color);
  const plain = await python.evaluate((el) => getComputedStyle(el).color);
  expect(await colour('.hljs-keyword')).not.toBe(plain);
  expect(await colour('.hljs-comment')).not.toBe(await colour('.hljs-keyword'));

  // Copy gives the code as written.
  await answer.locator('.code-block', { has: page.locator('code.language-python') }).getByRole('button', { name: 'Copy' }).click();
  expect((await page.evaluate(() => navigator.clipboard.readText())).replace(/\n$/, '')).toBe(PYTHON);
});
