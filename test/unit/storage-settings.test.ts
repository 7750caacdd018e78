import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../../src/core/index.ts';
import {
  DEFAULT_SETTINGS,
  fieldsOfSection,
  SETTING_FIELDS,
  sameSettings,
  sanitizeSettings,
  type SettingKey,
} from '../../src/storage/chats/settings.ts';
import { readNumberInput } from '../../src/ui/settings/number-input.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

describe('settings table', () => {
  it('starts from the recommended sampling and a 4096-token context', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ ...DEFAULT_SAMPLING, contextWindow: 4096, device: 'auto', dtype: 'auto', hubHost: '' });
  });

  it('has every default within its own bounds and among its own choices', () => {
    for (const key of Object.keys(SETTING_FIELDS) as SettingKey[]) {
      const f = SETTING_FIELDS[key];
      if (f.kind === 'number') expect(f.default, key).toBeGreaterThanOrEqual(f.min);
      if (f.kind === 'number') expect(f.default, key).toBeLessThanOrEqual(f.max);
      if (f.kind === 'choice') expect(f.options.map((o) => o.value), key).toContain(f.default);
    }
    expect(sanitizeSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  it('shows the sampling, conversation and host fields in the form, the model choice elsewhere', () => {
    expect(fieldsOfSection('Sampling').map((f) => f.key)).toEqual(['doSample', 'temperature', 'topP', 'topK', 'maxNewTokens']);
    expect(fieldsOfSection('Conversation').map((f) => f.key)).toEqual(['contextWindow', 'reasoningExpanded']);
    expect(fieldsOfSection('Startup').map((f) => f.key)).toEqual(['autoLoadLastModel']);
    expect(fieldsOfSection('Model host').map((f) => f.key)).toEqual(['hubHost']);
  });

  it('has no system prompt and follows the system theme by default; the maths instruction is one click away', () => {
    expect(DEFAULT_SETTINGS.systemPrompt).toBe('');
    expect(DEFAULT_SETTINGS.theme).toBe('system');
    expect(fieldsOfSection('System prompt').map((f) => f.key)).toEqual(['systemPrompt']);
    expect(fieldsOfSection('Appearance').map((f) => f.key)).toEqual(['theme']);
    expect(SETTING_FIELDS.systemPrompt.suggestion?.value).toBe('Please reason step by step, and put your final answer within \\boxed{}.');
    expect(SETTING_FIELDS.systemPrompt.help).toMatch(/no system prompt/);
  });

  it('keeps a stored system prompt (trimmed, cut to its length) and theme; bad values become the defaults', () => {
    expect(sanitizeSettings({ systemPrompt: '  Be brief.\n', theme: 'dark' })).toMatchObject({ systemPrompt: 'Be brief.', theme: 'dark' });
    expect(sanitizeSettings({ systemPrompt: 'x'.repeat(5000) }).systemPrompt).toHaveLength(SETTING_FIELDS.systemPrompt.maxLength);
    expect(sanitizeSettings({ systemPrompt: 42, theme: 'sepia' })).toMatchObject({ systemPrompt: '', theme: 'system' });
    // Settings stored by the previous release (no such fields) read as the defaults.
    expect(sanitizeSettings({ temperature: 0.6 })).toMatchObject({ systemPrompt: '', theme: 'system' });
  });

  it('loads the last model by itself unless turned off', () => {
    expect(DEFAULT_SETTINGS.autoLoadLastModel).toBe(true);
    expect(sanitizeSettings({ autoLoadLastModel: false }).autoLoadLastModel).toBe(false);
    expect(sanitizeSettings({ autoLoadLastModel: 'no' }).autoLoadLastModel).toBe(true);
  });
});

describe('sanitizeSettings', () => {
  it('clamps numbers to their bounds and rounds the whole-number ones', () => {
    const s = sanitizeSettings({ temperature: 5, topP: 0, topK: 12.6, maxNewTokens: 1e9, contextWindow: 10 });
    expect(s).toMatchObject({ temperature: 2, topP: 0.05, topK: 13, maxNewTokens: 32768, contextWindow: 256 });
    expect(sanitizeSettings({ temperature: 0.35 }).temperature).toBe(0.35);
  });

  it('replaces values of the wrong type or outside the choices with the defaults and drops unknown fields', () => {
    const s = sanitizeSettings({ temperature: 'hot', doSample: 'yes', topK: Number.NaN, device: 'tpu', dtype: 'int8', modelKind: 7, extra: 1 });
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings({ device: 'wasm', dtype: 'q4', modelKind: 'demo', reasoningExpanded: true })).toMatchObject({
      device: 'wasm',
      dtype: 'q4',
      modelKind: 'demo',
      reasoningExpanded: true,
    });
  });

  it('trims text and cuts it to its length', () => {
    const s = sanitizeSettings({ hubHost: '  http://mirror.local/  ', customRepo: `  ${'a'.repeat(300)}` });
    expect(s.hubHost).toBe('http://mirror.local/');
    expect(s.customRepo).toHaveLength(200);
  });
});

describe('sameSettings', () => {
  it('tells a changed field from the defaults, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(DEFAULT_SETTINGS).reverse()) as typeof DEFAULT_SETTINGS;
    expect(sameSettings(reordered, DEFAULT_SETTINGS)).toBe(true);
    expect(sameSettings({ ...DEFAULT_SETTINGS, topK: 1 }, DEFAULT_SETTINGS)).toBe(false);
  });
});

describe('readNumberInput', () => {
  const { topK, temperature } = SETTING_FIELDS;
  it('refuses empty, non-numeric and out-of-range text with the allowed range', () => {
    for (const text of ['', '  ', 'abc', '-1', '201']) {
      expect(readNumberInput(f, text, topK)).toEqual({ ok: false, message: 'Enter a number from 0 to 200.' });
    }
  });
  it('stores whole numbers for integer fields and fractions for the others', () => {
    expect(readNumberInput(f, '40.4', topK)).toEqual({ ok: true, value: 40 });
    expect(readNumberInput(f, '0.65', temperature)).toEqual({ ok: true, value: 0.65 });
  });
});
