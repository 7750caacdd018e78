/**
 * `ChatCompletionsApi` over a server the user runs (vLLM, SGLang, Ollama, LM Studio, llama.cpp) or a hosted
 * OpenAI-compatible API (DeepSeek's), through the official `openai` client: it speaks the protocol and
 * parses the server-sent events; this module adapts what comes back (`stream.ts`) and what fails (`errors.ts`).
 *
 * What is sent: the messages without `reasoning_content` (DeepSeek's API refuses an earlier answer's
 * reasoning, and other servers do not use it), the sampling settings the OpenAI shape has, and a request
 * for the usage in the stream's last chunk. Retries are off: a failure is shown at once, in a sentence.
 */
import type OpenAI from 'openai';
import {
  EngineFailure,
  engineError,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionCreateParams,
  type ChatCompletionMessageParam,
  type ChatCompletionsApi,
  type RequestOptions,
} from '../core/index.ts';
import { remoteFailure, type ConnectionTrouble, type RemoteTarget } from './errors.ts';
import { looksLikeReasoningModel } from './route.ts';
import { adaptStream, type RawChunk } from './stream.ts';

export interface RemoteConfig {
  /** The server's OpenAI base URL, e.g. `http://localhost:8000/v1`. */
  baseURL: string;
  /** '' when the server needs none. */
  apiKey: string;
  model: string;
  /**
   * Whether text in `content` before any `</think>` is reasoning (R1 served without a reasoning parser:
   * the chat template wrote the opening `<think>`). Default: guessed from the model id.
   */
  startInReasoning?: boolean;
  /** For tests and other runtimes; the global `fetch` otherwise. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** An http(s) base URL without a trailing slash, or undefined. */
export function normalizeBaseUrl(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** `host[:port]` of a base URL (what the status line and the conversation's mark name). */
export function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

/** The messages as a remote server takes them: role and content only. */
export function outgoingMessages(messages: readonly ChatCompletionMessageParam[]): { role: ChatCompletionMessageParam['role']; content: string }[] {
  return messages.map(({ role, content }) => ({ role, content }));
}

/**
 * Headers the client adds for OpenAI's own telemetry. In a browser each one is a header the server's CORS
 * preflight must allow, and many servers allow only `Authorization` and `Content-Type`: they are left out.
 */
const CLIENT_HEADERS = [
  'User-Agent',
  'X-Stainless-Retry-Count',
  'X-Stainless-Timeout',
  'X-Stainless-Lang',
  'X-Stainless-Package-Version',
  'X-Stainless-OS',
  'X-Stainless-Arch',
  'X-Stainless-Runtime',
  'X-Stainless-Runtime-Version',
];

/** The base URL of a config, or a failure saying what a valid one looks like. */
function baseOf(config: RemoteConfig): string {
  const base = normalizeBaseUrl(config.baseURL);
  if (!base) throw new EngineFailure(engineError('remote-unreachable', 'The server address must be an http(s) URL, for example http://localhost:8000/v1.'));
  return base;
}

/** The `openai` client is a chunk of its own, fetched the first time a server is asked something (not on first load). */
export async function createClient(config: RemoteConfig): Promise<OpenAI> {
  const base = baseOf(config);
  const { default: OpenAI } = await import('openai');
  const key = config.apiKey.trim();
  const omit: Record<string, null> = Object.fromEntries(CLIENT_HEADERS.map((h) => [h, null]));
  return new OpenAI({
    baseURL: base,
    // The client insists on a key; without one no Authorization header is sent.
    apiKey: key || 'none',
    defaultHeaders: key ? omit : { ...omit, Authorization: null },
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    ...(config.fetch ? { fetch: config.fetch } : {}),
  });
}

/**
 * Why a request got no answer. A browser says only "Failed to fetch" both when nothing listens and when
 * the server's CORS headers do not allow the page; a `no-cors` request tells them apart (it succeeds,
 * opaquely, when something answers). Outside a browser there is no CORS.
 */
export async function connectionTrouble(e: unknown, url: string, fetchFn: typeof fetch = fetch): Promise<ConnectionTrouble> {
  if (e instanceof Error && e.name === 'APIConnectionTimeoutError') return 'timeout';
  if (typeof document === 'undefined') return 'unreachable';
  try {
    await fetchFn(url, { mode: 'no-cors', signal: AbortSignal.timeout(5000) });
    return 'cors';
  } catch {
    return 'unreachable';
  }
}

export class RemoteChat implements ChatCompletionsApi {
  readonly target: RemoteTarget;
  private readonly baseURL: string;
  private clientPromise: Promise<OpenAI> | null = null;
  private readonly config: RemoteConfig;

  constructor(config: RemoteConfig) {
    this.config = config;
    this.baseURL = baseOf(config);
    this.target = { host: hostOf(this.baseURL), model: config.model };
  }

  private client(): Promise<OpenAI> {
    this.clientPromise ??= createClient(this.config).catch((e: unknown) => {
      this.clientPromise = null;
      throw e;
    });
    return this.clientPromise;
  }

  create(params: ChatCompletionCreateParams & { stream: true }, options?: RequestOptions): Promise<AsyncIterable<ChatCompletionChunk>>;
  create(params: ChatCompletionCreateParams & { stream?: false | null }, options?: RequestOptions): Promise<ChatCompletion>;
  async create(params: ChatCompletionCreateParams, options?: RequestOptions): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    const stream = await this.stream(params, options);
    return params.stream ? stream : collect(stream);
  }

  private async stream(params: ChatCompletionCreateParams, options?: RequestOptions): Promise<AsyncIterable<ChatCompletionChunk>> {
    const signal = options?.signal ?? params.signal;
    const now = this.config.now ?? (() => performance.now());
    const model = params.model || this.config.model;
    const target = { ...this.target, model };
    const startedAt = now();
    let raw: AsyncIterable<RawChunk>;
    try {
      const client = await this.client();
      raw = await client.chat.completions.create(
        {
          model,
          messages: outgoingMessages(params.messages),
          stream: true,
          stream_options: { include_usage: true },
          ...(params.temperature != null ? { temperature: params.temperature } : {}),
          ...(params.top_p != null ? { top_p: params.top_p } : {}),
          ...(params.max_tokens != null ? { max_tokens: params.max_tokens } : {}),
          ...(params.seed != null ? { seed: params.seed } : {}),
        },
        signal ? { signal } : {},
      );
    } catch (e) {
      if (signal?.aborted) raw = (async function* () {})();
      else throw remoteFailure(e, target, await connectionTrouble(e, `${this.baseURL}/models`, this.config.fetch));
    }
    return adaptStream(raw, { target, signal, startInReasoning: this.config.startInReasoning ?? looksLikeReasoningModel(model), startedAt, now });
  }

  /** The model ids the server lists (`GET /models`); a server without the route fails with `remote-not-found`. */
  async models(signal?: AbortSignal): Promise<string[]> {
    try {
      const ids: string[] = [];
      const client = await this.client();
      for await (const m of client.models.list(signal ? { signal } : {})) ids.push(m.id);
      return ids.sort((a, b) => a.localeCompare(b));
    } catch (e) {
      throw remoteFailure(e, this.target, await connectionTrouble(e, `${this.baseURL}/models`, this.config.fetch));
    }
  }
}

/** A whole answer from its stream (`stream: false`). */
async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletion> {
  let content = '';
  let reasoning = '';
  let last: ChatCompletionChunk | undefined;
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta;
    content += delta?.content ?? '';
    reasoning += delta?.reasoning_content ?? '';
    last = chunk;
  }
  const finish = last?.choices[0]?.finish_reason ?? 'abort';
  return {
    id: last?.id ?? 'remote',
    object: 'chat.completion',
    created: last?.created ?? Math.floor(Date.now() / 1000),
    model: last?.model ?? '',
    choices: [{ index: 0, message: { role: 'assistant', content, reasoning_content: reasoning || null }, finish_reason: finish }],
    ...(last?.usage ? { usage: last.usage } : {}),
    ...(last?.local_r1 && 'stats' in last.local_r1 ? { local_r1: last.local_r1 } : {}),
  };
}
