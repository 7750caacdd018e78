/**
 * Conversation records as stored in IndexedDB (and exported as JSON).
 * An assistant message is a list of parts (reasoning, answer), never a string with an index.
 */
import type { DevicePreference, DtypePreference, EngineError, GenerationStats, PartKind, StopReason } from '../../core/index.ts';

export type Role = 'user' | 'assistant';

/**
 * - `streaming`: being generated right now (a record found in this state at startup was cut
 *   off by a reload or crash and is turned into `stopped`).
 * - `stopped`: the user pressed Stop (or the page went away); the partial answer is kept.
 */
export type MessageStatus = 'done' | 'streaming' | 'stopped' | 'error';

export interface MessagePart {
  kind: PartKind;
  text: string;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  /** Last change; the sidebar lists newest first by this. */
  updatedAt: number;
  /** Set by delete; the row is purged after the undo window. */
  deletedAt?: number;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  /** Position in the conversation (0, 1, 2 …). */
  seq: number;
  role: Role;
  /** User messages: the question. Assistant messages: '' (the text lives in `parts`). */
  content: string;
  /** Assistant messages: reasoning then answer. Empty for user messages. */
  parts: MessagePart[];
  /** `</think>` was seen (the reasoning is complete). */
  reasoningEnded?: boolean;
  /** The model's raw text (reasoning + `</think>` + answer), what the chat template is fed. */
  raw?: string;
  status: MessageStatus;
  reasoningMs?: number;
  stats?: GenerationStats;
  /** Why the generation ended (`max-tokens`: cut off by the max new tokens setting). */
  endReason?: StopReason;
  error?: EngineError;
  /** Oldest messages the engine left out to fit the context window for this answer. */
  trimmedMessages?: number;
  /** Model that wrote this answer (for the export). */
  model?: string;
  createdAt: number;
  updatedAt: number;
}

export type ModelChoiceKind = 'default' | 'demo' | 'custom' | 'local';

export interface AppSettings {
  temperature: number;
  topP: number;
  topK: number;
  maxNewTokens: number;
  doSample: boolean;
  /** Context window in tokens (history + question + max new tokens). */
  contextWindow: number;
  /** Reasoning panel stays expanded after the answer starts. */
  reasoningExpanded: boolean;
  modelKind: ModelChoiceKind;
  /** Hub repo id for `modelKind: 'custom'`. */
  customRepo: string;
  device: DevicePreference;
  dtype: DtypePreference;
  /** Host serving the hub layout (`/<repo>/resolve/main/<file>`), e.g. a mirror; '' = huggingface.co. */
  hubHost: string;
}
