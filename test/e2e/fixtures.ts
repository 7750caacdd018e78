/**
 * Shared Playwright fixtures: the built app served from loopback.
 * Specs import `test` and `expect` from here, never from '@playwright/test' directly.
 */
import { test as base, expect } from '@playwright/test';
import path from 'node:path';
import fs from 'node:fs';
import { startStaticServer, type RunningServer } from '../../tools/serve/static-server.ts';

const DIST = path.resolve(import.meta.dirname, '../../dist');

interface WorkerFixtures {
  /** The built app on a random loopback port, at `/`. */
  app: RunningServer;
}

export const test = base.extend<object, WorkerFixtures>({
  app: [
    async ({}, use) => {
      if (!fs.existsSync(path.join(DIST, 'index.html'))) {
        throw new Error('dist/ is missing: run `npm run build` before the e2e tests (npm test does).');
      }
      const server = await startStaticServer({ root: DIST });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect };
