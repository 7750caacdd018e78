/**
 * The chat as a user sees it, on the built app in headless Chromium with the generator's scripted
 * tiny models: on the `webgpu` project through SwiftShader WebGPU, on the `wasm` project with no
 * adapter at all. No mocked engine: the real worker runs the real ONNX graph.
 */
import { scriptText, TINY_SCRIPTED } from '../support/models.ts';
import {
  answers,
  ask,
  expect,
  HOSTILE,
  LONG_ANSWER,
  modelQuery,
  openAndLoad,
  splitScript,
  squash,
  test,
  waitForAnswer,
} from './chat-fixtures.ts';

test.describe('chat', () => {
  test('load, status line and notice; composer; live reasoning panel, then collapsed "Thought for"; answer with math; stats; no tags', async ({ page, chatApp }, info) => {
    const webgpu = info.project.name === 'webgpu';
    // On SwiftShader ask for q4f16: it has no shader-f16, so the app must fall back to q4 by itself.
    await page.goto(chatApp.url + modelQuery('tiny-scripted', info, webgpu ? '&dtype=q4f16' : ''));
    const box = page.getByRole('textbox', { name: 'Your message' });
    await expect(box).toBeDisabled(); // until a model is ready
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(box).toBeEnabled({ timeout: 180_000 });

    // Status line: device, dtype, adapter.
    await expect(page.getByTestId('device')).toHaveText(webgpu ? 'WebGPU' : 'WASM (CPU)');
    // WebGPU: q4f16 failed and q4 replaced it; the CPU: the 8-bit file, its fastest.
    await expect(page.getByTestId('dtype')).toHaveText(webgpu ? 'q4' : 'q8');
    await expect(page.getByTestId('adapter')).toHaveText(webgpu ? 'google swiftshader' : 'CPU (WASM)');
    // The notice says why: q4f16 failed and was replaced (SwiftShader), or no GPU means slow (WASM).
    await expect(page.locator(webgpu ? '[data-notice="f16-fallback"]' : '[data-notice="wasm-slow"]')).toBeVisible();

    // Record what the reasoning panel looked like while the model was thinking (it can be brief on WASM).
    await page.evaluate(() => {
      const w = window as unknown as { __thinking: { open: boolean; label: string; text: string }[] };
      w.__thinking = [];
      new MutationObserver(() => {
        const d = document.querySelector<HTMLDetailsElement>('details[data-part="reasoning"]');
        const label = d?.querySelector('summary')?.textContent ?? '';
        if (d && label.startsWith('Thinking')) {
          w.__thinking.push({ open: d.open, label, text: d.querySelector('.reasoning__body')?.textContent ?? '' });
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });

    // The composer: empty input is not sent (a hint instead); Shift+Enter adds a line; Enter sends.
    await box.fill('   ');
    await box.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Type a question first.' })).toBeVisible();
    await expect(answers(page)).toHaveCount(0);
    await box.fill('What is 2 + 2?');
    await box.press('Shift+Enter');
    await box.pressSequentially('Show your work.');
    await expect(box).toHaveValue('What is 2 + 2?\nShow your work.');
    await box.press('Enter');
    expect(await page.locator('article[data-role="user"] .msg__text').innerText()).toBe('What is 2 + 2?\nShow your work.');
    await expect(box).toHaveValue('');
    await waitForAnswer(page, 0);
    const want = splitScript(scriptText(TINY_SCRIPTED));
    const answer = answers(page).first();

    // While thinking: the panel was open and its text grew live, token by token.
    const seen = await page.evaluate(() => (window as unknown as { __thinking: { open: boolean; text: string }[] }).__thinking);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((s) => s.open)).toBe(true);
    expect(new Set(seen.map((s) => s.text)).size).toBeGreaterThan(1);

    // After the answer started: collapsed, labelled "Thought for N s", reopenable, holding the reasoning.
    const panel = answer.locator('details[data-part="reasoning"]');
    await expect(panel).not.toHaveAttribute('open');
    await expect(panel.locator('summary')).toHaveText(/^Thought for \d+(\.\d)? s/);
    await panel.locator('summary').click();
    await expect(panel).toHaveAttribute('open');
    expect(squash(await panel.locator('.reasoning__body').innerText())).toBe(squash(want.reasoning));

    // The answer is outside the panel, rendered as markdown with KaTeX math.
    const body = answer.locator('[data-part="answer"]');
    await expect(body.locator('strong')).toHaveText('2 + 2 = 4');
    await expect(body.locator('li')).toHaveText(['start with 2', 'add 2 more']);
    await expect(body.locator('.katex-display .katex-html')).toBeVisible();
    await expect(body.locator('.katex .fbox')).toHaveCount(1); // \boxed{4}
    expect(await panel.locator('[data-part="answer"]').count()).toBe(0);
    expect(await body.textContent()).not.toContain('Two plus two makes four');

    // No think tags anywhere in the page's text.
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/<\/?think>/);

    // The stats line.
    await expect(answer.getByTestId('stats')).toHaveText(/\d+ tokens · first token [\d.]+ s · prefill [\d.]+ tok\/s · decode [\d.]+ tok\/s/);
  });

  test('Stop mid-answer keeps the partial answer, marked stopped; hostile HTML shows as text', async ({ page, chatApp }, info) => {
    await openAndLoad(page, chatApp, modelQuery('chat-long', info));
    await ask(page, 'Write a long answer.');
    const answer = answers(page).first();
    const body = answer.locator('[data-part="answer"]');
    await expect(body).toContainText('Line 2 of a long answer', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitForAnswer(page, 0);

    await expect(answer).toHaveAttribute('data-status', 'stopped');
    await expect(answer).toContainText('Stopped: this answer is incomplete.');
    const shown = squash(await body.innerText());
    expect(shown.length).toBeGreaterThan(20);
    expect(squash(LONG_ANSWER).startsWith(shown)).toBe(true);
    expect(shown.length).toBeLessThan(squash(LONG_ANSWER).length);
    // The composer is usable again, with Send instead of Stop.
    await expect(page.getByRole('button', { name: 'Send' })).toBeEnabled();

    // Model output never becomes live HTML: the markup is visible text, no element was created, nothing ran.
    expect(shown).toContain(squash(HOSTILE));
    expect(await body.locator('img, script, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test.describe('context window', () => {
  test('settings persist; a question too long for the context is refused with the text kept; old turns left out are reported', async ({ page, chatApp }, info) => {
    test.skip(info.project.name === 'webgpu', 'UI behaviour that does not depend on the device: run once, on WASM');
    await openAndLoad(page, chatApp, modelQuery('tiny-multi-turn', info));

    // A small context window, set in Settings (saved in IndexedDB: still there after a reload).
    await page.getByRole('button', { name: 'Settings' }).click();
    const field = page.getByRole('spinbutton', { name: 'Context window (tokens)' });
    await field.fill('256');
    // The page says when the change is stored; a reload before that could lose it.
    await expect(page.getByTestId('settings-save')).toHaveText(/^Change saved in this browser/);
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(field).toHaveValue('256');
    await page.getByRole('button', { name: 'Chat' }).click();
    // The model loaded before the reload loads again by itself (a return visit).
    const box = page.getByRole('textbox', { name: 'Your message' });
    await expect(box).toBeEnabled({ timeout: 180_000 });

    // Too long on its own: a clear error, nothing sent, the text stays in the box.
    const long = `Please consider ${'this very long question '.repeat(80)}`;
    await ask(page, long);
    await expect(page.getByRole('alert')).toContainText('more than the 256-token context window');
    await expect(box).toHaveValue(long);
    await expect(page.locator('article[data-role="user"]')).toHaveCount(0);

    // A chat that outgrows the window: the oldest turns are dropped, and the answer says so.
    const question = 'Tell me one more fact about the capital cities of Europe, in a few words please.';
    let trimmed = false;
    for (let i = 0; i < 8 && !trimmed; i++) {
      await ask(page, `${question} (${i + 1})`);
      await waitForAnswer(page, i);
      trimmed = (await answers(page).nth(i).getByRole('note').count()) > 0;
    }
    expect(trimmed).toBe(true);
    await expect(answers(page).last().getByRole('note')).toHaveText(/^\d+ earlier messages? (was|were) left out to fit the context window \(256 tokens\)\.$/);
  });
});

test.describe('settings', () => {
  test('a setting the browser refuses to store is reported and kept in the form; the next change saves again', async ({ page, chatApp }, info) => {
    test.skip(info.project.name === 'webgpu', 'no model is loaded: the same on every device, run once');
    await page.goto(chatApp.url + '?device=wasm');
    await page.getByRole('button', { name: 'Settings' }).click();
    const status = page.getByTestId('settings-save');
    const temperature = page.getByRole('spinbutton', { name: 'Temperature' });
    await temperature.fill('0.7');
    await expect(status).toHaveText(/^Change saved in this browser/);

    // The browser's storage fails (full disk, quota): every IndexedDB write throws.
    await page.evaluate(() => {
      const w = window as unknown as { __put?: typeof IDBObjectStore.prototype.put };
      w.__put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await temperature.fill('0.8');
    await expect(status).toHaveText(/^Not saved: this browser refused to store the settings \(.*quota.*\)/i);
    await expect(temperature).toHaveValue('0.8');

    // Storage works again: the next change is stored, and it is what a reload shows.
    await page.evaluate(() => {
      const w = window as unknown as { __put?: typeof IDBObjectStore.prototype.put };
      IDBObjectStore.prototype.put = w.__put!;
    });
    await temperature.fill('0.9');
    await expect(status).toHaveText(/^Change saved in this browser/);
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(temperature).toHaveValue('0.9');
  });
});

test.describe('load errors', () => {
  test('a model that is not there gives a readable error, and the picker stays usable', async ({ page, chatApp }, info) => {
    test.skip(info.project.name === 'webgpu', 'no model is loaded: the same on every device, run once');
    await page.goto(chatApp.url + '?model=local:test/no-such-model&device=wasm');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    const error = page.locator('.error-box');
    await expect(error).toContainText('The model could not be loaded.');
    await expect(error.locator('summary')).toHaveText('Technical details');
    await expect(page.getByRole('button', { name: 'Load', exact: true })).toBeEnabled();
    await expect(page.getByRole('textbox', { name: 'Your message' })).toBeDisabled();
  });
});
