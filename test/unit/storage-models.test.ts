import { describe, expect, it } from 'vitest';
import {
  externalDataChunks,
  fileUrl,
  modelDirName,
  modelFileList,
  sha256FromEtag,
  sourceBaseUrl,
  sourceKey,
  strongEtag,
} from '../../src/storage/models/files.ts';
import { parseContentRange, SpeedMeter } from '../../src/storage/models/http.ts';
import { backoffDelay, classifyStatus } from '../../src/storage/models/retry-policy.ts';
import { checkQuota, QUOTA_MARGIN_BYTES } from '../../src/storage/models/quota.ts';
import { fileForKey } from '../../src/storage/models/custom-cache.ts';
import type { ModelManifest } from '../../src/storage/models/types.ts';
import { emptyRecord } from '../../src/storage/models/store.ts';

describe('modelFileList', () => {
  it('lists config, tokenizer and the single q4f16 file of the real repo (no external data)', () => {
    expect(modelFileList({}, 'q4f16')).toEqual([
      'config.json',
      'generation_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/model_q4f16.onnx',
    ]);
  });

  it('adds external-data chunks per transformers.js_config, by full or base name', () => {
    const cfg = { 'transformers.js_config': { use_external_data_format: { 'model_fp16.onnx': 3 } } };
    expect(modelFileList(cfg, 'fp16').slice(4)).toEqual([
      'onnx/model_fp16.onnx',
      'onnx/model_fp16.onnx_data',
      'onnx/model_fp16.onnx_data_1',
      'onnx/model_fp16.onnx_data_2',
    ]);
    expect(modelFileList(cfg, 'q4').slice(4)).toEqual(['onnx/model_q4.onnx']);
    expect(modelFileList({ 'transformers.js_config': { use_external_data_format: true } }, 'fp32').slice(4)).toEqual([
      'onnx/model.onnx',
      'onnx/model.onnx_data',
    ]);
    expect(externalDataChunks({ model: 2 }, 'model_q4.onnx', 'model')).toBe(2);
  });

  it('refuses absurd chunk counts', () => {
    expect(() => externalDataChunks(101, 'model.onnx', 'model')).toThrow(/max 100/);
  });
});

describe('sources', () => {
  it('builds hub and same-origin URLs, with a custom host and base path', () => {
    expect(sourceBaseUrl({ kind: 'hub', repo: 'org/m' }, 'http://x/')).toBe('https://huggingface.co/org/m/resolve/main/');
    expect(sourceBaseUrl({ kind: 'hub', repo: 'org/m', host: 'http://127.0.0.1:9', revision: 'v1.0' }, 'http://x/')).toBe(
      'http://127.0.0.1:9/org/m/resolve/v1.0/',
    );
    expect(sourceBaseUrl({ kind: 'same-origin', id: 'local-r1/demo-tiny' }, 'http://h/apps/r1/')).toBe(
      'http://h/apps/r1/models/local-r1/demo-tiny/',
    );
    expect(fileUrl('http://h/m/', 'onnx/model q4.onnx')).toBe('http://h/m/onnx/model%20q4.onnx');
  });

  it('keeps models from different hosts or revisions apart', () => {
    const a = sourceKey({ kind: 'hub', repo: 'org/m' });
    const b = sourceKey({ kind: 'hub', repo: 'org/m', host: 'http://127.0.0.1:1234/' });
    const c = sourceKey({ kind: 'hub', repo: 'org/m', revision: 'dev' });
    expect(new Set([a, b, c]).size).toBe(3);
    expect(new Set([modelDirName(a), modelDirName(b), modelDirName(c)]).size).toBe(3);
    expect(modelDirName(a)).toMatch(/^org-m-main-[0-9a-f]{8}$/);
  });
});

describe('ETags', () => {
  it('takes a sha256 from the hub LFS ETag but not from a git (sha1) ETag', () => {
    const sha = 'a'.repeat(64);
    expect(sha256FromEtag(`"${sha}"`)).toBe(sha);
    expect(sha256FromEtag(`W/"${sha.toUpperCase()}"`)).toBe(sha);
    expect(sha256FromEtag('"7b2e21e16d8803ced5e632e2f654200194bd21fc"')).toBeNull();
    expect(sha256FromEtag('W/"123-abc"')).toBeNull();
    expect(sha256FromEtag(null)).toBeNull();
  });
  it('uses only strong ETags for If-Range', () => {
    expect(strongEtag('"abc"')).toBe('"abc"');
    expect(strongEtag('W/"abc"')).toBeNull();
  });
});

describe('HTTP helpers', () => {
  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 0-0/1369000000')).toEqual({ start: 0, end: 0, total: 1369000000 });
    expect(parseContentRange('bytes 100-199/*')).toEqual({ start: 100, end: 199, total: null });
    expect(parseContentRange('bytes */500')).toEqual({ start: null, end: null, total: 500 });
    expect(parseContentRange('garbage')).toBeNull();
  });
  it('retries server errors and rate limits, not missing or denied files', () => {
    expect(classifyStatus(503)).toBe('retry');
    expect(classifyStatus(429)).toBe('retry');
    expect(classifyStatus(404)).toBe('missing');
    expect(classifyStatus(403)).toBe('denied');
    expect(classifyStatus(400)).toBe('fatal');
  });
  it('backs off exponentially with jitter, capped', () => {
    const p = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect(backoffDelay(1, p, () => 0)).toBe(500);
    expect(backoffDelay(1, p, () => 1)).toBe(1000);
    expect(backoffDelay(3, p, () => 1)).toBe(4000);
    expect(backoffDelay(10, p, () => 1)).toBe(8000);
  });
  it('measures speed over a window and gives an ETA', () => {
    const m = new SpeedMeter(5000);
    m.add(0, 0);
    m.add(1000, 1_000_000);
    m.add(2000, 2_000_000);
    expect(m.bytesPerSec()).toBe(1_000_000);
    expect(m.etaSec(5_000_000)).toBe(5);
    m.add(10_000, 2_000_000); // stalled: the window slides, speed drops
    expect(m.bytesPerSec()).toBeLessThan(1_000_000);
  });
});

describe('checkQuota', () => {
  const GB = 1e9;
  it('passes when the model fits with margin, and when the browser gives no figure', () => {
    expect(checkQuota(1.4 * GB, { quota: 10 * GB, usage: 1 * GB }).ok).toBe(true);
    expect(checkQuota(1.4 * GB, null).ok).toBe(true);
    expect(checkQuota(0, { quota: 0, usage: 0 }).ok).toBe(true);
  });
  it('refuses with the numbers when it does not fit', () => {
    const v = checkQuota(1.37 * GB, { quota: 1 * GB, usage: 0.2 * GB });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.available).toBe(0.8 * GB);
      expect(v.message).toContain('1.37 GB');
      expect(v.message).toContain('800 MB');
      expect(v.message).toContain('Nothing was downloaded');
    }
    expect(checkQuota(100, { quota: QUOTA_MARGIN_BYTES, usage: 0 }).ok).toBe(false);
  });
});

describe('fileForKey (transformers.js cache keys → stored files)', () => {
  const m: ModelManifest = {
    version: 1,
    key: 'k',
    label: 'l',
    source: { kind: 'hub', repo: 'onnx-community/R1', host: 'http://127.0.0.1:5000/' },
    baseUrl: 'http://127.0.0.1:5000/onnx-community/R1/resolve/main/',
    files: { 'config.json': emptyRecord('config.json'), 'onnx/model_q4.onnx': emptyRecord('onnx/model_q4.onnx') },
    variants: {},
    createdAt: 0,
    lastUsedAt: 0,
  };
  it('maps remote URLs, local paths and aliases; ignores other models', () => {
    expect(fileForKey('http://127.0.0.1:5000/onnx-community/R1/resolve/main/onnx/model_q4.onnx', m)).toBe(
      'onnx/model_q4.onnx',
    );
    expect(fileForKey('https://huggingface.co/onnx-community/R1/resolve/main/config.json', m)).toBe('config.json');
    expect(fileForKey('/models/onnx-community/R1/config.json', m)).toBe('config.json');
    expect(fileForKey('/apps/r1/models/onnx-community/R1/onnx/model_q4.onnx', m)).toBe('onnx/model_q4.onnx');
    expect(fileForKey('/models/other/R1/tokenizer.json', m)).toBeNull();
    expect(fileForKey('/models/onnx-community/R1/onnx/model_q4f16.onnx', m)).toBeNull();
  });
});
