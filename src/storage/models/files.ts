/**
 * Pure helpers: which files a model needs for a dtype, where they live, how a model is named in storage.
 * No browser or Node APIs here.
 */
import type { Dtype, ModelSource } from '../../core/index.ts';

/** File-name suffix per dtype, as transformers.js 4.3.1 (`DEFAULT_DTYPE_SUFFIX_MAPPING`) names them. */
export const DTYPE_SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q4: '_q4',
  q4f16: '_q4f16',
  q8: '_quantized',
};

/** The tokenizer and config files every causal LM load reads. `generation_config.json` is optional. */
export const CONFIG_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
export const OPTIONAL_FILES: ReadonlySet<string> = new Set(['generation_config.json']);

/** Max external-data chunks transformers.js accepts (`MAX_EXTERNAL_DATA_CHUNKS`). */
const MAX_CHUNKS = 100;

/** The part of `config.json` that decides the file list. */
export interface ModelConfigLike {
  'transformers.js_config'?: {
    use_external_data_format?: boolean | number | Record<string, boolean | number>;
  };
}

/** Number of external-data chunks for one ONNX file (transformers.js `resolveExternalDataFormat`). */
export function externalDataChunks(
  setting: boolean | number | Record<string, boolean | number> | undefined,
  fullName: string,
  baseName: string,
): number {
  if (!setting) return 0;
  let n: number;
  if (typeof setting === 'object') {
    if (Object.hasOwn(setting, fullName)) n = +setting[fullName];
    else if (Object.hasOwn(setting, baseName)) n = +setting[baseName];
    else n = 0;
  } else {
    n = +setting;
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`Invalid use_external_data_format value for ${fullName}: ${n}`);
  if (n > MAX_CHUNKS) throw new Error(`${fullName} declares ${n} external data chunks (max ${MAX_CHUNKS}).`);
  return n;
}

/**
 * Files to store for a decoder-only model (one `model` session) at a dtype, in download order:
 * small files first, so a plan can be shown before the big ones start.
 * Mirrors transformers.js `ModelRegistry.get_files` for `text-generation` (checked in a Node test).
 */
export function modelFileList(config: ModelConfigLike, dtype: Dtype): string[] {
  const baseName = 'model';
  const fullName = `${baseName}${DTYPE_SUFFIX[dtype]}.onnx`;
  const chunks = externalDataChunks(config['transformers.js_config']?.use_external_data_format, fullName, baseName);
  const data = Array.from({ length: chunks }, (_, i) => `onnx/${fullName}_data${i === 0 ? '' : `_${i}`}`);
  return [...CONFIG_FILES, `onnx/${fullName}`, ...data];
}

/** A stable identity for a model's origin, independent of dtype. */
export function sourceKey(source: Exclude<ModelSource, { kind: 'local-files' }>): string {
  if (source.kind === 'hub') {
    return `hub:${normalizeHost(source.host)}${source.repo}@${source.revision ?? 'main'}`;
  }
  return `same-origin:${source.id}`;
}

export const DEFAULT_HUB_HOST = 'https://huggingface.co/';

export function normalizeHost(host: string | undefined): string {
  const h = host && host.length > 0 ? host : DEFAULT_HUB_HOST;
  return h.endsWith('/') ? h : `${h}/`;
}

/**
 * The URL prefix under which a source's files live (ends with `/`):
 * hub → `<host><repo>/resolve/<revision>/`; same-origin → `<appBase>models/<id>/`.
 */
export function sourceBaseUrl(source: Exclude<ModelSource, { kind: 'local-files' }>, appBaseUrl: string): string {
  if (source.kind === 'hub') {
    return `${normalizeHost(source.host)}${source.repo}/resolve/${encodeURIComponent(source.revision ?? 'main')}/`;
  }
  const base = appBaseUrl.endsWith('/') ? appBaseUrl : `${appBaseUrl}/`;
  return new URL(`models/${source.id}/`, base).href;
}

export function fileUrl(baseUrl: string, file: string): string {
  return baseUrl + file.split('/').map(encodeURIComponent).join('/');
}

/** A human name for the storage panel. */
export function sourceLabel(source: Exclude<ModelSource, { kind: 'local-files' }>): string {
  if (source.kind === 'same-origin') return source.id;
  const host = normalizeHost(source.host);
  return host === DEFAULT_HUB_HOST ? source.repo : `${source.repo} (${host})`;
}

/** 32-bit FNV-1a, hex: short, stable, synchronous. Only used to make folder names unique. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Folder name for a model: readable part + hash of the full key (so hosts/revisions never collide). */
export function modelDirName(key: string): string {
  const readable = key
    .replace(/^[a-z-]+:/, '')
    .replace(/^https?:\/\/[^/]+\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${readable || 'model'}-${fnv1a(key)}`;
}

/** Flat storage name for a repo-relative path (`onnx/model_q4.onnx` → `onnx%2Fmodel_q4.onnx`). */
export function storedFileName(file: string): string {
  return encodeURIComponent(file);
}

/**
 * The sha256 a host vouches for, from an ETag or X-Linked-Etag value: 64 hex digits, quoted, optionally weak.
 * The hub's ETag for small (git) files is a 40-hex git blob hash, not a content sha256: returns null then.
 */
export function sha256FromEtag(etag: string | null | undefined): string | null {
  if (!etag) return null;
  const m = /^(?:W\/)?"?([0-9a-fA-F]{64})"?$/.exec(etag.trim());
  return m ? m[1].toLowerCase() : null;
}

/** A strong validator usable in `If-Range` (weak ones are not allowed there). */
export function strongEtag(etag: string | null | undefined): string | null {
  if (!etag) return null;
  const t = etag.trim();
  return t.startsWith('W/') || !t.startsWith('"') ? null : t;
}
