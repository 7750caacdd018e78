import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenerationStats } from '../../src/core/index.ts';
import { formatBytes } from '../../src/core/units.ts';
import { R1_DISTILL_QWEN_1_5B, R1_DISTILL_QWEN_7B, WEIGHT_DTYPES } from '../../src/diagnostics/memory.ts';
import type { AdapterReport, HardwareReport } from '../../src/diagnostics/probe.ts';
import { judge, recommend } from '../../src/diagnostics/verdict.ts';
import { connectionError, httpError, streamCutError } from '../../src/remote/errors.ts';
import { parseConversationJson } from '../../src/storage/chats/export.ts';
import { statusError } from '../../src/storage/models/planner.ts';
import { storageFull } from '../../src/storage/models/quota.ts';
import { formatEta, formatPercent, formatSeconds, formatStats, num } from '../../src/ui/format.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';
import { detectLanguage, LANGUAGES, resolveLanguage } from '../../src/ui/i18n/languages.ts';
import { errorSentence, noticeSentence } from '../../src/ui/i18n/messages.ts';
import { en } from '../../src/ui/i18n/en.ts';
import { configOf } from '../../src/ui/model/remote-form.ts';
import { leaves } from '../support/catalogue.ts';

/** The `{{names}}` a text fills in (`{{size, bytes}}` → `size`), sorted. */
const variables = (text: string): string[] =>
  [...new Set([...text.matchAll(/\{\{\s*([\w-]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();

describe('catalogues', () => {
  const english = leaves(en);
  for (const lang of LANGUAGES.filter((l) => l.id !== 'en')) {
    const other = leaves(lang.catalogue);
    it(`${lang.id} has exactly the English keys`, () => {
      expect([...other.keys()].filter((k) => !english.has(k)), 'keys only in ' + lang.id).toEqual([]);
      expect([...english.keys()].filter((k) => !other.has(k)), 'keys missing in ' + lang.id).toEqual([]);
    });
    it(`${lang.id} fills in the same values as English`, () => {
      const differ = [...english].filter(([k, v]) => other.has(k) && variables(v).join() !== variables(other.get(k)!).join());
      expect(differ.map(([k]) => `${k}: ${variables(english.get(k)!).join()} ≠ ${variables(other.get(k)!).join()}`)).toEqual([]);
    });
    it(`${lang.id} leaves no text empty`, () => {
      expect([...other].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    });
  }
  it('the parity check itself sees a missing key and a renamed value', () => {
    expect(variables('{{a}} of {{b, bytes}}')).toEqual(['a', 'b']);
    const missing = leaves({ a: { b: 'x' } });
    expect(missing.has('a.c')).toBe(false);
  });
});

describe('the language a browser gets', () => {
  it('Chinese in any Simplified form → 简体中文', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'ZH-cn']) expect(detectLanguage([tag]), tag).toBe('zh-CN');
  });
  it('Traditional Chinese also → 简体中文 while there is no Traditional catalogue (closer than English)', () => {
    expect(detectLanguage(['zh-TW'])).toBe('zh-CN');
    expect(detectLanguage(['zh-HK', 'en-US'])).toBe('zh-CN');
  });
  it('the first preferred language we have wins; English when none matches', () => {
    expect(detectLanguage(['en-US', 'zh-CN'])).toBe('en');
    expect(detectLanguage(['fr-FR', 'zh-CN'])).toBe('zh-CN');
    expect(detectLanguage(['fr-FR', 'de'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
  it('a stored choice beats the browser; System or an unknown tag follows the browser', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(resolveLanguage('', ['zh-CN'])).toBe('zh-CN');
    expect(resolveLanguage('xx', ['en-GB'])).toBe('en');
  });
});

const en1 = fmtFor('en');
const zh = fmtFor('zh-CN');

describe('numbers, bytes and durations in the chosen language', () => {
  it('writes numbers and bytes with Intl', () => {
    expect(num(en1, 1234567)).toBe('1,234,567');
    expect(num(zh, 1234567)).toBe('1,234,567');
    expect(num(fmtFor('en'), 3.25, 1)).toBe('3.3');
    expect(formatBytes(1_368_849_408, undefined, 'zh-CN')).toBe('1.37 GB');
    expect(formatBytes(1_368_849_408, undefined, 'de')).toBe('1,37 GB');
    expect(formatBytes(1_368_849_408)).toBe('1.37 GB');
  });
  it('says durations and time left in words of the language', () => {
    expect(formatSeconds(en1, 12_000)).toBe('12 s');
    expect(formatSeconds(zh, 12_000)).toBe('12 秒');
    expect(formatSeconds(zh, 125_000)).toBe('2 分 5 秒');
    expect(formatEta(zh, 90)).toBe('剩余 2 分钟');
    expect(formatEta(en1, null)).toBe('time left unknown');
    expect(formatPercent(zh, 42, 100)).toBe('42%');
  });
  it('plural forms: English one/other, Chinese one form', () => {
    const stats = {
      generatedTokens: 1,
      timeToFirstTokenMs: 400,
      prefillTokensPerSec: 120.4,
      decodeTokensPerSec: 9.87,
      reasoningTokens: 0,
      reasoningMs: 0,
      promptTokens: 12,
      reusedTokens: 0,
    } as GenerationStats;
    expect(formatStats(en1, stats)).toBe('1 token · first token 0.4 s · prefill 120 tok/s · decode 9.9 tok/s · 12 prompt tokens');
    expect(formatStats(zh, stats)).toBe('1 个词元 · 首个词元 0.4 秒 · 预填充 120 词元/秒 · 解码 9.9 词元/秒 · 提示 12 个词元');
  });
});

describe('sentences made outside the UI', () => {
  it('an error with a key shows in the language with its numbers formatted; without one, its English message', () => {
    const quota = {
      code: 'quota' as const,
      message: 'Not enough storage…',
      key: 'errors.quotaNumbers',
      values: { needed: 1_368_849_408, available: 500_000_000, usage: 10_000_000, quota: 510_000_000 },
    };
    expect(errorSentence(zh, quota)).toMatch(/^存储空间不足.*还需要 1.37 GB.*只允许本站再使用 500 MB/);
    expect(errorSentence(en1, quota)).toMatch(/it needs 1.37 GB more, but the browser allows this site only 500 MB/);
    expect(errorSentence(zh, { message: 'Plain English.' })).toBe('Plain English.');
    expect(errorSentence(zh, { message: 'Unknown key.', key: 'errors.nope' })).toBe('Unknown key.');
  });
  it('a chat notice with a key, with plural values', () => {
    expect(noticeSentence(zh, { text: 'The conversation could not be saved in this browser.', key: 'sessionNotices.saveFailed' })).toBe(
      '无法在此浏览器中保存该对话。',
    );
    const trimmed = { message: 'x', key: 'notices.context-trimmed', values: { count: 2, window: 4096 } };
    expect(errorSentence(en1, trimmed)).toBe('2 earlier messages were left out so the conversation fits the 4,096-token context window.');
    expect(errorSentence(zh, trimmed)).toBe('为使对话放得下 4,096 词元的上下文窗口，省略了之前的 2 条消息。');
  });
});

describe('the Hardware page verdicts in the chosen language', () => {
  const GiB = 1024 ** 3;
  const adapter = (over: Partial<AdapterReport> = {}): AdapterReport => ({
    isFallbackAdapter: false,
    isSoftware: false,
    vendor: 'acme',
    architecture: '',
    device: '',
    description: '',
    features: [],
    limits: { maxBufferSize: 256 * 1024 ** 2, maxStorageBufferBindingSize: 128 * 1024 ** 2 },
    ...over,
  });
  const report = (a: AdapterReport | null, over: Partial<HardwareReport> = {}): HardwareReport => ({
    webgpu: { api: a !== null, adapter: a },
    crossOriginIsolated: false,
    logicalCores: 4,
    wasmThreads: 1,
    deviceMemoryGiB: 2,
    storage: { quota: 100e9, usage: 0 },
    userAgent: 'test',
    ...over,
  });
  const machines = [
    report(null),
    report(adapter()),
    report(adapter({ isSoftware: true, features: ['shader-f16'] }), { wasmThreads: 4, deviceMemoryGiB: 8 }),
    report(adapter({ features: ['shader-f16'], limits: { maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 2 * GiB } }), { deviceMemoryGiB: null }),
  ];
  const opts = { contextTokens: 4096, prefillChunk: 256 };

  it('every finding and summary has a key whose English is the sentence the diagnostics wrote, and a Chinese text', () => {
    let checked = 0;
    for (const hw of machines) {
      for (const [name, config] of [['1.5B', R1_DISTILL_QWEN_1_5B], ['7B', R1_DISTILL_QWEN_7B]] as const) {
        const verdicts = WEIGHT_DTYPES.flatMap((d) => (['webgpu', 'wasm'] as const).map((dev) => judge(name, config, d, dev, hw, opts)));
        for (const v of verdicts) {
          expect(v.said.length).toBe(v.reasons.length);
          v.said.forEach((s, i) => {
            expect(en1.tr(s.key, s.values)).toBe(v.reasons[i]);
            expect(zh.tr(s.key, s.values)).toMatch(/[\u4e00-\u9fff]/);
            checked++;
          });
        }
        const rec = recommend(name, verdicts);
        expect(rec.said.map((s) => en1.tr(s.key, s.values)).join(' ')).toBe(rec.summary);
        expect(rec.said.every((s) => zh.tr(s.key, s.values) !== null)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('why an import is refused, in the chosen language', () => {
  it('each refusal has a key whose English is the sentence the importer wrote, and a Chinese text', () => {
    const bad = [
      'not json',
      '{}',
      JSON.stringify({ format: 'local-r1-conversation', version: 9, messages: [] }),
      JSON.stringify({ format: 'local-r1-conversation', version: 1 }),
      JSON.stringify({ format: 'local-r1-conversation', version: 1, messages: [1] }),
      JSON.stringify({ format: 'local-r1-conversation', version: 1, messages: [{ role: 'user' }] }),
      JSON.stringify({ format: 'local-r1-conversation', version: 1, messages: [{ role: 'assistant', answer: 3 }] }),
      JSON.stringify({ format: 'local-r1-conversation', version: 1, messages: [{ role: 'system', content: 'x' }] }),
    ];
    for (const text of bad) {
      const r = parseConversationJson(text);
      if (r.ok) throw new Error(`accepted: ${text}`);
      expect(en1.tr(r.key, r.values), text).toBe(r.error);
      expect(zh.tr(r.key, r.values), text).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('a remote server’s failures and the server form, in the chosen language', () => {
  const to = { host: 'gpu-box:8000', model: 'deepseek-r1' };
  const headers = (retry: string | null) => ({ get: (n: string) => (n === 'retry-after' ? retry : null) });
  const errors = [
    httpError({ status: 401 }, to, 'd'),
    httpError({ status: 403 }, to, 'd'),
    httpError({ status: 429, headers: headers(null) }, to, 'd'),
    httpError({ status: 429, headers: headers('12') }, to, 'd'),
    httpError({ status: 404 }, to, 'd'),
    httpError({ status: 500, error: { message: 'CUDA out of memory' } }, to, 'd'),
    httpError({ status: 502 }, to, 'd'),
    httpError({ status: 400, message: '400 bad   request' }, to, 'd'),
    httpError({ status: 422 }, to, 'd'),
    connectionError('cors', to, 'd'),
    connectionError('timeout', to, 'd'),
    connectionError('unreachable', to, 'd'),
    streamCutError(to, 'd'),
    streamCutError(to, 'd', false),
  ];
  it('each error has a key whose English is its sentence, and a Chinese text with the host', () => {
    for (const e of errors) {
      expect(e.key, e.message).toMatch(/^errors\.remote\./);
      expect(errorSentence(en1, e)).toBe(e.message);
      expect(errorSentence(zh, e), e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(errorSentence(zh, e)).toContain('gpu-box:8000');
    }
    expect(new Set(errors.map((e) => e.key)).size).toBe(errors.length);
    expect(errorSentence(zh, errors[3]!)).toContain('12 秒');
    expect(errorSentence(zh, errors[5]!)).toContain('“CUDA out of memory”');
  });
  it('what the form misses is said in the language', () => {
    const form = { baseUrl: '', apiKey: '', model: '', thinkStart: 'auto' as const };
    const problems = [configOf(form), configOf({ ...form, baseUrl: 'ftp://x' }), configOf({ ...form, baseUrl: 'http://x/v1' })];
    for (const r of problems) {
      if (r.ok) throw new Error('accepted');
      expect(errorSentence(en1, r.problem)).toBe(r.error);
      expect(errorSentence(zh, r.problem)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the model store’s download errors, in the chosen language', () => {
  it('a host that refuses or fails, and storage that runs out: English as the store wrote it, and Chinese', () => {
    const said = [404, 403, 500].map((s) => statusError(s, 'https://hub/x/onnx/model.onnx', 'onnx/model.onnx').toEngineError());
    const facts = { file: 'onnx/model_q4.onnx', storedBytes: 300_000_000, totalBytes: 1_000_000_000 };
    for (const full of [
      storageFull({ ...facts, estimate: { quota: 12_000_000_000, usage: 1_000_000_000 } }),
      storageFull({ ...facts, estimate: { quota: 1_400_000_000, usage: 1_395_000_000 } }),
      storageFull({ ...facts, estimate: null }),
      storageFull({ file: null, storedBytes: 0, totalBytes: null, estimate: { quota: 2_000_000, usage: 2_000_000 } }),
      storageFull({ file: null, storedBytes: 0, totalBytes: null, estimate: { quota: 9e9, usage: 0 } }),
      storageFull({ file: null, storedBytes: 0, totalBytes: null, estimate: null }),
    ]) {
      said.push({ code: 'quota', ...full });
    }
    expect(new Set(said.map((e) => e.key)).size).toBe(said.length);
    for (const e of said) {
      expect(e.key, e.message).toBeTruthy();
      expect(errorSentence(en1, e)).toBe(e.message);
      expect(errorSentence(zh, e), e.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('every error key the store and the remote client set is in the catalogue', () => {
    const dirs = ['src/storage/models', 'src/remote'];
    const english = leaves(en);
    const used = dirs.flatMap((d) =>
      fs
        .readdirSync(d)
        .filter((n) => n.endsWith('.ts'))
        .flatMap((n) => [...fs.readFileSync(path.join(d, n), 'utf8').matchAll(/'(errors\.[\w.-]+)'/g)].map((m) => m[1]!)),
    );
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((k) => !english.has(k))).toEqual([]);
  });
});
