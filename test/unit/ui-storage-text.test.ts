import { describe, expect, it } from 'vitest';
import type { StoredModelSummary } from '../../src/storage/models/types.ts';
import { availableBytes, deleteMessage, persistedText, sourceText, variantText, verifyMessage } from '../../src/ui/storage/storage-text.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const model = (source: StoredModelSummary['source']): StoredModelSummary => ({
  key: 'k',
  label: 'org/tiny',
  source,
  bytesOnDisk: 2_000_000,
  variants: [],
  lastUsedAt: 0,
});

describe('storage panel words', () => {
  it('says where a stored model came from', () => {
    expect(sourceText(f, model({ kind: 'same-origin', id: 'demo' }))).toBe('served by this site');
    expect(sourceText(f, model({ kind: 'hub', repo: 'org/tiny' }))).toBe('from huggingface.co');
    expect(sourceText(f, model({ kind: 'hub', repo: 'org/tiny', host: 'http://mirror.local/' }))).toBe('from http://mirror.local/');
  });

  it('reports the room left only when the browser gives both figures, never below zero', () => {
    expect(availableBytes({ usage: 300, quota: 1000, persisted: null })).toBe(700);
    expect(availableBytes({ usage: 2000, quota: 1000, persisted: null })).toBe(0);
    expect(availableBytes({ usage: null, quota: 1000, persisted: null })).toBeNull();
    expect(persistedText(f, null)).toBe('unknown');
    expect(persistedText(f, false)).toMatch(/^no: the browser may evict/);
  });

  it('tells a partly downloaded variant from a complete one', () => {
    expect(variantText(f, { dtype: 'q4', complete: true, storedBytes: 10, totalBytes: 10 })).toBe('q4: fully stored');
    expect(variantText(f, { dtype: 'fp16', complete: false, storedBytes: 1_000_000, totalBytes: 4_000_000 })).toBe('fp16: partial, 1.00 MB of 4.00 MB');
  });

  it('names the damaged files after a check, and a model a download holds', () => {
    expect(verifyMessage(f, 'org/tiny', null)).toBe('org/tiny is being downloaded right now; check it when the download has finished.');
    expect(verifyMessage(f, 'org/tiny', { checked: ['a', 'b'], damaged: [] })).toBe('org/tiny: all 2 stored files are intact.');
    expect(verifyMessage(f, 'org/tiny', { checked: ['a', 'b'], damaged: [{ file: 'a', reason: 'sha256' }] })).toMatch(/^org\/tiny: a was damaged and removed; /);
    expect(deleteMessage(f, 'org/tiny', false)).toMatch(/pause or cancel the download first/);
  });
});
