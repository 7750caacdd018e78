import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { DownloadPlan } from '../../src/core/index.ts';
import { openChatDb } from '../../src/storage/chats/db.ts';
import { loadLastModel, sanitizeLastModel, saveLastModel } from '../../src/storage/chats/last-model.ts';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from '../../src/storage/chats/settings.ts';
import type { LastModel } from '../../src/storage/chats/types.ts';
import type { ModelChoice } from '../../src/ui/model/choice.ts';
import { compactStateText, fullyStored, lastModelFromChoice, startingPoint } from '../../src/ui/model/revisit.ts';
import { fmtFor } from '../../src/ui/i18n/i18n.ts';

const f = fmtFor('en');

const demo: LastModel = { kind: 'demo', customRepo: '', hubHost: '', device: 'wasm', dtype: 'auto' };
const hubModel: LastModel = { kind: 'custom', customRepo: 'test-org/tiny', hubHost: 'http://127.0.0.1:9/', device: 'auto', dtype: 'q4' };

describe('return visit: where the picker starts and whether the last model loads by itself', () => {
  it('a first visit (nothing remembered) starts from the settings and loads nothing', () => {
    expect(startingPoint(DEFAULT_SETTINGS, null, '')).toEqual({ choice: expect.objectContaining({ kind: 'default' }), autoLoad: false });
    expect(startingPoint(DEFAULT_SETTINGS, null, '?model=local-r1/demo-tiny').autoLoad).toBe(false);
  });

  it('a return visit starts from the last model and loads it, unless the setting is off', () => {
    expect(startingPoint(DEFAULT_SETTINGS, hubModel, '')).toEqual({ choice: { ...hubModel, files: [] }, autoLoad: true });
    expect(startingPoint({ ...DEFAULT_SETTINGS, autoLoadLastModel: false }, hubModel, '')).toEqual({
      choice: { ...hubModel, files: [] },
      autoLoad: false,
    });
  });

  it('an address naming the same load still loads it by itself; one naming another model, device or dtype wins', () => {
    expect(startingPoint(DEFAULT_SETTINGS, demo, '?model=local-r1/demo-tiny&device=wasm').autoLoad).toBe(true);
    const other = startingPoint(DEFAULT_SETTINGS, demo, '?model=local:test/other&device=wasm');
    expect(other).toEqual({ choice: expect.objectContaining({ kind: 'custom', customRepo: 'local:test/other' }), autoLoad: false });
    expect(startingPoint(DEFAULT_SETTINGS, demo, '?model=local-r1/demo-tiny&device=webgpu').autoLoad).toBe(false);
    expect(startingPoint(DEFAULT_SETTINGS, hubModel, '?model=test-org/tiny&hub=http://127.0.0.1:9/&dtype=q4').autoLoad).toBe(true);
  });

  it('remembers hub and same-origin models, never a picked folder', () => {
    const c: ModelChoice = { kind: 'custom', customRepo: ' local:test/x ', files: [], device: 'wasm', dtype: 'q4', hubHost: '' };
    expect(lastModelFromChoice(c)).toEqual({ kind: 'custom', customRepo: 'local:test/x', hubHost: '', device: 'wasm', dtype: 'q4' });
    expect(lastModelFromChoice({ ...c, kind: 'local', files: [new File(['{}'], 'config.json')] })).toBeNull();
  });
});

describe('fully stored: nothing left to download', () => {
  const plan = (files: [number, number][]): DownloadPlan => ({
    files: files.map(([size, storedBytes], i) => ({ file: `f${i}`, size, storedBytes })),
    totalBytes: files.reduce((a, [s]) => a + s, 0),
    storedBytes: files.reduce((a, [, s]) => a + s, 0),
  });
  it('only when every file is complete', () => {
    expect(fullyStored(plan([[10, 10], [5, 5]]))).toBe(true);
    expect(fullyStored(plan([[10, 10], [5, 4]]))).toBe(false);
    expect(fullyStored(plan([[10, 0]]))).toBe(false);
    expect(fullyStored(plan([]))).toBe(false);
  });
});

describe('the collapsed panel says where the load stands', () => {
  it('in words, with the share of a download', () => {
    expect(compactStateText(f, null, null)).toBe('checking stored files…');
    expect(compactStateText(f, 'loading', null)).toBe('loading into memory…');
    const progress = { files: [], loaded: 42, total: 100, bytesPerSec: 0, etaSec: null, paused: false };
    expect(compactStateText(f, 'downloading', progress)).toBe('downloading 42%…');
  });
});

describe('the stored last model', () => {
  it('is kept beside the settings and read back checked', async () => {
    const db = openChatDb('test-last-model', { indexedDB: new IDBFactory(), IDBKeyRange });
    expect(await loadLastModel(db)).toBeNull();
    await saveSettings(db, DEFAULT_SETTINGS);
    await saveLastModel(db, hubModel);
    expect(await loadLastModel(db)).toEqual(hubModel);
    expect(await loadSettings(db)).toEqual(DEFAULT_SETTINGS);
    db.close();
  });

  it('refuses what it cannot reopen', () => {
    expect(sanitizeLastModel({ ...demo, kind: 'local' })).toBeNull();
    expect(sanitizeLastModel({ ...demo, kind: 'custom', customRepo: ' ' })).toBeNull();
    expect(sanitizeLastModel('demo')).toBeNull();
    expect(sanitizeLastModel({ ...demo, device: 'tpu', hubHost: 'javascript:x' })).toEqual({ ...demo, device: 'auto', hubHost: '' });
  });
});
