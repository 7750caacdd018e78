/**
 * How an answer that failed ends (pure): rolled back when nothing was generated and the engine refused the
 * question, stopped when the model went away under it, an error otherwise; and the request the session sends.
 */
import type { ChatCompletionCreateParams, EngineError } from '../core/index.ts';
import type { ChatMessage } from '../storage/chats/types.ts';
import { historyToMessages } from './fold.ts';
import type { ChatNotice, SessionConfig } from './ports.ts';

/**
 * Errors where the engine refused the prompt before producing anything: roll the send back.
 * Not `not-loaded`: a question is only sent while a model is ready, so that error means the model
 * was switched or unloaded after the send, and the question stays with its answer stopped.
 */
export const REFUSALS: ReadonlySet<EngineError['code']> = new Set([
  'prompt-too-long',
  'empty-prompt',
  'busy',
  // A remote server that did not answer at all (the question goes back to the box, with the reason).
  'remote-auth',
  'rate-limited',
  'remote-unreachable',
  'remote-cors',
  'remote-not-found',
  'remote-refused',
  'remote-server',
]);

/** Stored on an answer stopped because the model was switched or unloaded under it. */
export const MODEL_GONE: EngineError = {
  code: 'not-loaded',
  message: 'Stopped: the model was switched or unloaded before this answer finished. Regenerate to ask again.',
  key: 'sessionNotices.modelGone',
};

/** The ending of an answer that failed with `error` after `tokens` tokens: `rollback`, or what to store (and say). */
export function failedEnding(
  error: EngineError,
  tokens: number,
): { kind: 'rollback' } | { kind: 'end'; final: Pick<ChatMessage, 'status'> & Partial<ChatMessage>; notice: ChatNotice | null } {
  if (tokens === 0 && REFUSALS.has(error.code)) return { kind: 'rollback' };
  // The model was switched or unloaded under the answer: it ends stopped, the note says why.
  if (error.code === 'not-loaded') return { kind: 'end', final: { status: 'stopped', endReason: 'stopped', error: MODEL_GONE }, notice: null };
  return { kind: 'end', final: { status: 'error', error }, notice: noticeOf(error) };
}

/** The streamed `chat.completions` request for the answer after `history`. */
export function completionRequest(history: readonly ChatMessage[], config: SessionConfig): ChatCompletionCreateParams & { stream: true } {
  const { sampling } = config;
  return {
    messages: historyToMessages(history, config.systemPrompt),
    stream: true,
    temperature: sampling.doSample ? sampling.temperature : 0,
    top_p: sampling.topP,
    max_tokens: sampling.maxNewTokens,
    ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}),
  };
}

export function noticeOf(error: EngineError): ChatNotice {
  return {
    kind: 'error',
    text: error.message,
    ...(error.detail ? { detail: error.detail } : {}),
    ...(error.key ? { key: error.key } : {}),
    ...(error.values ? { values: error.values } : {}),
  };
}

const STORAGE_TEXT = {
  readFailed: 'Saved conversations could not be read.',
  saveFailed: 'The conversation could not be saved in this browser.',
} as const;

/** IndexedDB failed (unavailable, full): the sentence, with the error as its detail. */
export function storageNotice(what: keyof typeof STORAGE_TEXT, e: unknown): ChatNotice {
  return { kind: 'error', text: STORAGE_TEXT[what], detail: String(e), key: `sessionNotices.${what}` };
}
