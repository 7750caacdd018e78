/**
 * Shared Playwright fixtures: the built app served from loopback.
 * Specs import `test` and `expect` from here, never from '@playwright/test' directly.
 */
import { test as base, expect, type WorkerFixture } from '@playwright/test';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { startAppServer } from '../support/app-server.ts';

interface WorkerFixtures {
  /** The built app on a random loopback port, at `/`. */
  app: RunningServer;
}

/** A server started once per Playwright worker (and closed after it), as a worker fixture. */
export function serverFixture<S extends RunningServer>(start: () => Promise<S>): [WorkerFixture<S, object>, { scope: 'worker' }] {
  return [
    async ({}, use) => {
      const server = await start();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ];
}

export const test = base.extend<object, WorkerFixtures>({ app: serverFixture(startAppServer) });

/** Specs about UI behaviour that does not depend on the device run once, on the `wasm` project. */
export function wasmOnly(t: typeof test): void {
  t.beforeEach(({}, info) => {
    t.skip(info.project.name === 'webgpu', 'UI behaviour that does not depend on the device: run once, on WASM');
  });
}

export { expect };
