/**
 * The e2e tests' harness, injected into any page of the app's origin: `__startEngine(url)` puts the
 * harness in front of the engine worker at `url` (the built app's own `assets/worker-*.js`).
 */
import { EngineHarness, type HarnessGlobal } from './harness.ts';

(globalThis as unknown as { __startEngine: (url: string) => void }).__startEngine = (url) => {
  (globalThis as unknown as HarnessGlobal).__engine = new EngineHarness(() => new Worker(url, { type: 'module' }));
};
