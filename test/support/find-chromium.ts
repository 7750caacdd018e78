/**
 * Where the browser for the end-to-end tests and the benchmarks is. Pure: the file system and the
 * environment are passed in (`nodeBrowserSearch()` gives the real ones), so the order is unit-tested.
 *
 * Order: `CHROMIUM_PATH` (when set it must exist: a wrong path is reported, not worked around), then
 * Playwright's own browser cache (`PLAYWRIGHT_BROWSERS_PATH` or ~/.cache/ms-playwright: Chromium, then
 * the headless shell, newest revision first), then `chromium`, `chromium-browser`, `google-chrome` on PATH.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BrowserSearch {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** True for an executable file. */
  isExecutable(file: string): boolean;
  /** Names in a folder ([] when it does not exist). */
  list(dir: string): string[];
}

export type BrowserFound = { ok: true; path: string } | { ok: false; message: string };

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** Executables inside one Playwright browser folder, by folder prefix (old and new layouts). */
const CACHE_LAYOUTS: readonly { prefix: string; files: readonly string[] }[] = [
  { prefix: 'chromium-', files: ['chrome-linux/chrome', 'chrome-linux64/chrome'] },
  {
    prefix: 'chromium_headless_shell-',
    files: ['chrome-linux/headless_shell', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux64/headless_shell'],
  },
];

const revision = (name: string) => Number(name.slice(name.lastIndexOf('-') + 1)) || 0;

function fromPlaywrightCache(s: BrowserSearch): string | null {
  const root = s.env.PLAYWRIGHT_BROWSERS_PATH || path.join(s.home, '.cache', 'ms-playwright');
  const names = s.list(root);
  for (const layout of CACHE_LAYOUTS) {
    const dirs = names.filter((n) => n.startsWith(layout.prefix)).sort((a, b) => revision(b) - revision(a));
    for (const dir of dirs) {
      const hit = layout.files.map((f) => path.join(root, dir, f)).find((f) => s.isExecutable(f));
      if (hit) return hit;
    }
  }
  return null;
}

function fromPath(s: BrowserSearch): string | null {
  const dirs = (s.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of PATH_NAMES) {
    const hit = dirs.map((d) => path.join(d, name)).find((f) => s.isExecutable(f));
    if (hit) return hit;
  }
  return null;
}

const HOW_TO_GET_ONE =
  'Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable.';

export function findChromium(s: BrowserSearch): BrowserFound {
  const explicit = s.env.CHROMIUM_PATH;
  if (explicit) {
    return s.isExecutable(explicit)
      ? { ok: true, path: explicit }
      : { ok: false, message: `CHROMIUM_PATH is ${explicit}, which is not an executable file. ${HOW_TO_GET_ONE}` };
  }
  const found = fromPlaywrightCache(s) ?? fromPath(s);
  if (found) return { ok: true, path: found };
  return {
    ok: false,
    message: `No Chromium found for the browser tests (looked in Playwright's browser cache and for ${PATH_NAMES.join(', ')} on PATH). ${HOW_TO_GET_ONE}`,
  };
}

/** The real environment and file system. */
export function nodeBrowserSearch(): BrowserSearch {
  return {
    env: process.env,
    home: os.homedir(),
    isExecutable: (file) => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
    list: (dir) => {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}
