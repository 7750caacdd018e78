/**
 * An OpenAI-compatible HTTP server over the local engine (node:http): `POST /v1/chat/completions`
 * (SSE or JSON), `GET /v1/models`, CORS, an optional API key, one generation at a time. The model loads
 * in the background; until it is ready chat requests get 503 with `Retry-After`. See docs/api.md.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { EngineFailure, type ChatCompletionChunk, type ChatCompletionsApi } from '../../../src/core/index.ts';
import { readJson } from './body.ts';
import { ApiError, fromEngineError } from './errors.ts';
import { OneAtATime } from './queue.ts';
import { endEvents, sendEvent, startEvents } from './sse.ts';
import { parseChatRequest } from './validate.ts';

export interface ServedEngine {
  readonly model: string;
  chat: { completions: ChatCompletionsApi };
}

export interface ApiServerOptions {
  host?: string;
  port?: number;
  /** `Access-Control-Allow-Origin` (default `*`). */
  corsOrigin?: string;
  /** Require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** The model's id (for `/v1/models` while it loads). */
  model: string;
  load: () => Promise<ServedEngine>;
  log?: (line: string) => void;
}

export interface ApiServer {
  url: string;
  server: http.Server;
  /** Settles when the model is loaded (rejects when loading failed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  let engine: ServedEngine | null = null;
  let loadError: Error | null = null;
  const ready = opts.load().then(
    (e) => void (engine = e),
    (e: unknown) => {
      loadError = e instanceof Error ? e : new Error(String(e));
      log(`model failed to load: ${loadError.message}`);
      throw loadError;
    },
  );
  ready.catch(() => undefined);
  const queue = new OneAtATime();
  const cors = {
    'Access-Control-Allow-Origin': opts.corsOrigin ?? '*',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '600',
  };
  const ctx: Ctx = { cors, queue, model: opts.model, engine: () => engine, loadError: () => loadError, apiKey: opts.apiKey ?? null };

  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    res.on('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      log(`${req.method} ${req.url} ${status} ${Math.round(performance.now() - t0)} ms`);
    });
    handle(ctx, req, res).catch((e: unknown) => sendError(ctx, res, e));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    server,
    ready,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface Ctx {
  cors: Record<string, string>;
  queue: OneAtATime;
  model: string;
  engine: () => ServedEngine | null;
  loadError: () => Error | null;
  apiKey: string | null;
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
  if (req.method === 'OPTIONS') {
    res.writeHead(204, ctx.cors).end();
    return;
  }
  authorize(ctx, req);
  if (path === '/v1/models' && req.method === 'GET') {
    sendJson(ctx, res, 200, { object: 'list', data: [modelEntry(ctx.model)] });
  } else if (path === `/v1/models/${ctx.model}` && req.method === 'GET') {
    sendJson(ctx, res, 200, modelEntry(ctx.model));
  } else if (path === '/v1/chat/completions' && req.method === 'POST') {
    await chat(ctx, req, res);
  } else {
    req.resume();
    throw new ApiError(404, `No route for ${req.method} ${path || '/'}.`, { type: 'not_found_error', code: 'unknown_url' });
  }
}

function authorize(ctx: Ctx, req: IncomingMessage): void {
  if (ctx.apiKey === null) return;
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const want = Buffer.from(ctx.apiKey);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    req.resume();
    throw new ApiError(401, 'Incorrect or missing API key (send Authorization: Bearer <key>).', { type: 'authentication_error', code: 'invalid_api_key' });
  }
}

const modelEntry = (id: string) => ({ id, object: 'model', created: 0, owned_by: 'local-r1' });

async function chat(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = parseChatRequest(await readJson(req));
  if (params.model !== undefined && params.model !== ctx.model) {
    throw new ApiError(404, `The model '${params.model}' does not exist here; this server runs '${ctx.model}'.`, { type: 'not_found_error', param: 'model', code: 'model_not_found' });
  }
  const engine = ctx.engine();
  if (!engine) {
    const failed = ctx.loadError();
    throw new ApiError(503, failed ? `The model failed to load: ${failed.message}` : 'The model is still loading. Try again shortly.', { type: 'service_unavailable', code: failed ? 'model_load_failed' : 'model_loading', retryAfter: 5 });
  }
  // The client went away (before or during the answer): stop the engine.
  const gone = new AbortController();
  res.on('close', () => !res.writableFinished && gone.abort());
  await ctx.queue.run(async () => {
    const request = { ...params, model: ctx.model };
    if (!params.stream) {
      sendJson(ctx, res, 200, await engine.chat.completions.create({ ...request, stream: false }, { signal: gone.signal }));
      return;
    }
    const stream = await engine.chat.completions.create({ ...request, stream: true }, { signal: gone.signal });
    startEvents(res, ctx.cors);
    await pipeChunks(stream, res);
  }, gone.signal);
}

async function pipeChunks(stream: AsyncIterable<ChatCompletionChunk>, res: ServerResponse): Promise<void> {
  try {
    for await (const chunk of stream) sendEvent(res, chunk);
  } catch (e) {
    // The status line is sent: the error goes as an event, as OpenAI's servers do.
    sendEvent(res, errorOf(e).body);
  }
  endEvents(res);
}

function errorOf(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof EngineFailure) return fromEngineError(e.error);
  return new ApiError(500, e instanceof Error ? e.message : String(e));
}

function sendError(ctx: Ctx, res: ServerResponse, e: unknown): void {
  const error = errorOf(e);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  if (error.status === 499 || res.destroyed) return;
  const headers: Record<string, string> = error.retryAfter !== null ? { 'Retry-After': String(error.retryAfter) } : {};
  sendJson(ctx, res, error.status, error.body, headers);
}

function sendJson(ctx: Ctx, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...ctx.cors, ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
