/**
 * Before a download: ask the engine how much is still needed (`plan`, which probes sizes but moves no model
 * bytes), compare with `navigator.storage.estimate()` on the page, and ask for persistent storage.
 * Runs on the page because that is where the Storage API can be observed and overridden by tests.
 */
import type { EngineClient } from '../../worker/client.ts';
import type { DevicePreference, DtypePreference, EngineError, LoadPlan, ModelSource } from '../../core/index.ts';
import { checkQuota, checkStorageForDownload, estimateStorage, type QuotaVerdict } from '../../storage/models/quota.ts';

export interface PreflightResult {
  /** Set when the download must not start: the message says why, with the numbers. */
  error: EngineError | null;
  /** Bytes still to download (0 when the model is fully stored). */
  bytesNeeded: number;
  /** The browser granted persistent storage (null: not asked or not supported). */
  persisted: boolean | null;
}

/** Bytes a plan still has to download. */
export function bytesToDownload(plan: Pick<LoadPlan, 'totalBytes' | 'storedBytes'>): number {
  return Math.max(0, plan.totalBytes - plan.storedBytes);
}

/** The quota refusal as the error the UI shows (with the numbers), or null when the download fits. */
export function quotaError(verdict: QuotaVerdict): EngineError | null {
  if (verdict.ok) return null;
  return {
    code: 'quota',
    message: verdict.message,
    detail: `needed ${verdict.needed} B, available ${verdict.available} B (quota ${verdict.quota} B, usage ${verdict.usage} B)`,
    key: 'errors.quotaNumbers',
    values: { needed: verdict.needed, available: verdict.available, usage: verdict.usage, quota: verdict.quota },
  };
}

/** The quota check alone, for a size shown before Load (asks for nothing, unlike the preflight). */
export async function quotaProblem(bytesNeeded: number): Promise<EngineError | null> {
  return quotaError(checkQuota(bytesNeeded, await estimateStorage()));
}

export async function storagePreflight(
  engine: Pick<EngineClient, 'plan'>,
  source: ModelSource,
  device: DevicePreference,
  dtype: DtypePreference,
  onProgress?: Parameters<EngineClient['plan']>[3],
): Promise<PreflightResult> {
  // Files the user picked are read in place: nothing is stored.
  if (source.kind === 'local-files') return { error: null, bytesNeeded: 0, persisted: null };
  const plan = await engine.plan(source, device, dtype, onProgress);
  const bytesNeeded = bytesToDownload(plan);
  const { verdict, persisted } = await checkStorageForDownload(bytesNeeded);
  return { error: quotaError(verdict), bytesNeeded, persisted };
}
