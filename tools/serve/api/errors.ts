/** OpenAI-shaped errors: `{ error: { message, type, param, code } }` with the HTTP status that goes with them. */
import type { EngineError } from '../../../src/core/index.ts';

export type ErrorType = 'invalid_request_error' | 'authentication_error' | 'not_found_error' | 'rate_limit_error' | 'server_error' | 'service_unavailable';

export class ApiError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | null;
  readonly code: string | null;
  /** Seconds, for `Retry-After`. */
  readonly retryAfter: number | null;

  constructor(status: number, message: string, opts: { type?: ErrorType; param?: string | null; code?: string | null; retryAfter?: number } = {}) {
    super(message);
    this.status = status;
    this.type = opts.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
    this.param = opts.param ?? null;
    this.code = opts.code ?? null;
    this.retryAfter = opts.retryAfter ?? null;
  }

  get body(): { error: { message: string; type: ErrorType; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) => new ApiError(400, message, { param, code });

/** An engine refusal or failure as the HTTP error a client expects. */
export function fromEngineError(e: EngineError): ApiError {
  switch (e.code) {
    case 'prompt-too-long':
      return new ApiError(400, e.message, { param: 'messages', code: 'context_length_exceeded' });
    case 'empty-prompt':
      return new ApiError(400, `${e.message} The last message must be a user message with text.`, { param: 'messages', code: 'invalid_value' });
    case 'busy':
      return new ApiError(429, e.message, { type: 'rate_limit_error', code: 'busy', retryAfter: 1 });
    case 'not-loaded':
      return new ApiError(503, e.message, { type: 'service_unavailable', code: 'model_not_loaded', retryAfter: 5 });
    default:
      return new ApiError(500, e.message, { code: e.code });
  }
}
