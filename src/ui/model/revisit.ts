/**
 * A return visit: which model the picker starts from, whether the last model loads by itself, and the one
 * line the collapsed model panel shows while it does. Pure; the hook is `useModelChoice`.
 */
import type { DownloadPlan, DownloadProgress, LoadPhase } from '../../core/index.ts';
import type { AppSettings, LastModel } from '../../storage/chats/types.ts';
import { initialChoice, sourceForChoice, type ModelChoice } from './choice.ts';
import { readEngineUrlParams } from '../../core/url-params.ts';
import { formatPercent } from '../format.ts';
import type { Fmt } from '../i18n/types.ts';

export interface StartingPoint {
  choice: ModelChoice;
  /** Load `choice` by itself once its files are known to be stored. */
  autoLoad: boolean;
}

/** What loads the same files the same way (same source, device and dtype preferences). */
function sameLoad(a: ModelChoice, b: ModelChoice): boolean {
  const ra = sourceForChoice(a);
  const rb = sourceForChoice(b);
  if (!ra.ok || !rb.ok) return false;
  return JSON.stringify(ra.source) === JSON.stringify(rb.source) && a.device === b.device && a.dtype === b.dtype;
}

export function choiceFromLastModel(last: LastModel): ModelChoice {
  return { ...last, files: [] };
}

/**
 * The picker's starting point. With a last model and the setting on, the picker starts from it and it loads
 * by itself — unless the address asks for another model, device or dtype (`?model=` …), which then wins.
 */
export function startingPoint(settings: AppSettings, last: LastModel | null, search: string): StartingPoint {
  const fromUrl = initialChoice(settings, search);
  if (!last) return { choice: fromUrl, autoLoad: false };
  // A server was chosen last time: it answers again, and no model loads in the browser by itself.
  if (fromUrl.kind === 'remote') return { choice: { ...choiceFromLastModel(last), kind: 'remote' }, autoLoad: false };
  const lastChoice = choiceFromLastModel(last);
  const p = readEngineUrlParams(search);
  const urlChooses = p.model !== undefined || p.hub !== undefined || p.device !== undefined || p.dtype !== undefined;
  if (urlChooses && !sameLoad(fromUrl, lastChoice)) return { choice: fromUrl, autoLoad: false };
  return { choice: lastChoice, autoLoad: settings.autoLoadLastModel && sourceForChoice(lastChoice).ok };
}

/** What to remember after a successful load: null for a picked folder (it cannot be reopened by itself). */
export function lastModelFromChoice(c: ModelChoice): LastModel | null {
  if (c.kind === 'local' || c.kind === 'remote') return null;
  return { kind: c.kind, customRepo: c.customRepo.trim(), hubHost: c.hubHost.trim(), device: c.device, dtype: c.dtype };
}

/** Every file of the plan is completely stored: loading it downloads nothing. */
export function fullyStored(plan: DownloadPlan): boolean {
  return plan.files.length > 0 && plan.files.every((f) => f.size > 0 && f.storedBytes >= f.size);
}

/** The collapsed panel's state text: "checking stored files…", "loading into memory…", "downloading 42%…". */
export function compactStateText(f: Fmt, phase: LoadPhase | null, progress: DownloadProgress | null): string {
  if (phase === null) return f.t('compact.checkingStored');
  if (phase === 'downloading' && progress && progress.total > 0) {
    return f.t('compact.downloadingPercent', { percent: formatPercent(f, progress.loaded, progress.total) });
  }
  return f.t(`compact.${phase}`);
}

/** The collapsed panel's line while the model loads again after a lost GPU. */
export function recoveryText(f: Fmt, recovery: 'reload' | 'wasm' | null): string {
  return f.t(recovery === 'wasm' ? 'compact.gpuLostWasm' : 'compact.gpuLost');
}
