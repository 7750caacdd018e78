/**
 * `chat.completions.create` over any engine that runs one answer at a time (`AnswerRunner`): the browser's
 * worker client and Node's `LlmEngine` each adapt to it in a few lines.
 *
 * A streaming call resolves once the engine has read the prompt (a refused prompt rejects the call with
 * its `EngineFailure`, as an HTTP error rejects the `openai` client's), then yields the chunks. Aborting
 * the signal, or leaving the `for await` early, stops the engine: the stream then ends with
 * `finish_reason: 'abort'`.
 */
import {
  DEFAULT_SAMPLING,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionCreateParams,
  type ChatCompletionsApi,
  type ChatTurn,
  type GenerationStats,
  type LocalStartInfo,
  type RequestOptions,
  type SamplingSettings,
  type StopReason,
} from '../core/index.ts';
import { ChunkBuilder, collectCompletion, samplingOf, turnsOf } from './chunks.ts';
import { ChunkQueue } from './chunk-queue.ts';

export interface AnswerEvents {
  /** The prompt was read (before the first token). */
  start(info: LocalStartInfo): void;
  /** One generated token's text (may be empty). */
  token(part: 'reasoning' | 'text', text: string): void;
}

export interface AnswerEnd {
  reason: StopReason;
  stats: GenerationStats;
  trimmedMessages: number;
}

/** One engine answering one request at a time. */
export interface AnswerRunner {
  run(turns: ChatTurn[], sampling: SamplingSettings, contextWindow: number, events: AnswerEvents): Promise<AnswerEnd>;
  /** Stop the running answer at the next token. */
  stop(): void;
}

/** What the engine uses for what a request leaves out. */
export interface LocalSettings {
  /** Sampling defaults (top-k has no OpenAI field: it is always taken from here). */
  sampling: SamplingSettings;
  /** History + question + answer must fit in this many tokens. */
  contextWindow: number;
  /** The `model` named in the chunks. */
  model: string;
}

export const DEFAULT_SETTINGS: LocalSettings = { sampling: DEFAULT_SAMPLING, contextWindow: 4096, model: 'local-r1' };

type CreateParams = ChatCompletionCreateParams;

/** `chat.completions` over `runner`; `settings()` is read at every call. */
export function localCompletions(runner: AnswerRunner, settings: () => LocalSettings): ChatCompletionsApi {
  function create(params: CreateParams & { stream: true }, options?: RequestOptions): Promise<AsyncIterable<ChatCompletionChunk>>;
  function create(params: CreateParams & { stream?: false | null }, options?: RequestOptions): Promise<ChatCompletion>;
  async function create(params: CreateParams, options?: RequestOptions): Promise<AsyncIterable<ChatCompletionChunk> | ChatCompletion> {
    const { stream, started } = startAnswer(runner, settings(), params, options?.signal ?? params.signal);
    await started;
    return params.stream ? stream : collectCompletion(stream);
  }
  return { create };
}

function startAnswer(runner: AnswerRunner, s: LocalSettings, params: CreateParams, signal: AbortSignal | undefined) {
  const turns = turnsOf(params.messages);
  const builder = new ChunkBuilder(params.model ?? s.model);
  const stream = new ChunkQueue<ChatCompletionChunk>(() => runner.stop());
  let onStarted!: () => void;
  let onRefused!: (e: unknown) => void;
  const started = new Promise<void>((resolve, reject) => ((onStarted = resolve), (onRefused = reject)));
  let begun = false;
  const begin = (info: LocalStartInfo) => {
    if (begun) return;
    begun = true;
    stream.push(builder.start(info));
    onStarted();
  };
  const stop = () => runner.stop();
  const run = runner.run(turns, samplingOf(params, s.sampling), s.contextWindow, {
    start: begin,
    token: (part, text) => text !== '' && stream.push(builder.delta(part, text)),
  });
  // After `run`, so the engine has the request when the stop arrives.
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  run
    .then((end) => {
      begin({ promptTokens: end.stats.promptTokens, reusedTokens: end.stats.reusedTokens, trimmedMessages: end.trimmedMessages });
      stream.push(builder.end({ stats: end.stats, endReason: end.reason, trimmedMessages: end.trimmedMessages }));
      stream.close();
    })
    .catch((e: unknown) => {
      stream.fail(e);
      onRefused(e);
    })
    .finally(() => signal?.removeEventListener('abort', stop));
  return { stream, started };
}
