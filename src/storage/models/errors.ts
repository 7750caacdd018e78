/**
 * Errors of the model store, each carrying the protocol's `EngineErrorCode` and a sentence for the user,
 * so the engine can forward them as `EngineError` values unchanged (`toEngineError`).
 */
import type { EngineError, EngineErrorCode } from '../../core/index.ts';

export class ModelStoreError extends Error {
  readonly code: EngineErrorCode;
  readonly detail?: string;
  /** The sentence's UI catalogue key and values (see `EngineError`), where one is set. */
  readonly said?: Pick<EngineError, 'key' | 'values'>;
  constructor(code: EngineErrorCode, message: string, detail?: string, said?: Pick<EngineError, 'key' | 'values'>) {
    super(message);
    this.name = 'ModelStoreError';
    this.code = code;
    this.detail = detail;
    this.said = said;
  }
  toEngineError(): EngineError {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}), ...this.said };
  }
}

export function isModelStoreError(e: unknown): e is ModelStoreError {
  return e instanceof ModelStoreError;
}


/**
 * Out of storage: a `QuotaExceededError` from OPFS/Cache writes, by name (a DOMException, not always
 * instanceof), or a full disk under Node's file system (`ENOSPC`, `EDQUOT`: `npm run fetch-model`).
 */
export function isQuotaError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || code === 'ENOSPC' || code === 'EDQUOT';
}
