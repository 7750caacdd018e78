/** What the chat session needs from the outside: the engine, the UI's own state, settings, a key store. */
import type { ChatCompletionsApi, SamplingSettings } from '../core/index.ts';

/**
 * What answers a conversation: OpenAI's `chat.completions` (the local engine, `src/api`, or a remote
 * server). Stop is the request's abort signal.
 */
export interface ChatEngine {
  chat: { completions: ChatCompletionsApi };
  /** Forget what the engine keeps of the conversation (the local KV cache): a new chat. */
  reset(): void;
  /** Settings OpenAI's request has no field for (the local engine's context window and top-k). */
  configure?(patch: { contextWindow?: number; sampling?: Partial<SamplingSettings> }): void;
}

/** A line under the composer: a hint (nothing happened) or an error. */
export interface ChatNotice {
  kind: 'hint' | 'error';
  /** English (logs); the UI shows `key` from its catalogue with `values` when it has it. */
  text: string;
  detail?: string;
  key?: string;
  values?: Record<string, string | number>;
}

/** UI-only state the session changes: the notice line and the composer's text. */
export interface SessionEvents {
  notice(notice: ChatNotice | null): void;
  /** Replace the composer's text ('' once a question is accepted; the question again when it is refused). */
  draft(text: string): void;
}

export interface SessionConfig {
  ready: boolean;
  sampling: SamplingSettings;
  contextWindow: number;
  /** What the user loaded, stored with each answer. */
  modelLabel: string | null;
}

/** Where the open conversation is remembered across reloads (localStorage in the app). */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}
