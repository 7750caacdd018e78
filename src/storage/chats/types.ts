/**
 * Conversation records as stored in IndexedDB (and exported as JSON).
 * Every message is a list of parts, exactly what the conversation view renders.
 */
import type { DevicePreference, DtypePreference, EngineError, GenerationStats, MessagePart, StopReason } from '../../core/index.ts';

export type { MessagePart };

export type Role = 'user' | 'assistant';

/**
 * - `streaming`: being generated right now (a record found in this state at startup was cut
 *   off by a reload or crash and is turned into `stopped`).
 * - `stopped`: the user pressed Stop (or the page went away); the partial answer is kept.
 */
export type MessageStatus = 'done' | 'streaming' | 'stopped' | 'error';

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  /** Last change; the sidebar lists newest first by this. */
  updatedAt: number;
  /** Set by delete; the row is purged after the undo window. */
  deletedAt?: number;
  /**
   * The server (`host[:port]`) an answer here last came from, when one did: the conversation left this
   * device. Absent on conversations answered only by the model in the browser (and on every older row).
   */
  remote?: string;
}

/** The setting an answer ran out of tokens against: max new tokens, or a full context window. */
export interface TokenLimit {
  setting: 'maxNewTokens' | 'contextWindow';
  value: number;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  /** Position in the conversation (0, 1, 2 …). */
  seq: number;
  role: Role;
  /** A question: one text part. An answer: its reasoning (if any), then its text. */
  parts: MessagePart[];
  status: MessageStatus;
  stats?: GenerationStats;
  /** Why the generation ended (`max-tokens`: cut off by the max new tokens setting). */
  endReason?: StopReason;
  /** With `endReason` max-tokens: the setting that stopped the answer, and its value then. */
  tokenLimit?: TokenLimit;
  error?: EngineError;
  /** Oldest messages the engine left out to fit the context window for this answer. */
  trimmedMessages?: number;
  /** Model that wrote this answer (for the export). */
  model?: string;
  /** The server (`host[:port]`) that wrote this answer; absent = the model in this browser. */
  remote?: string;
  createdAt: number;
  updatedAt: number;
}

/** `remote`: a server the user runs (OpenAI-compatible) answers instead of a model in the browser. */
export type ModelChoiceKind = 'default' | 'demo' | 'custom' | 'local' | 'remote';

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
  /** On opening the app, load the last model by itself when its files are all stored. */
  autoLoadLastModel: boolean;
  /** Put before every conversation as the chat template's system prompt; '' = none (what DeepSeek advises for R1). */
  systemPrompt: string;
  /** Colour theme; 'system' follows the browser's `prefers-color-scheme`. */
  theme: ThemePreference;
  /** The UI's language (a BCP 47 tag the UI has a catalogue for); '' = follow the browser. */
  language: string;
  /** A remote OpenAI-compatible server: its base URL (e.g. http://localhost:8000/v1). */
  remoteBaseUrl: string;
  /** Its API key ('' = none); kept in this browser only. */
  remoteApiKey: string;
  /** The model id to ask it for. */
  remoteModel: string;
  /**
   * Where its text starts when it sends the reasoning inside the text (`<think>…</think>`, no reasoning
   * parser): `auto` guesses from the model id (R1-style models start inside the reasoning), `reasoning`
   * and `answer` say it.
   */
  remoteThinkStart: RemoteThinkStart;
}

export type RemoteThinkStart = 'auto' | 'reasoning' | 'answer';
export type ThemePreference = 'system' | 'light' | 'dark';

/**
 * The last model that loaded: what the picker held when it did. Only models the app stores (hub and
 * same-origin sources); a picked folder has to be picked again.
 */
export interface LastModel {
  kind: Exclude<ModelChoiceKind, 'local' | 'remote'>;
  customRepo: string;
  hubHost: string;
  device: DevicePreference;
  dtype: DtypePreference;
}
