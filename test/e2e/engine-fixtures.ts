/**
 * Fixtures for the engine's end-to-end tests: the built app plus the generator's tiny models served
 * same-origin at `/models/test/<name>/` (so `?model=local:test/<name>` or a `same-origin` source with
 * id `test/<name>` loads them), and a driver that talks to the **built** engine worker through the
 * app's own `EngineClient` from a page of the app's origin (no UI in between).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect, serverFixture } from './fixtures.ts';
import { E2E_ENGINE_PAGE } from '../support/engine-page/build.ts';
import { builtWorkerPath, EngineDriver as PageEngineDriver } from '../support/engine-driver.ts';
import { DIST, startModelServer } from '../support/app-server.ts';
import type { RunningServer } from '../../tools/serve/static-server.ts';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';
import type { WorkerToUI } from '../../src/worker/protocol.ts';
import { loadScript, type ModelSpec } from '../../tools/modelgen/index.ts';
import { SCRIPTS_DIR } from '../support/models.ts';

/** The real-size 1.5B dimensions answering like tiny-scripted (the opt-in real-size specs; ~3.3 GB). */
export const ENGINE_R1_SCRIPTED: ModelSpec = {
  preset: 'r1-1.5b',
  dtypes: ['q4', 'q4f16', 'q8'],
  behaviour: { kind: 'scripted', script: loadScript(path.join(SCRIPTS_DIR, 'tiny-scripted.json')) },
};

export interface EngineWorkerFixtures {
  /** The built app with `models/` mounted at `/models/test/`. */
  modelApp: RunningServer;
}

export const test = base.extend<object, EngineWorkerFixtures>({ modelApp: serverFixture(() => startModelServer()) });

export { expect };

/** The driver on the built app's worker; the page's harness comes from the e2e global setup. */
export class EngineDriver extends PageEngineDriver {
  static start(page: Page, baseUrl: string): Promise<EngineDriver> {
    // Any same-origin URL will do; a 404 page keeps the app's own worker out of the way.
    return EngineDriver.open(page, `${baseUrl}__engine-e2e__`, E2E_ENGINE_PAGE.script, `${baseUrl}${builtWorkerPath(DIST)}`);
  }

  /** Ask one question, greedy, at most `maxNewTokens` tokens; resolves with the end of the answer (or the error). */
  async askOnce(requestId: string, question: string, maxNewTokens: number, timeout: number): Promise<WorkerToUI> {
    await this.send({
      type: 'generate',
      requestId,
      messages: [{ role: 'user', content: question }],
      sampling: { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens },
      contextWindow: 4096,
    });
    return this.waitFor(requestId, ['generation-end'], timeout);
  }
}
