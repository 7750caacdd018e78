/**
 * The chat shape the ecosystem speaks: OpenAI's `chat.completions`, with DeepSeek's `reasoning_content`.
 *
 * These types are a structural subset of the `openai` package's, so the local engine (`src/api`) and a
 * remote OpenAI-compatible server (`src/remote`) are used through one interface, `ChatCompletionsApi`,
 * by the chat session. Fields the local engine adds are prefixed `local_r1`; other servers leave them out.
 */
import type { GenerationStats, StopReason } from './generation.ts';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatCompletionMessageParam {
  role: ChatRole;
  content: string;
  /**
   * An earlier answer's reasoning. The local engine puts it back before `</think>` so the prompt it
   * builds equals what it generated (KV-cache reuse); remote servers do not accept it and get it stripped.
   */
  reasoning_content?: string;
}

/** `abort`: stopped by the caller (Stop, an aborted signal); the text so far is in the stream. */
export type FinishReason = 'stop' | 'length' | 'abort';

export interface ChatCompletionCreateParams {
  /** The model id (a remote server's, or the loaded local model's; optional locally). */
  model?: string;
  messages: ChatCompletionMessageParam[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  seed?: number | null;
  /** Also accepted as `options.signal`, as the `openai` client takes it. */
  signal?: AbortSignal;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** OpenAI's name for prompt tokens served from the KV cache. */
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
  /** DeepSeek's names for the same split. */
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
}

export interface ChatCompletionDelta {
  role?: 'assistant';
  content?: string | null;
  reasoning_content?: string | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: { index: number; delta: ChatCompletionDelta; finish_reason: FinishReason | null }[];
  usage?: CompletionUsage | null;
  /**
   * The local engine's own account: on the first chunk how the prompt was read (`LocalStartInfo`),
   * on the last how the answer ended (`LocalAnswerInfo`, the one with `stats`).
   */
  local_r1?: LocalAnswerInfo | LocalStartInfo;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string | null; reasoning_content?: string | null };
    finish_reason: FinishReason;
  }[];
  usage?: CompletionUsage;
  local_r1?: LocalAnswerInfo;
}

/** How the local engine read the prompt (first chunk). */
export interface LocalStartInfo {
  promptTokens: number;
  /** Prompt tokens served from the KV cache. */
  reusedTokens: number;
  /** Oldest messages dropped to fit the context window (0 = none). */
  trimmedMessages: number;
}

/** What only the local engine knows about an answer. */
export interface LocalAnswerInfo {
  stats: GenerationStats;
  endReason: StopReason;
  /** Oldest messages dropped to fit the context window (0 = none). */
  trimmedMessages: number;
}

/**
 * `chat.completions` as the session uses it: the local engine and the `openai` client both fit.
 * A failure rejects (or the stream throws) with an `EngineFailure` carrying a sentence for the user.
 */
export interface ChatCompletionsApi {
  create(params: ChatCompletionCreateParams & { stream: true }, options?: RequestOptions): Promise<AsyncIterable<ChatCompletionChunk>>;
  create(params: ChatCompletionCreateParams & { stream?: false | null }, options?: RequestOptions): Promise<ChatCompletion>;
}
