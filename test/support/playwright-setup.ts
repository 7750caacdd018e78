/**
 * Playwright's globalSetup for the end-to-end tests: runs once, before any test.
 * - Without a browser the run stops here with one message that says how to get one (not one failure
 *   per test).
 * - Builds the engine tests' page script (the app's EngineClient and a message log, engine-page/).
 */
import { requireChromium } from './chromium.ts';
import { buildE2eEnginePage } from './engine-page/build.ts';

export default async function globalSetup(): Promise<void> {
  try {
    requireChromium();
  } catch (e) {
    process.stderr.write(`\n${e instanceof Error ? e.message : String(e)}\n\n`);
    process.exit(1);
  }
  await buildE2eEnginePage();
}
