/**
 * The bench's page script: the e2e tests' harness (the app's `EngineClient` and a message log) in
 * front of the bench worker, which Vite builds beside it.
 */
import { EngineHarness, type HarnessGlobal } from '../../../test/support/engine-page/harness.ts';

(globalThis as unknown as { __startEngine: () => void }).__startEngine = () => {
  (globalThis as unknown as HarnessGlobal).__engine = new EngineHarness(
    () => new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module', name: 'local-r1-bench-engine' }),
  );
};
