/**
 * "How big is this download?" before Load: the engine's plan for the picker's choice (which files, which
 * device and dtype the preference resolves to in this browser, how much is already stored) and the storage
 * quota check that Load would apply. Only on request: the picker contacts no model host by itself.
 */
import { useCallback, useState } from 'react';
import type { EngineError, LoadPlan } from '../../core/index.ts';
import { asEngineError } from '../../core/index.ts';
import type { EngineClient } from '../../worker/client.ts';
import { bytesToDownload, quotaProblem } from '../storage/preflight.ts';
import { sourceForChoice, type ModelChoice } from './choice.ts';

export type SizeCheck =
  | { status: 'checking' }
  | { status: 'done'; plan: LoadPlan; /** Load would be refused for want of storage. */ quota: EngineError | null }
  | { status: 'failed'; error: EngineError };

/** What the check depends on; a change makes an earlier answer stale. Null: nothing to check (a folder, a server). */
export function sizeCheckKey(choice: ModelChoice): string | null {
  const r = sourceForChoice(choice);
  if (!r.ok || r.source.kind === 'local-files') return null;
  return JSON.stringify([r.source, choice.device, choice.dtype]);
}

/** The answer for `choice` (null before a check, or once the choice changed), and `check()` to ask. */
export function useSizeCheck(engine: Pick<EngineClient, 'plan'>, choice: ModelChoice): { key: string | null; state: SizeCheck | null; check: () => void; reset: () => void } {
  const [held, setHeld] = useState<{ key: string; state: SizeCheck } | null>(null);
  const key = sizeCheckKey(choice);
  const check = useCallback(() => {
    const r = sourceForChoice(choice);
    const k = sizeCheckKey(choice);
    if (!r.ok || k === null) return;
    setHeld({ key: k, state: { status: 'checking' } });
    const answer = async (): Promise<SizeCheck> => {
      try {
        const plan = await engine.plan(r.source, choice.device, choice.dtype);
        return { status: 'done', plan, quota: await quotaProblem(bytesToDownload(plan)) };
      } catch (e) {
        return { status: 'failed', error: asEngineError(e) };
      }
    };
    void answer().then((state) => setHeld((h) => (h?.key === k ? { key: k, state } : h)));
  }, [engine, choice]);
  const reset = useCallback(() => setHeld(null), []);
  return { key, state: held !== null && held.key === key ? held.state : null, check, reset };
}
