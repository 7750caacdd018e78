/**
 * Persisted user settings. Each field is described once in `SETTING_FIELDS` (kind, bounds, default,
 * label, help); the defaults, the validation of whatever is stored and the settings form derive from it.
 */
import { DEFAULT_SAMPLING, type DevicePreference, type DtypePreference } from '../../core/index.ts';
import { normalizeHost } from '../../core/url-params.ts';
import type { ChatDB } from './db.ts';
import type { AppSettings, ModelChoiceKind, RemoteThinkStart, ThemePreference } from './types.ts';

export type SettingKey = keyof AppSettings;
/** The settings form's groups; a field without one is set elsewhere (the model picker). */
export type SettingSection = 'System prompt' | 'Sampling' | 'Conversation' | 'Appearance' | 'Startup' | 'Model host';

interface FieldBase {
  label: string;
  section?: SettingSection;
}
export interface NumberSetting extends FieldBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** The form's step; stored values are not snapped to it. */
  step: number;
  /** Rounded to a whole number when stored or typed. */
  integer: boolean;
  help: string;
}
export interface BooleanSetting extends FieldBase {
  kind: 'boolean';
  default: boolean;
}
export interface TextSetting extends FieldBase {
  kind: 'text';
  default: string;
  /** Stored values are trimmed and cut to this length. */
  maxLength: number;
  help?: string;
  placeholder?: string;
  /** 'url': an http(s) address or nothing; 'multiline': a text area. */
  input?: 'url' | 'multiline';
  /** A value one click away (a button fills the field with it). */
  suggestion?: { label: string; value: string };
}
export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
}
export interface ChoiceSetting<T extends string> extends FieldBase {
  kind: 'choice';
  default: T;
  options: readonly ChoiceOption<T>[];
}
export type AnySetting = NumberSetting | BooleanSetting | TextSetting | ChoiceSetting<string>;

/** The description a field of type `V` gets: a plain string is free text, a string union a choice. */
type SettingFor<V> = [V] extends [boolean]
  ? BooleanSetting
  : [V] extends [number]
    ? NumberSetting
    : string extends V
      ? TextSetting
      : ChoiceSetting<V & string>;

export type SettingFields = { readonly [K in SettingKey]: SettingFor<AppSettings[K]> };

const DEVICE_OPTIONS: readonly ChoiceOption<DevicePreference>[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'webgpu', label: 'WebGPU (GPU)' },
  { value: 'wasm', label: 'WASM (CPU, slow)' },
];
const DTYPE_OPTIONS: readonly ChoiceOption<DtypePreference>[] = [
  { value: 'auto', label: 'Automatic (GPU: q4f16 with shader-f16, else q4; CPU: q8)' },
  { value: 'q4f16', label: 'q4f16 (smallest, needs shader-f16)' },
  { value: 'q4', label: 'q4' },
  { value: 'q8', label: 'q8 (8-bit, the fastest on the CPU)' },
  { value: 'fp16', label: 'fp16' },
  { value: 'fp32', label: 'fp32 (largest)' },
];
const THEME_OPTIONS: readonly ChoiceOption<ThemePreference>[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];
/** DeepSeek's recommended instruction for maths problems (put in the prompt, not a system prompt, for R1). */
export const MATH_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';
const MODEL_KIND_OPTIONS: readonly ChoiceOption<ModelChoiceKind>[] = [
  { value: 'default', label: 'DeepSeek-R1-Distill-Qwen-1.5B' },
  { value: 'demo', label: 'Demo model, works offline' },
  { value: 'custom', label: 'Another model from the hub' },
  { value: 'local', label: 'A model folder on this computer' },
  { value: 'remote', label: 'A server you run (OpenAI-compatible)' },
];

const THINK_START_OPTIONS: readonly ChoiceOption<RemoteThinkStart>[] = [
  { value: 'auto', label: 'Guess from the model id (R1, QwQ … start inside the reasoning)' },
  { value: 'reasoning', label: 'Inside the reasoning (R1 served without a reasoning parser)' },
  { value: 'answer', label: 'In the answer (reasoning only between <think> and </think>)' },
];

/** Every setting, in the order the form shows them. */
export const SETTING_FIELDS: SettingFields = {
  systemPrompt: {
    kind: 'text',
    section: 'System prompt',
    default: '',
    maxLength: 4000,
    input: 'multiline',
    label: 'System prompt (empty by default)',
    help:
      'DeepSeek advises using no system prompt with R1 models: put every instruction in your message instead. ' +
      'For maths, they suggest asking the model to reason step by step and box the final answer.',
    suggestion: { label: 'Use the maths instruction', value: MATH_INSTRUCTION },
  },
  doSample: {
    kind: 'boolean',
    section: 'Sampling',
    default: DEFAULT_SAMPLING.doSample,
    label: 'Sample (off = greedy: always the most likely token, the same answer every time)',
  },
  temperature: {
    kind: 'number',
    section: 'Sampling',
    default: DEFAULT_SAMPLING.temperature,
    min: 0,
    max: 2,
    step: 0.05,
    integer: false,
    label: 'Temperature',
    help: 'DeepSeek recommends 0.6 (0.5–0.7) for R1 models.',
  },
  topP: {
    kind: 'number',
    section: 'Sampling',
    default: DEFAULT_SAMPLING.topP,
    min: 0.05,
    max: 1,
    step: 0.01,
    integer: false,
    label: 'Top-p',
    help: 'DeepSeek recommends 0.95.',
  },
  topK: {
    kind: 'number',
    section: 'Sampling',
    default: DEFAULT_SAMPLING.topK,
    min: 0,
    max: 200,
    step: 1,
    integer: true,
    label: 'Top-k',
    help: 'Only the k most likely tokens are sampled (0 = no limit).',
  },
  maxNewTokens: {
    kind: 'number',
    section: 'Sampling',
    default: DEFAULT_SAMPLING.maxNewTokens,
    min: 1,
    max: 32768,
    step: 1,
    integer: true,
    label: 'Max new tokens',
    help: 'Reasoning and answer together. R1 models think at length: 4096 is a good default.',
  },
  contextWindow: {
    kind: 'number',
    section: 'Conversation',
    default: 4096,
    min: 256,
    max: 131072,
    step: 256,
    integer: true,
    label: 'Context window (tokens)',
    help: 'The history, the question and room for the answer must fit; the oldest messages are left out when they do not.',
  },
  reasoningExpanded: {
    kind: 'boolean',
    section: 'Conversation',
    default: false,
    label: 'Keep the reasoning expanded after the answer starts',
  },
  theme: { kind: 'choice', section: 'Appearance', default: 'system', label: 'Theme', options: THEME_OPTIONS },
  autoLoadLastModel: {
    kind: 'boolean',
    section: 'Startup',
    default: true,
    label: 'Load the last model when the app opens (only when its files are stored: nothing is downloaded)',
  },
  hubHost: {
    kind: 'text',
    section: 'Model host',
    default: '',
    maxLength: 500,
    input: 'url',
    placeholder: 'https://huggingface.co/',
    label: 'Hub address (for a mirror; empty = huggingface.co)',
    help: 'Any host serving the hub layout /<repo>/resolve/main/<file>. Applies to the next load.',
  },
  modelKind: { kind: 'choice', default: 'default', label: 'Model', options: MODEL_KIND_OPTIONS },
  customRepo: { kind: 'text', default: '', maxLength: 200, label: 'Model id' },
  remoteBaseUrl: {
    kind: 'text',
    default: '',
    maxLength: 500,
    input: 'url',
    placeholder: 'http://localhost:8000/v1',
    label: 'Server address (its OpenAI base URL)',
  },
  remoteApiKey: {
    kind: 'text',
    default: '',
    maxLength: 500,
    label: 'API key (optional)',
    help: 'Kept only in this browser, on this device (with your other settings); sent only to this server.',
  },
  remoteModel: { kind: 'text', default: '', maxLength: 200, label: 'Model on the server' },
  remoteThinkStart: {
    kind: 'choice',
    default: 'auto',
    label: 'When the server sends the reasoning inside the text, the text starts',
    options: THINK_START_OPTIONS,
  },
  device: { kind: 'choice', default: 'auto', label: 'Device', options: DEVICE_OPTIONS },
  dtype: { kind: 'choice', default: 'auto', label: 'Precision (dtype)', options: DTYPE_OPTIONS },
  // Which tags the UI speaks is the UI's business (src/ui/i18n): an unknown one there means the browser's.
  language: { kind: 'text', default: '', maxLength: 35, label: 'Language' },
};

const KEYS = Object.keys(SETTING_FIELDS) as SettingKey[];

/** One value of any field (`AppSettings[K]` for the field's key). */
type SettingValue = AppSettings[SettingKey];

/** A stored or typed value → a valid value of the field (unusable → the field's default). */
export function sanitizeValue(field: AnySetting, v: unknown): SettingValue {
  switch (field.kind) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return field.default;
      const clamped = Math.min(field.max, Math.max(field.min, v));
      return field.integer ? Math.round(clamped) : clamped;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : field.default;
    case 'text': {
      if (typeof v !== 'string') return field.default;
      const text = v.trim().slice(0, field.maxLength);
      // An address field holds an http(s) URL or nothing (never a `javascript:` or other scheme).
      return field.input === 'url' && text !== '' && !normalizeHost(text) ? field.default : text;
    }
    case 'choice':
      return field.options.some((o) => o.value === v) ? (v as SettingValue) : field.default;
  }
}

function buildSettings(valueOf: (key: SettingKey) => SettingValue): AppSettings {
  const out: Partial<Record<SettingKey, SettingValue>> = {};
  for (const key of KEYS) out[key] = valueOf(key);
  return out as AppSettings;
}

export const DEFAULT_SETTINGS: AppSettings = buildSettings((key) => SETTING_FIELDS[key].default);

/** Any stored or imported value → complete, valid settings (unknown or bad fields → defaults). */
export function sanitizeSettings(raw: unknown): AppSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return buildSettings((key) => sanitizeValue(SETTING_FIELDS[key], r[key]));
}

/** Same value in every field. */
export function sameSettings(a: AppSettings, b: AppSettings): boolean {
  return KEYS.every((key) => a[key] === b[key]);
}

/** The fields the settings form shows under `section`, in table order. */
export function fieldsOfSection(section: SettingSection): { key: SettingKey; field: AnySetting }[] {
  return KEYS.filter((key) => SETTING_FIELDS[key].section === section).map((key) => ({ key, field: SETTING_FIELDS[key] }));
}

export async function loadSettings(db: ChatDB): Promise<AppSettings> {
  const row = await db.settings.get('app');
  return sanitizeSettings(row?.value);
}

export async function saveSettings(db: ChatDB, settings: AppSettings): Promise<void> {
  await db.settings.put({ key: 'app', value: sanitizeSettings(settings) });
}
