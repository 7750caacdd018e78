/**
 * URL parameters that choose the model, device and dtype (used by tests and for sharing a setup):
 *
 * - `?model=<id>`: a hub repo (`onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX`), or a model the app
 *   serves itself. Ids under `local-r1/` are same-origin (`<base>models/local-r1/…`). A prefix forces the
 *   kind: `hub:<repo>` or `local:<folder>` (any folder under `<base>models/`, one or more levels deep:
 *   `local:default`, `local:test/tiny`).
 * - `?hub=http://127.0.0.1:PORT/`: the host that serves the hub layout `/<repo>/resolve/<revision>/<file>`
 *   (implies a hub source for `?model=`).
 * - `?device=auto|webgpu|wasm`, `?dtype=auto|q4f16|q4|q8|fp16|fp32`.
 *
 * Pure: no DOM access; pass `location.search`.
 */
import type { DevicePreference, DtypePreference, ModelSource } from './index.ts';

export const DEFAULT_HUB_REPO = 'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX';
export const DEFAULT_HUB_HOST = 'https://huggingface.co/';
/** The tiny synthetic model the build serves same-origin ("Demo model, works offline"). */
export const DEMO_MODEL_ID = 'local-r1/demo-tiny';

export interface EngineUrlParams {
  model?: string;
  hub?: string;
  device?: DevicePreference;
  dtype?: DtypePreference;
}

const DEVICES: readonly DevicePreference[] = ['auto', 'webgpu', 'wasm'];
const DTYPES: readonly DtypePreference[] = ['auto', 'q4f16', 'q4', 'q8', 'fp16', 'fp32'];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Normalise a host URL to end with exactly one `/`; undefined if it is not http(s). */
export function normalizeHost(host: string | null | undefined): string | undefined {
  if (!host) return undefined;
  try {
    const u = new URL(host);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.href.endsWith('/') ? u.href : `${u.href}/`;
  } catch {
    return undefined;
  }
}

export function readEngineUrlParams(search: string): EngineUrlParams {
  const q = new URLSearchParams(search);
  const out: EngineUrlParams = {};
  const model = q.get('model')?.trim();
  if (model) out.model = model;
  const hub = normalizeHost(q.get('hub'));
  if (hub) out.hub = hub;
  const device = oneOf(q.get('device'), DEVICES);
  if (device) out.device = device;
  const dtype = oneOf(q.get('dtype'), DTYPES);
  if (dtype) out.dtype = dtype;
  return out;
}

/** A Hugging Face repo id: `owner/name`, letters, digits, `-_.`. */
const REPO_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const FOLDER_NAME_RE = /^[A-Za-z0-9._-]+$/;

/** Why a `local:` folder path cannot be served from under `models/`, or null when it can. */
export function localFolderError(folder: string): string | null {
  const what = `"local:${folder}" is not a folder under models/`;
  if (folder === '') return `${what}: write the folder's name after "local:".`;
  if (folder.includes('\\')) return `${what}: separate folders with /, not \\.`;
  if (folder.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(folder)) {
    return `${what}: give a path relative to models/, not an absolute path or address.`;
  }
  const names = folder.split('/');
  if (names.some((n) => n === '..' || n === '.')) return `${what}: "." and ".." are not allowed.`;
  if (names.some((n) => n === '')) return `${what}: a folder name is empty (a doubled or trailing /).`;
  if (!names.every((n) => FOLDER_NAME_RE.test(n))) return `${what}: folder names use letters, digits, ".", "-" and "_".`;
  return null;
}

/** Why a typed model id cannot be loaded (`owner/name`, `hub:owner/name`, `local:<folder>`), or null. */
export function modelIdError(id: string): string | null {
  if (id.startsWith('local:')) return localFolderError(id.slice(6));
  const repo = id.startsWith('hub:') ? id.slice(4) : id;
  return REPO_RE.test(repo) ? null : `"${id}" is not a model id of the form owner/name (or local:<folder under models/>).`;
}

/** Turn a model id (as typed or from `?model=`) into a source. `hubHost` overrides the hub's host. */
export function sourceFromModelId(id: string, hubHost?: string): ModelSource {
  if (id.startsWith('hub:')) return hubSource(id.slice(4), hubHost);
  if (id.startsWith('local:')) return { kind: 'same-origin', id: id.slice(6) };
  if (hubHost) return hubSource(id, hubHost);
  if (id.startsWith('local-r1/')) return { kind: 'same-origin', id };
  return hubSource(id, hubHost);
}

function hubSource(repo: string, host?: string): ModelSource {
  return host ? { kind: 'hub', repo, host } : { kind: 'hub', repo };
}
