/**
 * Load a big single-file ONNX model as "graph + external data", so the file's bytes are not copied whole
 * into onnxruntime-web's 4 GiB wasm heap before its tensors are made from them. On WebGPU the weights go
 * from the file's bytes straight into GPU buffers (the real 1.97 GB `model_q4.onnx` cannot be loaded
 * otherwise: `std::bad_alloc`); on WASM each tensor is copied into the heap once instead of the file twice
 * (the 1.97 GB q4 loads, and the 1.85 GB q8 peaks at 3.9 GB instead of 6.1 GB). See onnx-external.ts.
 *
 * transformers.js reads `onnx/model_<dtype>.onnx` through `env.customCache` (the model store) or
 * `env.fetch` (picked files). A `ModelFileSplitter` wraps both: when that file comes by and is at
 * least `minBytes`, it reads it once, serves transformers.js the small rewritten graph instead, and
 * exposes the original bytes through `externalData` (pass it as `session_options.externalData`), which
 * ONNX Runtime mounts under the name the graph points to. Anything else passes through untouched; a
 * file that is not a readable ONNX model is served as it is (the usual error follows).
 *
 * `externalData[0].data` is read by ONNX Runtime when it creates the session, after transformers.js
 * has read the model file (it awaits the file before creating the session), so it is a getter: empty
 * until the graph has been served, the original bytes after, empty again after `release()`.
 */
import { externalizeInitializers, OnnxFormatError } from './onnx-external.ts';
import type { Dtype, ExternalDataInfo } from '../core/index.ts';
import type { LibDevice } from './model-load.ts';

/**
 * Single-file models at least this big are split, in the browser (WebGPU and WASM). Measured on the
 * real-size 1.5B models in Chromium: the 1.97 GB q4 cannot be loaded whole at all; on WebGPU the 1.37 GB
 * q4f16 creates its session in 5.1 s instead of 15.0 s with a renderer peak of 2.7 GB instead of 5.9 GB;
 * on WASM the 1.85 GB q8 is ready in 23 s instead of 35 s, peaks at 3.9 GB instead of 6.1 GB, and decodes
 * as fast (the wasm heap, which never shrinks, no longer holds the file). Small models keep the plain path.
 */
export const EXTERNAL_DATA_MIN_BYTES = 512 * 1024 ** 2;

/** transformers.js's file suffix per dtype (`utils/dtypes.js`). */
const SUFFIX: Record<Dtype, string> = { fp32: '', fp16: '_fp16', q4: '_q4', q4f16: '_q4f16', q8: '_quantized' };

export function onnxFileFor(dtype: Dtype): string {
  return `onnx/model${SUFFIX[dtype]}.onnx`;
}

/**
 * Whether `config.json`'s `transformers.js_config.use_external_data_format` gives the dtype's file data
 * files of its own (then transformers.js ignores `session_options.externalData`, and the model is not
 * one file). Keys are the full file name or the session name `model`, as in transformers.js's
 * `resolveExternalDataFormat`.
 */
export function declaresExternalData(config: unknown, dtype: Dtype): boolean {
  const tjs = (config as { 'transformers.js_config'?: { use_external_data_format?: unknown } } | null)?.[
    'transformers.js_config'
  ];
  const v = tjs?.use_external_data_format;
  if (!v) return false;
  if (typeof v === 'object') {
    const map = v as Record<string, unknown>;
    const full = `model${SUFFIX[dtype]}.onnx`;
    return Number(Object.hasOwn(map, full) ? map[full] : map.model) > 0;
  }
  return Number(v) > 0;
}

/** onnxruntime-web (WebGPU, WASM) mounts external data from memory; Node's native runtime reads files. */
export function maySplit(device: LibDevice, minBytes: number): boolean {
  return (device === 'webgpu' || device === 'wasm') && Number.isFinite(minBytes);
}

/** The file to split for this load, or null (Node's native runtime; splitting off; the model already has data files). */
export function splitTarget(device: LibDevice, dtype: Dtype, minBytes: number, config: unknown): string | null {
  if (!maySplit(device, minBytes)) return null;
  return declaresExternalData(config, dtype) ? null : onnxFileFor(dtype);
}

/** The `CacheInterface` subset transformers.js uses for `env.customCache`. */
export interface ResponseCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response, progress?: unknown): Promise<void>;
  delete?(key: string): Promise<boolean>;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface ExternalDataEntry {
  readonly path: string;
  readonly data: Uint8Array;
}

type Outcome = { kind: 'split'; graph: Uint8Array } | { kind: 'whole'; bytes: Uint8Array };

const EMPTY = new Uint8Array(0);

function pathOf(key: string | URL): string {
  const s = typeof key === 'string' ? key : key.href;
  let p = s.split(/[?#]/)[0] ?? '';
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(p)) p = new URL(p).pathname;
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

function bytesResponse(bytes: Uint8Array, from: Response): Response {
  const headers = new Headers(from.headers);
  headers.set('content-length', String(bytes.byteLength));
  headers.set('content-type', 'application/octet-stream');
  headers.delete('content-encoding');
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

export class ModelFileSplitter {
  /** The name the rewritten graph points to (the original file's own name). */
  readonly location: string;
  /** What the split did, once it happened. */
  info: ExternalDataInfo | null = null;
  /** For `session_options.externalData`. */
  readonly externalData: readonly ExternalDataEntry[];
  private original: Uint8Array | null = null;
  private outcome: Promise<Outcome> | null = null;

  constructor(
    /** Repo-relative path of the model file, e.g. `onnx/model_q4.onnx`. */
    readonly file: string,
    readonly minBytes: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.location = file.slice(file.lastIndexOf('/') + 1);
    const self = this;
    this.externalData = [
      {
        path: this.location,
        get data() {
          return self.original ?? EMPTY;
        },
      },
    ];
  }

  /** Whether a cache key / URL / local path names the model file. */
  matches(key: string | URL): boolean {
    const p = pathOf(key);
    return p === this.file || p.endsWith(`/${this.file}`);
  }

  /**
   * The response transformers.js should read for the model file: the graph when the file is big enough
   * and splits, else `res` itself. The file is read and split once; later calls reuse the result.
   */
  async serve(res: Response): Promise<Response> {
    if (!res.ok) return res;
    if (!this.outcome) {
      const size = Number(res.headers.get('content-length') ?? NaN);
      if (!(size >= this.minBytes)) return res;
      this.outcome = this.split(res);
    } else {
      void res.body?.cancel().catch(() => undefined);
    }
    const o = await this.outcome;
    return bytesResponse(o.kind === 'split' ? o.graph : o.bytes, res);
  }

  private async split(res: Response): Promise<Outcome> {
    const bytes = new Uint8Array(await res.arrayBuffer());
    const t0 = this.now();
    try {
      const r = externalizeInitializers(bytes, { location: this.location });
      if (r.tensors.length === 0) return { kind: 'whole', bytes };
      this.original = bytes;
      this.info = {
        file: this.file,
        fileBytes: bytes.byteLength,
        graphBytes: r.model.byteLength,
        tensors: r.tensors.length,
        externalBytes: r.externalBytes,
        splitMs: this.now() - t0,
      };
      return { kind: 'split', graph: r.model };
    } catch (e) {
      // Not an ONNX file we can read (damaged, an HTML error page): let the normal path report it.
      if (e instanceof OnnxFormatError) return { kind: 'whole', bytes };
      throw e;
    }
  }

  /** `env.customCache` that serves the graph for the model file and defers everything else to `inner`. */
  wrapCache(inner: ResponseCache): ResponseCache {
    const cache: ResponseCache = {
      match: async (key) => {
        const res = await inner.match(key);
        return res && this.matches(key) ? this.serve(res) : res;
      },
      put: (key, response, progress) => inner.put(key, response, progress),
    };
    if (inner.delete) cache.delete = (key) => inner.delete!(key);
    return cache;
  }

  /** `env.fetch` that serves the graph for the model file (picked files, or a source with no store). */
  wrapFetch(inner: FetchLike): FetchLike {
    return async (input, init) => {
      const res = await inner(input, init);
      const ranged = init?.headers && new Headers(init.headers).has('range');
      return !ranged && (init?.method ?? 'GET') === 'GET' && this.matches(input) ? this.serve(res) : res;
    };
  }

  /** Forget the original bytes (once the session has its weights). */
  release(): void {
    this.original = null;
    this.outcome = null;
  }
}
