import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, type BrowserSearch } from '../../test/support/find-chromium.ts';

/** A file system holding exactly `files` (all executable). */
function search(files: string[], env: Record<string, string> = {}): BrowserSearch {
  const set = new Set(files);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin', ...env },
    home: '/home/u',
    isExecutable: (f) => set.has(f),
    list: (dir) => [...new Set(files.filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]!))],
  };
}

const CACHE = '/home/u/.cache/ms-playwright';

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it points at a browser, before anything else', () => {
    const s = search(['/opt/c/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/c/chrome' });
    expect(findChromium(s)).toEqual({ ok: true, path: '/opt/c/chrome' });
  });

  it('reports a CHROMIUM_PATH that points at nothing instead of using another browser', () => {
    const r = findChromium(search(['/usr/bin/chromium'], { CHROMIUM_PATH: '/nonexistent' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/CHROMIUM_PATH is \/nonexistent.*apt-get install chromium/);
  });

  it("prefers Playwright's cache, newest revision first, over PATH", () => {
    const s = search([
      `${CACHE}/chromium-1100/chrome-linux/chrome`,
      `${CACHE}/chromium-1200/chrome-linux64/chrome`,
      '/usr/bin/chromium',
    ]);
    expect(findChromium(s)).toEqual({ ok: true, path: `${CACHE}/chromium-1200/chrome-linux64/chrome` });
  });

  it("takes the cache's headless shell when there is no full Chromium there", () => {
    const shell = '/pw/chromium_headless_shell-1200/chrome-linux/headless_shell';
    expect(findChromium(search([shell], { PLAYWRIGHT_BROWSERS_PATH: '/pw' }))).toEqual({ ok: true, path: shell });
  });

  it('then looks on PATH for chromium, chromium-browser and google-chrome, in that order', () => {
    expect(findChromium(search(['/usr/bin/google-chrome', '/usr/local/bin/chromium-browser']))).toEqual({
      ok: true,
      path: '/usr/local/bin/chromium-browser',
    });
    expect(findChromium(search(['/usr/bin/google-chrome']))).toEqual({ ok: true, path: '/usr/bin/google-chrome' });
  });

  it('says how to get one when there is none', () => {
    const r = findChromium(search([path.join(CACHE, 'ffmpeg-1011/ffmpeg-linux')]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/apt-get install chromium.*CHROMIUM_PATH/);
  });
});
