/** What the chat session needs from the outside: the engine, the UI's own state, settings, a key store. */
import type { ChatCompletionsApi, SamplingSettings } from '../core/index.ts';
import type { ChatMessage } from '../storage/chats/types.ts';

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

/** A server the user chose, answering instead of the engine in the browser (`src/remote`). */
export interface RemoteBackend {
  completions: ChatCompletionsApi;
  /** `host[:port]`, stored with each answer it writes (the conversation left the device). */
  host: string;
}

export interface SessionConfig {
  ready: boolean;
  sampling: SamplingSettings;
  contextWindow: number;
  /** Put before the conversation as a `system` turn; '' = none. */
  systemPrompt?: string;
  /** What the user loaded (or the server's model id), stored with each answer. */
  modelLabel: string | null;
  /** Set while a remote server answers; absent or null: the engine in the browser. */
  remote?: RemoteBackend | null;
}

/** Where the open conversation is remembered across reloads (localStorage in the app). */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export interface ChatSessionState {
  /** Start-up (recovery, reopening the last conversation) is over. */
  started: boolean;
  conversationId: string | null;
  messages: ChatMessage[];
  /** An answer is being generated (or saved). */
  busy: boolean;
}

/** What to undo when the engine refuses a prompt before its first token. */
export interface Rollback {
  fromSeq: number;
  draft: string | null;
  dropConversation: boolean;
}
