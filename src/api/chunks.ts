/**
 * The engine's answer in OpenAI's `chat.completions` shape, pure: request → engine input (history,
 * sampling), engine events → chunks, chunks → one `ChatCompletion`. The browser engine (`index.ts`), the
 * Node engine (`node.ts`) and the API server all build their answers here.
 */
import {
  EngineFailure,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionCreateParams,
  type ChatCompletionMessageParam,
  type ChatTurn,
  type CompletionUsage,
  type FinishReason,
  type GenerationStats,
  type LocalAnswerInfo,
  type LocalStartInfo,
  type SamplingSettings,
  type StopReason,
} from '../core/index.ts';

const ROLES: ReadonlySet<string> = new Set(['system', 'user', 'assistant']);

/** `eos` → `stop`, `max-tokens` → `length`, a stop → `abort` (an engine `error` ended what there was: `stop`). */
export function finishReasonOf(reason: StopReason): FinishReason {
  return reason === 'max-tokens' ? 'length' : reason === 'stopped' ? 'abort' : 'stop';
}

/** The engine's stats as OpenAI's usage (and DeepSeek's cache hit/miss split). */
export function usageOf(stats: GenerationStats): CompletionUsage {
  const cached = Math.min(stats.reusedTokens, stats.promptTokens);
  return {
    prompt_tokens: stats.promptTokens,
    completion_tokens: stats.generatedTokens,
    total_tokens: stats.promptTokens + stats.generatedTokens,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: stats.reasoningTokens },
    prompt_cache_hit_tokens: cached,
    prompt_cache_miss_tokens: stats.promptTokens - cached,
  };
}

/**
 * One message as the chat template reads it. An assistant's `reasoning_content` goes back before
 * `</think>`, as the engine decoded it (`reasoning</think>\n\ncontent`), so the prompt it builds next turn
 * starts with the tokens its KV cache holds.
 */
export function turnOf(m: ChatCompletionMessageParam): ChatTurn {
  if (m.role === 'assistant' && m.reasoning_content) return { role: 'assistant', content: `${m.reasoning_content}</think>\n\n${m.content}` };
  return { role: m.role, content: m.content };
}

/** The request's messages as chat-template turns; an `EngineFailure` (`empty-prompt`) when they cannot be. */
export function turnsOf(messages: readonly ChatCompletionMessageParam[]): ChatTurn[] {
  if (messages.length === 0) throw new EngineFailure({ code: 'empty-prompt', message: 'The message list is empty.' });
  for (const m of messages) {
    if (!ROLES.has(m.role) || typeof m.content !== 'string') {
      throw new EngineFailure({ code: 'empty-prompt', message: 'Each message needs a role (system, user or assistant) and text content.' });
    }
  }
  return messages.map(turnOf);
}

/** OpenAI's sampling fields over the engine's settings: temperature 0 is greedy, as with DeepSeek's API. */
export function samplingOf(params: ChatCompletionCreateParams, base: SamplingSettings): SamplingSettings {
  const temperature = params.temperature ?? base.temperature;
  const seed = params.seed ?? base.seed;
  return {
    ...base,
    doSample: params.temperature === 0 ? false : params.temperature != null ? true : base.doSample,
    temperature: temperature > 0 ? temperature : base.temperature,
    topP: params.top_p ?? base.topP,
    maxNewTokens: params.max_tokens ?? base.maxNewTokens,
    ...(seed !== undefined ? { seed } : {}),
  };
}

let counter = 0;

/** Builds the chunks of one answer: the same id, time and model on each. */
export class ChunkBuilder {
  readonly id: string;
  readonly created: number;
  readonly model: string;

  constructor(model: string, now = Date.now()) {
    this.id = `chatcmpl-local-${now.toString(36)}-${(counter++).toString(36)}`;
    this.created = Math.floor(now / 1000);
    this.model = model;
  }

  /** The first chunk: the role, and how the prompt was read. */
  start(info: LocalStartInfo): ChatCompletionChunk {
    return { ...this.base({ role: 'assistant', content: '' }, null), local_r1: info };
  }

  /** One token's text, as reasoning or answer. */
  delta(part: 'reasoning' | 'text', text: string): ChatCompletionChunk {
    return this.base(part === 'reasoning' ? { reasoning_content: text } : { content: text }, null);
  }

  /** The last chunk: how it ended, the usage, and the engine's own account. */
  end(info: LocalAnswerInfo): ChatCompletionChunk {
    return { ...this.base({}, finishReasonOf(info.endReason)), usage: usageOf(info.stats), local_r1: info };
  }

  private base(delta: ChatCompletionChunk['choices'][number]['delta'], finish: FinishReason | null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }
}

/** `local_r1` of the last chunk (the one with stats). */
export function isAnswerInfo(info: ChatCompletionChunk['local_r1']): info is LocalAnswerInfo {
  return info !== undefined && 'stats' in info;
}

/** A whole stream as one non-streaming `ChatCompletion`. */
export async function collectCompletion(chunks: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletion> {
  let first: ChatCompletionChunk | null = null;
  let content = '';
  let reasoning = '';
  let finish: FinishReason = 'stop';
  let usage: CompletionUsage | undefined;
  let info: LocalAnswerInfo | undefined;
  for await (const chunk of chunks) {
    first ??= chunk;
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? '';
      reasoning += choice.delta.reasoning_content ?? '';
      if (choice.finish_reason) finish = choice.finish_reason;
    }
    if (chunk.usage) usage = chunk.usage;
    if (isAnswerInfo(chunk.local_r1)) info = chunk.local_r1;
  }
  if (!first) throw new EngineFailure({ code: 'unknown', message: 'The engine ended without an answer.' });
  return {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    choices: [{ index: 0, message: { role: 'assistant', content, reasoning_content: reasoning || null }, finish_reason: finish }],
    ...(usage ? { usage } : {}),
    ...(info ? { local_r1: info } : {}),
  };
}
