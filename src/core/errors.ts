/**
 * Errors as values: a code for the program and a sentence for the user. Every layer reports failures as
 * `EngineError`; `EngineFailure` carries one through a `throw` to where it is posted or shown.
 */


export type EngineErrorCode =
  | 'no-webgpu' // WebGPU requested but the browser has no WebGPU API
  | 'no-adapter' // WebGPU API present but no adapter
  | 'f16-unsupported' // q4f16/fp16 needs shader-f16 and the fallback was impossible
  | 'out-of-memory' // allocation failure, wasm heap exhausted, GPU OOM
  | 'device-lost' // GPUDevice lost mid-run
  | 'network' // fetch failed / connection dropped and retries exhausted
  | 'missing-file' // 404 or a required file absent in a local folder
  | 'quota' // not enough storage for the model
  | 'corrupt-file' // size/hash mismatch that refetching could not fix
  | 'prompt-too-long' // a single question longer than the context window
  | 'empty-prompt'
  | 'not-loaded' // generate before load
  | 'busy' // a generation is already running
  | 'aborted' // user cancelled a download
  | 'unknown';

export interface EngineError {
  code: EngineErrorCode;
  /** A sentence a user understands, with the numbers where there are numbers. */
  message: string;
  /** The original error text, for the details disclosure and bug reports. */
  detail?: string;
  /**
   * The sentence's key in the UI's catalogues (`src/ui/i18n/en.ts`) and its values, so the UI shows it in
   * the user's language; `message` stays English (logs, details, a UI without that key).
   */
  key?: string;
  values?: MessageValues;
}

/** Values a translated sentence fills in: numbers are formatted by the UI in the user's language. */
export type MessageValues = Record<string, string | number>;


/** The text of any thrown value, including the name and nested causes. */
export function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 4; depth++) {
    if (cur instanceof Error) {
      parts.push(`${cur.name}: ${cur.message}`);
      cur = (cur as Error & { cause?: unknown }).cause;
    } else if (typeof cur === 'object' && 'message' in cur && typeof cur.message === 'string') {
      parts.push(cur.message);
      break;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(' ← ');
}

export function engineError(code: EngineErrorCode, message: string, detail?: string): EngineError {
  return detail === undefined ? { code, message } : { code, message, detail };
}

export function isEngineError(e: unknown): e is EngineError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as EngineError).code === 'string' &&
    typeof (e as EngineError).message === 'string' &&
    !(e instanceof Error)
  );
}

/** Throwable wrapper so engine code can `throw` a typed error through async layers. */
export class EngineFailure extends Error {
  readonly error: EngineError;
  constructor(error: EngineError) {
    super(error.message);
    this.name = 'EngineFailure';
    this.error = error;
  }
}

/**
 * Any value caught where an `EngineError` is expected (a failed request, a storage error) → that error,
 * or `fallback` with the thrown text as its detail.
 */
export function asEngineError(e: unknown, fallback = 'Something went wrong in the engine.', fallbackKey = 'errors.unknown'): EngineError {
  if (e instanceof EngineFailure) return e.error;
  if (isEngineError(e)) return e;
  return { code: 'unknown', message: fallback, detail: errorText(e), ...(fallbackKey ? { key: fallbackKey } : {}) };
}
