/**
 * The app open in two tabs (one browser context, two pages: they share IndexedDB, localStorage and OPFS):
 * conversations created, renamed or deleted in one tab show in the other; the conversation open in a tab and
 * deleted in the other is left with a sentence, the unsent text kept; two tabs loading the same hub model at
 * once download each file once and both end loaded.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ensureModel, scriptText, TINY_SCRIPTED } from '../support/models.ts';
import { answers, modelQuery, openAndLoad, test as chatTest, waitForAnswer, ask as askIn } from './chat-fixtures.ts';
import { ask, expect, HUB_ONNX, HUB_REPO, opfsFiles, test as hubTest } from './offline-support.ts';

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Your message' });

chatTest('a conversation created, renamed or deleted in one tab shows in the other; the one open there is left, its unsent text kept', async ({ page: a, chatApp }, info) => {
  const query = modelQuery('tiny-multi-turn', info);
  await openAndLoad(a, chatApp, query);
  const b = await a.context().newPage();
  await b.goto(chatApp.url + query);

  // Created in A: listed in B.
  await askIn(a, 'What is the capital of France?');
  await waitForAnswer(a, 0);
  await expect(sidebar(b).locator('.conv__open')).toHaveText(['What is the capital of France?']);

  // Renamed in B: renamed in A.
  await sidebar(b).getByRole('button', { name: 'Rename “What is the capital of France?”' }).click();
  await sidebar(b).getByRole('textbox', { name: /New name/ }).fill('Capitals');
  await sidebar(b).getByRole('textbox', { name: /New name/ }).press('Enter');
  await expect(sidebar(a).locator('.conv__open')).toHaveText(['Capitals']);

  // Deleted in B while A shows it, with text typed in A's composer and not sent.
  await composer(a).fill('And of Italy? (typed, not sent)');
  await sidebar(b).getByRole('button', { name: 'Delete “Capitals”' }).click();
  await expect(sidebar(a).locator('.conv__open')).toHaveCount(0);
  await expect(a.getByText('This conversation was deleted in another tab. Your unsent text is kept here for a new chat.')).toBeVisible();
  await expect(answers(a)).toHaveCount(0);
  await expect(composer(a)).toHaveValue('And of Italy? (typed, not sent)');

  // Sent: a new conversation, listed in both tabs.
  await composer(a).press('Enter');
  await waitForAnswer(a, 0);
  await expect(a.locator('article[data-role="user"]')).toHaveCount(1);
  await expect(a.locator('article[data-role="user"]')).toContainText('And of Italy? (typed, not sent)');
  await expect(sidebar(a).locator('.conv__open')).toHaveText(['And of Italy? (typed, not sent)']);
  await expect(sidebar(b).locator('.conv__open')).toHaveText(['And of Italy? (typed, not sent)']);
  await expect(composer(a)).toHaveValue('');
});

// The download machinery is device-independent; run it once (the wasm project).
hubTest('two tabs pressing Load on the same hub model at once: each file is downloaded once, both load and answer', async ({ page: a, site, hub }, info) => {
  hubTest.skip(info.project.name !== 'wasm', 'device-independent: runs in the wasm project');
  hubTest.slow(); // two tabs load and run the model: twice the work of one
  const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);
  // The ONNX body stalls a while, so the two loads overlap.
  hub.setFaults([{ kind: 'stall', file: HUB_ONNX, afterBytes: 100_000, ms: 3_000 }]);
  const url = `${site.url}?model=${HUB_REPO}&hub=${encodeURIComponent(hub.url)}&device=wasm&dtype=q4`;
  const b = await a.context().newPage();
  await Promise.all([a.goto(url), b.goto(url)]);
  await Promise.all([a.getByRole('button', { name: /^Load/ }).click(), b.getByRole('button', { name: /^Load/ }).click()]);

  // One of them waits for the other, and says so.
  const waitingText = 'Waiting for the download in another tab to finish';
  // The progress line is drawn frame by frame and a background tab draws none: look at each tab in front.
  const says = async (p: Page) => {
    await p.bringToFront();
    return (await p.getByText(waitingText).count()) > 0;
  };
  await expect.poll(async () => (await says(a)) || (await says(b)), { timeout: 120_000 }).toBe(true);
  await expect(a.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  await expect(b.getByTestId('dtype')).toBeVisible({ timeout: 180_000 });
  const expected = scriptText(TINY_SCRIPTED).split('</think>').pop()!.replace(/[*_`#]/g, '').trim().slice(0, 12);
  // Each tab is read in front, as a user reads it: a background tab draws no frames, and the answer's text is
  // drawn frame by frame.
  await a.bringToFront();
  expect(await ask(a, 'What is 2 plus 2?')).toContain(expected);
  await b.bringToFront();
  expect(await ask(b, 'What is 2 plus 2?')).toContain(expected);

  // Each file's body came from the hub once (config.json is also read by each tab's planning).
  const stored = await opfsFiles(a);
  const files = Object.keys(stored).filter((k) => k.includes('/files/')).map((k) => decodeURIComponent(k.split('/files/')[1]!));
  expect(files).toContain(HUB_ONNX);
  for (const file of files) {
    const bodies = hub.log.filter((e) => e.file === file && e.method === 'GET' && e.bytesSent > 1).length;
    if (file === 'config.json') expect(bodies, file).toBeLessThanOrEqual(2);
    else expect(bodies, file).toBe(1);
  }
  // What is stored is what the hub has: sizes, and the ONNX file's sha256.
  for (const [key, size] of Object.entries(stored).filter(([k]) => k.includes('/files/'))) {
    const file = decodeURIComponent(key.split('/files/')[1]!);
    expect(size, file).toBe(fs.statSync(path.join(dir, file)).size);
  }
  const sha = await a.evaluate(async (suffix) => {
    const root = await navigator.storage.getDirectory();
    const models = await root.getDirectoryHandle('models');
    for await (const [, h] of (models as unknown as { entries(): AsyncIterable<[string, FileSystemDirectoryHandle]> }).entries()) {
      const file = await (await h.getDirectoryHandle('files')).getFileHandle(suffix).catch(() => null);
      if (file) return [...new Uint8Array(await crypto.subtle.digest('SHA-256', await (await file.getFile()).arrayBuffer()))].map((x) => x.toString(16).padStart(2, '0')).join('');
    }
    return null;
  }, encodeURIComponent(HUB_ONNX));
  expect(sha).toBe(hub.sha256(HUB_REPO, HUB_ONNX));
  expect(sha).toBe(crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, HUB_ONNX))).digest('hex'));
});
