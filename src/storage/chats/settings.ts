/**
 * Persisted user settings: defaults, validation of whatever is stored, load and save.
 */
import { DEFAULT_SAMPLING, type DevicePreference, type DtypePreference } from '../../core/index.ts';
import type { ChatDB } from './db.ts';
import type { AppSettings, ModelChoiceKind } from './types.ts';

export const DEFAULT_SETTINGS: AppSettings = {
  temperature: DEFAULT_SAMPLING.temperature,
  topP: DEFAULT_SAMPLING.topP,
  topK: DEFAULT_SAMPLING.topK,
  maxNewTokens: DEFAULT_SAMPLING.maxNewTokens,
  doSample: DEFAULT_SAMPLING.doSample,
  contextWindow: 4096,
  reasoningExpanded: false,
  modelKind: 'default',
  customRepo: '',
  device: 'auto',
  dtype: 'auto',
  hubHost: '',
};

/** Limits the settings form enforces (and stored values are clamped to). */
export const SETTING_LIMITS = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0.05, max: 1 },
  topK: { min: 0, max: 200 },
  maxNewTokens: { min: 1, max: 32768 },
  contextWindow: { min: 256, max: 131072 },
} as const;

const MODEL_KINDS: readonly ModelChoiceKind[] = ['default', 'demo', 'custom', 'local'];
const DEVICES: readonly DevicePreference[] = ['auto', 'webgpu', 'wasm'];
const DTYPES: readonly DtypePreference[] = ['auto', 'q4f16', 'q4', 'fp16', 'fp32'];

function num(v: unknown, fallback: number, lim: { min: number; max: number }, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fallback;
  const clamped = Math.min(lim.max, Math.max(lim.min, v));
  return integer ? Math.round(clamped) : clamped;
}

function pick<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** Any stored or imported value → complete, valid settings (unknown or bad fields → defaults). */
export function sanitizeSettings(raw: unknown): AppSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  const L = SETTING_LIMITS;
  return {
    temperature: num(r.temperature, d.temperature, L.temperature),
    topP: num(r.topP, d.topP, L.topP),
    topK: num(r.topK, d.topK, L.topK, true),
    maxNewTokens: num(r.maxNewTokens, d.maxNewTokens, L.maxNewTokens, true),
    doSample: typeof r.doSample === 'boolean' ? r.doSample : d.doSample,
    contextWindow: num(r.contextWindow, d.contextWindow, L.contextWindow, true),
    reasoningExpanded: typeof r.reasoningExpanded === 'boolean' ? r.reasoningExpanded : d.reasoningExpanded,
    modelKind: pick(r.modelKind, MODEL_KINDS, d.modelKind),
    customRepo: typeof r.customRepo === 'string' ? r.customRepo.trim().slice(0, 200) : d.customRepo,
    device: pick(r.device, DEVICES, d.device),
    dtype: pick(r.dtype, DTYPES, d.dtype),
    hubHost: typeof r.hubHost === 'string' ? r.hubHost.trim().slice(0, 500) : d.hubHost,
  };
}

export async function loadSettings(db: ChatDB): Promise<AppSettings> {
  const row = await db.settings.get('app');
  return sanitizeSettings(row?.value);
}

export async function saveSettings(db: ChatDB, settings: AppSettings): Promise<void> {
  await db.settings.put({ key: 'app', value: sanitizeSettings(settings) });
}
