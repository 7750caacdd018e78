/**
 * What went wrong with a remote server, as a code and a sentence the user can act on. Pure: the `openai`
 * client's errors are read by their shape (status, headers, cause), so tests build them without a network.
 */
import { EngineFailure, engineError, errorText, type EngineError, type EngineErrorCode } from '../core/index.ts';

/** The parts of an `openai` `APIError` this mapping reads. */
export interface HttpFailure {
  status?: number | undefined;
  headers?: { get(name: string): string | null } | undefined;
  /** The error object of the server's JSON answer (`{ error: { message } }`), when it sent one. */
  error?: unknown;
  /** The client's text for the error (the status and the server's message). */
  message?: string;
}

/** Where the request went, for the sentences. */
export interface RemoteTarget {
  /** `host[:port]` of the server. */
  host: string;
  model: string;
}

/** How a request that never got an HTTP answer failed. */
export type ConnectionTrouble =
  /** The address answers a plain (no-cors) request: the browser refused the answer for its CORS headers. */
  | 'cors'
  /** Nothing answers at that address (or the page's CSP forbids it). */
  | 'unreachable'
  /** The client's own time limit ran out. */
  | 'timeout';

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The server's message, cut to a length a notice can show (it is shown as text, never as HTML); '' when none. */
function serverSaid(f: HttpFailure): string {
  const own = typeof f.error === 'object' && f.error !== null ? (f.error as { message?: unknown }).message : undefined;
  const text = (typeof own === 'string' ? own : (f.message ?? '')).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

type Values = NonNullable<EngineError['values']>;

/** An error with its English sentence and the UI catalogue's key (`errors.remote.<key>`) and values for it. */
function said(code: EngineErrorCode, key: string, values: Values, message: string, detail: string): EngineError {
  return { ...engineError(code, message, detail), key: `errors.remote.${key}`, values };
}

/** A 400 for a prompt over the server's context window (OpenAI's `context_length_exceeded`, vLLM's and llama.cpp's wording). */
function contextFull(f: HttpFailure, text: string): boolean {
  const code = typeof f.error === 'object' && f.error !== null ? (f.error as { code?: unknown }).code : undefined;
  return code === 'context_length_exceeded' || /maximum context length|context (window|length)|exceeds the available context/i.test(text);
}

/** An HTTP error answer → a code and a sentence. */
export function httpError(f: HttpFailure, to: RemoteTarget, detail: string): EngineError {
  const status = f.status ?? 0;
  const { host, model } = to;
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'refused the API key (401 Unauthorized)' : 'refused access with this API key (403 Forbidden)';
    return said('remote-auth', `auth${status}`, { host }, `${host} ${what}. Check the key in the model panel.`, detail);
  }
  if (status === 429) {
    const wait = retryAfterSeconds(f.headers?.get('retry-after'));
    const busy = `${host} is limiting requests (429 Too Many Requests).`;
    return wait === undefined
      ? said('rate-limited', 'rateLimited', { host }, `${busy} Wait a little and try again.`, detail)
      : said('rate-limited', 'rateLimitedFor', { host, seconds: wait }, `${busy} Try again in ${wait} s.`, detail);
  }
  if (status === 404) {
    return said(
      'remote-not-found',
      'notFound',
      { host, model },
      `${host} has no model “${model}”, or no chat API at this address (404). Check the model id, and that the address ends in /v1 if the server needs it.`,
      detail,
    );
  }
  const text = serverSaid(f);
  if (status === 400 && contextFull(f, text)) {
    return said(
      'prompt-too-long',
      'contextFull',
      { host, said: text },
      `The conversation is longer than the context window of the model on ${host}. Start a new chat or shorten the question. It said: “${text}”`,
      detail,
    );
  }
  const [code, key, sentence]: [EngineErrorCode, string, string] =
    status >= 500
      ? ['remote-server', 'server', `${host} failed to answer (${status}). The server's log says why.`]
      : ['remote-refused', 'refused', `${host} refused the request (${status}).`];
  return text
    ? said(code, `${key}Said`, { host, status, said: text }, `${sentence} It said: “${text}”`, detail)
    : said(code, key, { host, status }, sentence, detail);
}

/** A request that got no HTTP answer → a code and a sentence. */
export function connectionError(trouble: ConnectionTrouble, to: RemoteTarget, detail: string): EngineError {
  const { host } = to;
  switch (trouble) {
    case 'cors':
      return said(
        'remote-cors',
        'cors',
        { host, origin: pageOrigin() },
        `${host} answered, but its CORS headers do not allow this page, so the browser refused the answer. ` +
          `Set Access-Control-Allow-Origin on the server to this page's origin (${pageOrigin()}); ` +
          `for Ollama start it with OLLAMA_ORIGINS=${pageOrigin()}, for vLLM use --allowed-origins.`,
        detail,
      );
    case 'timeout':
      return said('remote-unreachable', 'timeout', { host }, `${host} did not answer in time. Is the server busy or stuck?`, detail);
    case 'unreachable':
      return said(
        'remote-unreachable',
        'unreachable',
        { host },
        `Nothing answers at ${host}. Is the server running, and is the address right? ` +
          `(A page served with a Content-Security-Policy must also list it in connect-src.)`,
        detail,
      );
  }
}

/** The connection broke after part of the answer arrived. */
export function streamCutError(to: RemoteTarget, detail: string, partial = true): EngineError {
  const when = partial ? 'in the middle of the answer. The part that arrived is kept.' : 'before the answer began.';
  return said('stream-cut', partial ? 'cutPartial' : 'cutBefore', { host: to.host }, `The connection to ${to.host} broke ${when}`, detail);
}

function pageOrigin(): string {
  return typeof location !== 'undefined' && location.origin && location.origin !== 'null' ? location.origin : 'the origin of this page';
}

/** Any caught value → an `EngineFailure` (an HTTP status when there is one, else the connection trouble). */
export function remoteFailure(e: unknown, to: RemoteTarget, trouble: ConnectionTrouble): EngineFailure {
  if (e instanceof EngineFailure) return e;
  const detail = errorText(e);
  const f = e as HttpFailure;
  if (typeof f === 'object' && f !== null && typeof f.status === 'number') return new EngineFailure(httpError(f, to, detail));
  return new EngineFailure(connectionError(trouble, to, detail));
}
