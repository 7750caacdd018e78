/** What the capability section says about the browser's report, in words in the user's language. Pure. */
import { formatBinaryBytes } from '../../core/units.ts';
import type { HardwareReport, LlmLimit } from '../../diagnostics/probe.ts';
import { bytes, num } from '../format.ts';
import type { Fmt, Key } from '../i18n/types.ts';

/** Features worth a word for LLM inference. */
const FEATURE_NOTES: Record<string, Key> = {
  'shader-f16': 'hardware.features.shaderF16',
  subgroups: 'hardware.features.subgroups',
  'timestamp-query': 'hardware.features.timestampQuery',
};

export function featureNote(f: Fmt, feature: string): string | null {
  const key = FEATURE_NOTES[feature];
  return key ? f.t(key) : null;
}

const LIMIT_NOTES: Partial<Record<LlmLimit, Key>> = {
  maxBufferSize: 'hardware.limitNotes.maxBufferSize',
  maxStorageBufferBindingSize: 'hardware.limitNotes.maxStorageBufferBindingSize',
  maxComputeWorkgroupStorageSize: 'hardware.limitNotes.maxComputeWorkgroupStorageSize',
  maxComputeInvocationsPerWorkgroup: 'hardware.limitNotes.maxComputeInvocationsPerWorkgroup',
};

export function limitNote(f: Fmt, key: LlmLimit): string {
  const k = LIMIT_NOTES[key];
  return k ? f.t(k) : '';
}

/** A limit's value: sizes in binary units (`128 MiB`), counts with separators. */
export function limitText(f: Fmt, key: LlmLimit, value: number): string {
  return /Size$/.test(key) ? formatBinaryBytes(value, f.locale) : num(f, value);
}

/** Why there is no WebGPU adapter, and what runs instead. */
export function noAdapterText(f: Fmt, webgpu: HardwareReport['webgpu']): string {
  const why = f.t(webgpu.api ? 'hardware.noAdapterApi' : 'hardware.noWebGpu');
  return webgpu.error ? `${why} (${webgpu.error})` : why;
}

export function adapterText(f: Fmt, isSoftware: boolean): string {
  return f.t(isSoftware ? 'hardware.softwareAdapter' : 'hardware.hardwareAdapter');
}

/** The CPU, storage and memory facts, as label, `data-testid` and text. */
export function machineRows(f: Fmt, r: HardwareReport): [string, string, string][] {
  const notReported = f.t('hardware.notReported');
  return [
    [f.t('hardware.cores'), 'cores', r.logicalCores !== null ? num(f, r.logicalCores) : notReported],
    [f.t('hardware.isolated'), 'isolated', f.t(r.crossOriginIsolated ? 'hardware.isolatedYes' : 'hardware.isolatedNo')],
    [f.t('hardware.wasmThreads'), 'wasm-threads', num(f, r.wasmThreads)],
    [
      f.t('hardware.storage'),
      'storage',
      r.storage ? f.t('hardware.storageUsed', { usage: bytes(f, r.storage.usage), quota: bytes(f, r.storage.quota) }) : notReported,
    ],
    [
      f.t('hardware.deviceMemory'),
      'device-memory',
      r.deviceMemoryGiB !== null ? f.t('hardware.deviceMemoryValue', { gib: r.deviceMemoryGiB.toLocaleString(f.locale) }) : f.t('hardware.deviceMemoryNone'),
    ],
  ];
}
