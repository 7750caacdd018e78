/** What the chat session needs from the outside: the engine, the UI's own state, settings, a key store. */
import type { ChatTurn, SamplingSettings } from '../core/index.ts';
import type { GenerateHandlers, GenerationResult } from '../worker/client.ts';

/** The part of `EngineClient` a conversation uses (a fake in unit tests). */
export interface ChatEngine {
  generate(messages: ChatTurn[], sampling: SamplingSettings, contextWindow: number, handlers: GenerateHandlers): Promise<GenerationResult>;
  stop(): void;
  reset(): void;
}

/** A line under the composer: a hint (nothing happened) or an error. */
export interface ChatNotice {
  kind: 'hint' | 'error';
  text: string;
  detail?: string;
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
  /** Put before the conversation as a `system` turn; '' = none. */
  systemPrompt?: string;
  /** What the user loaded, stored with each answer. */
  modelLabel: string | null;
}

/** Where the open conversation is remembered across reloads (localStorage in the app). */
export interface KeyValue {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}
