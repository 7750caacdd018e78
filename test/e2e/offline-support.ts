/**
 * Shared pieces for the offline / downloads / deployment specs: the built app on a loopback server that logs
 * every request it receives (page, engine worker and service worker alike), a loopback "hub" serving the
 * generator's tiny model in the Hugging Face layout, and UI helpers (load a model, ask a question).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { test as base, expect } from './fixtures.ts';
import { startStaticServer, type RunningServer, type StaticServerOptions } from '../../tools/serve/static-server.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { ensureModel, TINY_SCRIPTED } from '../support/models.ts';

export const DIST = path.resolve(import.meta.dirname, '../../dist');
export const HUB_REPO = 'test-org/tiny-scripted';
export const HUB_ONNX = 'onnx/model_q4.onnx';
export const DEMO = 'local-r1/demo-tiny';

export interface LoggedServer extends RunningServer {
  /** Request paths (with query) the server received, in order; ` [bytes=…]` appended for Range requests. */
  log: string[];
}

export async function startLoggedServer(opts: Omit<StaticServerOptions, 'onRequest'>): Promise<LoggedServer> {
  const log: string[] = [];
  const server = await startStaticServer({
    ...opts,
    onRequest: (req) => log.push(`${req.url ?? ''}${req.headers.range ? ` [${req.headers.range}]` : ''}`),
  });
  return Object.assign(server, { log });
}

interface Fixtures {
  /**
   * A page in a persistent browser profile (a fresh temporary folder per test), like a user's normal window.
   * Playwright's default contexts are private (incognito-like) ones: Chromium keeps their site data in memory
   * with a limit of about 1.4–1.6 GB on a 24 GiB machine, whatever `navigator.storage.estimate()` says, so a
   * test storing a real-size model needs this one.
   */
  persistentPage: Page;
  /** The built app (`dist/`) on its own loopback port, logging requests. One per test. */
  site: LoggedServer;
  /** A loopback hub serving TINY_SCRIPTED as `test-org/tiny-scripted`. One per test (fresh log and faults). */
  hub: HubServer;
}

export const test = base.extend<Fixtures>({
  site: async ({}, use) => {
    if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first.');
    const s = await startLoggedServer({ root: DIST });
    await use(s);
    await s.close();
  },
  persistentPage: async ({}, use, info) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'local-r1-profile-'));
    let context: BrowserContext | null = null;
    try {
      context = await chromium.launchPersistentContext(profile, { ...info.project.use.launchOptions });
      await use(context.pages()[0] ?? (await context.newPage()));
    } finally {
      await context?.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  },
  hub: async ({}, use) => {
    const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);
    const h = await startHubServer({ repos: { [HUB_REPO]: dir } });
    await use(h);
    await h.close();
  },
});

export { expect };

/** Press Load and wait until the model is ready (the status line shows its dtype). */
export async function loadModel(page: Page, timeout = 180_000): Promise<void> {
  await page.getByRole('button', { name: /^Load/ }).click();
  await expect(page.getByTestId('dtype')).toBeVisible({ timeout });
}

/** Ask a question in the composer and return the finished answer's text. */
export async function ask(page: Page, question: string, timeout = 180_000): Promise<string> {
  const answers = page.locator('article[data-role=assistant]');
  const before = await answers.count();
  // As a user does: ask once the last answer is saved and Send is back (an answer shows as done a moment
  // before it is saved; Enter in that moment only says "Wait for the answer to finish").
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible({ timeout });
  await page.locator('#composer-input').fill(question);
  await page.locator('#composer-input').press('Enter');
  const answer = answers.nth(before);
  await expect(answer).toHaveAttribute('data-status', 'done', { timeout });
  // The text as the user ends up reading it: rendered as markdown (the renderer loads lazily; until then the
  // raw text shows, and a fast answer can be done before it arrives).
  // The maths renderer loads lazily too: the text counts once it is the same on two reads in a row.
  const part = answer.locator('[data-part=answer]');
  let text = '';
  await expect
    .poll(
      async () => {
        const now = (await part.innerText()).trim();
        const settled = now === text && (await part.locator('.markdown--plain').count()) === 0;
        text = now;
        return settled;
      },
      { intervals: [250], timeout: 30_000 },
    )
    .toBe(true);
  return text;
}

/** Wait until a service worker controls the page (the first install has precached the app). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
}

/** Stored model files, as the app keeps them in OPFS: `models/<dir>/files/<encoded name>` → size. */
export async function opfsFiles(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const out: Record<string, number> = {};
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, h] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (h.kind === 'directory') await walk(h as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else out[`${prefix}${name}`] = (await (h as FileSystemFileHandle).getFile()).size;
      }
    };
    await walk(await navigator.storage.getDirectory(), '');
    return out;
  });
}

/** DevTools sessions holding quota overrides: Chromium drops an override when its session detaches. */
const quotaSessions = new WeakMap<Page, CDPSession>();

/**
 * Make the browser enforce a storage quota of `bytes` for the page's origin (DevTools `Storage.overrideQuotaForOrigin`;
 * `null` lifts it). Writes past it fail as a full store would; `navigator.storage.estimate()` keeps reporting the
 * real quota, so the app's check before downloading passes and the failure comes in the middle of the download.
 */
export async function overrideQuota(page: Page, bytes: number | null): Promise<void> {
  let cdp = quotaSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    quotaSessions.set(page, cdp);
  }
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', bytes === null ? { origin } : { origin, quotaSize: bytes });
}

/** `navigator.storage.estimate().usage` of the page's origin. */
export async function storageUsage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

/** Overwrite `bytes.length` bytes at `offset` of a stored file whose OPFS path ends with `suffix`. */
export async function corruptStoredFile(page: Page, suffix: string, offset: number, bytes: number[]): Promise<string> {
  return page.evaluate(
    async ({ suffix, offset, bytes }) => {
      const find = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<[string, FileSystemFileHandle] | null> => {
        for await (const [name, h] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
          const p = `${prefix}${name}`;
          if (h.kind === 'directory') {
            const r = await find(h as FileSystemDirectoryHandle, `${p}/`);
            if (r) return r;
          } else if (p.endsWith(suffix)) return [p, h as FileSystemFileHandle];
        }
        return null;
      };
      const hit = await find(await navigator.storage.getDirectory(), '');
      if (!hit) throw new Error(`no stored file ending in ${suffix}`);
      const w = await hit[1].createWritable({ keepExistingData: true });
      await w.write({ type: 'write', position: offset, data: new Uint8Array(bytes) });
      await w.close();
      return hit[0];
    },
    { suffix, offset, bytes },
  );
}
