/**
 * A lost GPU mid-answer is recovered, not fatal. The GPU process really crashes (Chromium's DevTools
 * `Browser.crashGpuProcess`, what chrome://gpucrash does; SwiftShader's WebGPU device is then lost with "A
 * valid external Instance reference no longer exists."), nothing is faked in the app. The user sees one
 * sentence saying what happened, the answer so far kept and marked, the model loaded again by itself in a
 * fresh worker from the stored files (no model file requested from the server), and the next question
 * answered; a loss right after the reload loads the model on WASM with a notice. WebGPU only: WASM has no GPU to lose.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { startStaticServer, type RunningServer } from '../../tools/serve/static-server.ts';
import { requireDist, DIST } from '../support/app-server.ts';
import { ensureModel, MODELS_DIR } from '../support/models.ts';
import { answers, ask, CHAT_LONG, squash } from './chat-fixtures.ts';
import { test, expect } from './fixtures.ts';

const LOST_SENTENCE = /The GPU was lost while answering \(its process crashed or the driver reset\): the answer so far is kept and the model is being loaded again\./;

/** Crashes the browser's GPU process, as chrome://gpucrash does. */
async function crashGpuProcess(browser: Browser): Promise<void> {
  const cdp = await browser.newBrowserCDPSession();
  await cdp.send('Browser.crashGpuProcess');
  await cdp.detach();
}

/** Records every text the status line's recovery state shows (it may show only for a moment). */
async function recordRecoveryStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __recovery: string[] }).__recovery = seen;
    const look = () => {
      const text = document.querySelector('[data-testid="recovery-state"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const recoveryStates = (page: Page) => page.evaluate(() => (window as unknown as { __recovery: string[] }).__recovery);

/** The first words of the scripted answer (after its reasoning). */
const ANSWER_START = 'Warning, hostile markup follows';

/** Waits until answer `n` streams its answer part (past its reasoning), so the crash hits mid-answer. */
async function waitStreaming(page: Page, n: number): Promise<void> {
  const answer = answers(page).nth(n);
  await expect(answer.locator('[data-part="answer"]')).toContainText(ANSWER_START, { timeout: 300_000 });
  await expect(answer).toHaveAttribute('data-status', 'streaming');
}

/** The partial answer is kept and marked: its reasoning and text so far, status error, the sentence under it. */
async function expectKeptAndMarked(page: Page, n: number): Promise<void> {
  const answer = answers(page).nth(n);
  await expect(answer).toHaveAttribute('data-status', 'error', { timeout: 60_000 });
  await expect(answer).toContainText(LOST_SENTENCE);
  await expect(answer).toContainText('A short thought first.');
  await expect(answer.locator('[data-part="answer"]')).toContainText(ANSWER_START);
  expect(squash(await answer.locator('[data-part="answer"]').innerText())).not.toContain('Line 160 of a long answer');
}

test.describe('a lost GPU', () => {
  let server: RunningServer;
  /** Paths of the model files the server was asked for, in order. */
  const modelRequests: string[] = [];

  test.beforeAll(async ({}, info) => {
    if (info.project.name !== 'webgpu') return;
    requireDist();
    await ensureModel('chat-long', CHAT_LONG);
    server = await startStaticServer({
      root: DIST,
      mounts: { '/models/test/': MODELS_DIR },
      onRequest: (req) => req.url?.startsWith('/models/test/') && modelRequests.push(req.url),
    });
  });
  test.afterAll(async () => server?.close());

  /**
   * Each test crashes the GPU process of a browser of its own: Chromium counts GPU process crashes and may
   * stop offering the GPU after a few, which must not reach the specs that share Playwright's browser.
   */
  let own: Browser | null = null;
  test.afterEach(async () => {
    await own?.close();
    own = null;
  });
  async function ownBrowserPage(): Promise<{ browser: Browser; page: Page }> {
    own = await chromium.launch(chromiumLaunchOptions({ webgpu: true }));
    return { browser: own, page: await own.newPage() };
  }

  /** Opens the app with the long-answer model forced onto WebGPU and loads it. */
  async function openOnGpu(page: Page): Promise<void> {
    await page.goto(`${server.url}?model=local:test/chat-long&device=webgpu`);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByTestId('device')).toHaveText('WebGPU', { timeout: 300_000 });
    await recordRecoveryStates(page);
  }

  test('mid-answer: the answer is kept and marked, the model reloads by itself, the next question is answered', async ({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'WASM has no GPU to lose');
    test.setTimeout(900_000);
    const { browser, page } = await ownBrowserPage();
    await openOnGpu(page);

    // The GPU process crashes while the answer streams.
    const question = 'Tell me the long story, please.';
    await ask(page, question);
    await waitStreaming(page, 0);
    const stored = modelRequests.length;
    await crashGpuProcess(browser);

    await expectKeptAndMarked(page, 0);
    await expect(page.locator('article[data-role="user"]').first()).toContainText(question);
    // The sentence, not "something went wrong" or "out of memory".
    await expect(page.getByRole('alert').filter({ hasText: LOST_SENTENCE }).first()).toBeVisible();
    await expect(page.getByText(/Something went wrong|ran out of memory/)).toHaveCount(0);

    // Reloaded without a click, on the GPU, from the stored files.
    await expect(page.locator('[data-notice="gpu-lost"]')).toBeVisible({ timeout: 180_000 });
    await expect(page.getByTestId('device')).toHaveText('WebGPU');
    expect(await recoveryStates(page)).toContain('GPU lost — reloading…');
    expect(modelRequests.slice(stored), 'model files requested after the loss').toEqual([]);

    // The next question is answered on the GPU.
    await ask(page, 'And again, please.');
    await expect(answers(page).nth(1).locator('[data-part="answer"]')).toContainText(ANSWER_START, { timeout: 300_000 });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(answers(page).nth(1)).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });

    // Nothing stored is lost: after a page reload the cut answer is there as it was shown.
    await page.reload();
    await expect(answers(page)).toHaveCount(2);
    await expect(answers(page).first()).toHaveAttribute('data-status', 'error');
    await expect(answers(page).first()).toContainText(LOST_SENTENCE);
    await expect(answers(page).first().locator('[data-part="answer"]')).toContainText(ANSWER_START);
  });

  test('lost again right after the reload: the model is loaded on WASM with a notice, not reloaded in a loop', async ({}, info) => {
    test.skip(info.project.name !== 'webgpu', 'WASM has no GPU to lose');
    test.setTimeout(900_000);
    const { browser, page } = await ownBrowserPage();
    await openOnGpu(page);
    const stored = modelRequests.length;

    // Lost while idle (GPUDevice.lost alone tells the app): reloaded on the GPU.
    await crashGpuProcess(browser);
    await expect(page.locator('[data-notice="gpu-lost"]')).toBeVisible({ timeout: 180_000 });
    await expect(page.getByTestId('device')).toHaveText('WebGPU');
    // Lost again at once: WASM, and the notice says why.
    await crashGpuProcess(browser);
    await expect(page.locator('[data-notice="gpu-lost-wasm"]')).toContainText(
      /lost again within two minutes of reloading the model.*CPU \(WASM\)/,
      { timeout: 180_000 },
    );
    await expect(page.getByTestId('device')).toHaveText('WASM (CPU)');
    expect(await recoveryStates(page)).toEqual(['GPU lost — reloading…', 'GPU lost again — loading on the CPU (WASM)…']);
    expect(modelRequests.slice(stored), 'model files requested after the losses').toEqual([]);

    await ask(page, 'A question on the CPU.');
    await expect(answers(page).first().locator('[data-part="answer"]')).toContainText(ANSWER_START, { timeout: 300_000 });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(answers(page).first()).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
  });
});
