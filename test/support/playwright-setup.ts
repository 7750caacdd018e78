/**
 * Playwright's globalSetup for the end-to-end tests: runs once, before any test. Without a browser
 * the run stops here with one message that says how to get one (not one failure per test).
 */
import { requireChromium } from './chromium.ts';

export default function globalSetup(): void {
  try {
    requireChromium();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`\n${message}\n\n`);
    process.exit(1);
  }
}
