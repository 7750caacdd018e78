/**
 * The open conversation, framework-free: its messages, and answering with streaming, throttled
 * rendering and persistence. The UI subscribes to its snapshot (`useSyncExternalStore`).
 *
 * - The engine is OpenAI's `chat.completions` (`ChatEngine`: the local engine, src/api, or a remote
 *   server); its streamed chunks fold straight into the streaming message's parts; subscribers see
 *   the message at most RENDER_EVERY_MS apart (one animation frame per render). Stop aborts the request.
 * - The streaming answer is saved every second and on `saveNow` (page hidden), so a reload
 *   mid-answer keeps it; at start-up such an answer is marked stopped.
 * - A prompt the engine refuses before answering (too long, empty) is rolled back: its text goes
 *   back to the composer (`events.draft`).
 * - A question sent while a model was ready is never rolled back because the model went away
 *   (switched or unloaded before or during the answer, `not-loaded`): the answer ends stopped.
 */
import { asEngineError, DEFAULT_SAMPLING, type EngineError } from '../core/index.ts';
import { addMessage, getConversation, getMessages, purgeDeleted, recoverInterrupted, softDeleteConversation, truncateFrom, updateMessage } from '../storage/chats/repo.ts';
import type { ChatDB } from '../storage/chats/db.ts';
import type { ChatMessage } from '../storage/chats/types.ts';
import type { ConversationList } from './conversations.ts';
import { deletedElsewhereText, moveDraft, sameMessages } from './elsewhere.ts';
import { historyToMessages } from './fold.ts';
import { LiveAnswer } from './live-answer.ts';
import type { ChatEngine, ChatNotice, KeyValue, SessionConfig, SessionEvents } from './ports.ts';
import { type Cancel, type Scheduler, Throttle } from './scheduler.ts';
import { Store } from './store.ts';

export const ACTIVE_KEY = 'local-r1.activeConversation';
/** The unsent text of a conversation (`…new` for a chat not yet created), kept across reloads. */
export const DRAFT_KEY = 'local-r1.draft.';

export function draftKey(conversationId: string | null): string {
  return DRAFT_KEY + (conversationId ?? 'new');
}
export const SAVE_EVERY_MS = 1000;
/** Streaming renders at most ~30 times a second: smooth to read, half the main-thread work of 60. */
export const RENDER_EVERY_MS = 33;

/**
 * Errors where the engine refused the prompt before producing anything: roll the send back.
 * Not `not-loaded`: a question is only sent while a model is ready, so that error means the model
 * was switched or unloaded after the send, and the question stays with its answer stopped.
 */
const REFUSALS: ReadonlySet<EngineError['code']> = new Set([
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

export interface ChatSessionDeps {
  db: ChatDB;
  engine: ChatEngine;
  list: ConversationList;
  events: SessionEvents;
  time: Scheduler;
  keys: KeyValue;
}

export class ChatSession extends Store<ChatSessionState> {
  readonly deps: ChatSessionDeps;
  config: SessionConfig = { ready: false, sampling: DEFAULT_SAMPLING, contextWindow: 4096, modelLabel: null };
  private live: LiveAnswer | null = null;
  private running: Promise<void> | null = null;
  /** Stop was pressed during the running task (which may not have reached the engine yet). */
  private stopAsked = false;
  private startup: Promise<void> | null = null;
  /** Aborts the request of the running answer. */
  private abort: AbortController | null = null;
  private readonly throttle: Throttle;

  constructor(deps: ChatSessionDeps) {
    super({ started: false, conversationId: null, messages: [], busy: false });
    this.deps = deps;
    this.throttle = new Throttle(deps.time, RENDER_EVERY_MS, () => this.render());
  }

  configure(config: SessionConfig): void {
    this.config = config;
  }

  get generating(): boolean {
    return this.running !== null;
  }

  /** Start-up (once): recover answers cut off by a reload, drop deleted chats, reopen the last chat. */
  start(): Promise<void> {
    this.startup ??= this.startUp();
    return this.startup;
  }

  private async startUp(): Promise<void> {
    const { db, keys, list, events } = this.deps;
    try {
      await recoverInterrupted(db);
      await purgeDeleted(db);
      const last = keys.get(ACTIVE_KEY);
      if (last && (await getConversation(db, last))) await this.open(last);
      else this.restoreDraft(null);
      await list.refresh();
    } catch (e) {
      events.notice({ kind: 'error', text: 'Saved conversations could not be read.', detail: String(e), key: 'sessionNotices.readFailed' });
    } finally {
      this.update({ started: true });
    }
  }

  async open(id: string | null): Promise<void> {
    const messages = id ? await getMessages(this.deps.db, id) : [];
    this.update({ conversationId: id, messages });
    this.deps.events.notice(null);
    this.deps.keys.set(ACTIVE_KEY, id);
    this.restoreDraft(id);
  }

  /** The composer's text for conversation `id` (default: the open one) changed: keep it for when it opens again. */
  keepDraft(text: string, id: string | null = this.getSnapshot().conversationId): void {
    this.deps.keys.set(draftKey(id), text.trim() === '' ? null : text);
  }

  private restoreDraft(id: string | null): void {
    this.deps.events.draft(this.deps.keys.get(draftKey(id)) ?? '');
  }

  /** Conversation `id` as stored (another tab added to it): shown when it is open and no answer runs here. */
  showStored(id: string, messages: ChatMessage[]): void {
    const s = this.getSnapshot();
    if (s.conversationId !== id || s.busy || this.running || sameMessages(s.messages, messages)) return;
    this.update({ messages });
  }

  /** Conversation `id` may be deleted (another tab): if it is open here and gone, stop its answer and leave it. */
  async closeIfDeleted(id: string): Promise<void> {
    if (this.getSnapshot().conversationId !== id || (await getConversation(this.deps.db, id))) return;
    const streaming = this.running !== null;
    await this.settle();
    if (this.getSnapshot().conversationId === id) this.leaveDeleted(id, streaming);
  }

  /** False (after leaving it) when the open conversation `id` was deleted in another tab: nothing may be sent into it. */
  async stillThere(id: string): Promise<boolean> {
    if (await getConversation(this.deps.db, id)) return true;
    if (this.getSnapshot().conversationId === id) this.leaveDeleted(id, false);
    return false;
  }

  /** Leaves `id`, deleted in another tab, for a new chat and says so; the text typed for it moves along. */
  private leaveDeleted(id: string, stoppedAnswer: boolean): void {
    const { keys, events, engine } = this.deps;
    const moved = moveDraft(keys, draftKey(id), draftKey(null));
    keys.set(ACTIVE_KEY, null);
    engine.reset();
    this.update({ conversationId: null, messages: [] });
    events.draft(moved.text);
    events.notice({ kind: 'error', ...deletedElsewhereText(stoppedAnswer, moved.moved) });
  }

  /** Shows `messages` as the open conversation `id` (after a send created it, or a truncation). */
  show(id: string, messages: ChatMessage[]): void {
    if (id !== this.getSnapshot().conversationId) this.deps.keys.set(ACTIVE_KEY, id);
    this.update({ conversationId: id, messages });
  }

  /**
   * Stops the running answer. Pressed before the question reached the engine (it is still being saved),
   * the stop is kept and sent again right after the question, so it stops that answer.
   */
  stop(): void {
    if (this.running) this.stopAsked = true;
    this.abort?.abort();
  }

  /** Stops a running answer and waits until it is saved. */
  async settle(): Promise<void> {
    if (this.running) {
      this.stop();
      await this.running;
    }
  }

  /** Saves the streaming answer if it changed since the last save (every second, and when the page is hidden). */
  async saveNow(): Promise<void> {
    const live = this.live;
    if (!live || !live.dirty) return;
    live.dirty = false;
    const { parts, trimmedMessages } = live.message;
    await updateMessage(this.deps.db, live.message.id, { parts, trimmedMessages: trimmedMessages ?? 0 });
  }

  /** Runs one generation at a time. `release` ends the exclusive part early (answer saved and shown). */
  async exclusive(task: (release: () => void) => Promise<void>): Promise<void> {
    if (this.running) return;
    this.stopAsked = false;
    this.update({ busy: true });
    let p: Promise<void> | null = null;
    const release = () => {
      if (p !== null && this.running === p) {
        this.running = null;
        this.update({ busy: false });
      }
    };
    p = task(release)
      .catch((e: unknown) => {
        // Storage failed (IndexedDB unavailable or full): say so; the typed text stays in the box.
        this.endLive();
        this.deps.events.notice({
          kind: 'error',
          text: 'The conversation could not be saved in this browser.',
          detail: String(e),
          key: 'sessionNotices.saveFailed',
        });
      })
      .finally(release);
    this.running = p;
    await p;
  }

  /** Generates an answer after `history` (which ends with a user message) in `conversationId`. */
  async answer(conversationId: string, history: ChatMessage[], rollback: Rollback, release: () => void): Promise<void> {
    const { db } = this.deps;
    const assistant = await addMessage(db, conversationId, {
      role: 'assistant',
      parts: [],
      status: 'streaming',
      ...(this.config.modelLabel ? { model: this.config.modelLabel } : {}),
      ...(this.config.remote ? { remote: this.config.remote.host } : {}),
    });
    const live = new LiveAnswer(assistant, this.deps.time, () => this.throttle.request());
    this.live = live;
    this.show(conversationId, [...history, assistant]);
    const stopSaving: Cancel = this.deps.time.interval(SAVE_EVERY_MS, () => void this.saveNow());
    let final: Partial<ChatMessage>;
    try {
      await this.stream(history, live);
      final = live.ending(this.config.sampling.maxNewTokens, this.config.contextWindow);
    } catch (e) {
      const error = asEngineError(e);
      if (live.tokens === 0 && REFUSALS.has(error.code)) {
        stopSaving();
        this.endLive();
        await this.rollBack(conversationId, history, rollback, error);
        return;
      }
      if (error.code === 'not-loaded') {
        // The model was switched or unloaded under the answer: it ends stopped, the note says why.
        final = { parts: live.finished(), status: 'stopped', endReason: 'stopped', error: MODEL_GONE, trimmedMessages: live.trimmed };
      } else {
        final = { parts: live.finished(), status: 'error', error, trimmedMessages: live.trimmed };
        this.deps.events.notice(noticeOf(error));
      }
    } finally {
      stopSaving();
      this.throttle.cancel();
    }
    this.live = null;
    await updateMessage(db, assistant.id, final);
    const done: ChatMessage = { ...live.message, ...final };
    // The composer accepts the next question from the moment the answer shows as finished.
    release();
    this.update({ messages: this.getSnapshot().messages.map((m) => (m.id === done.id ? done : m)) });
    await this.deps.list.refresh();
  }

  /**
   * Asks the engine (or the remote server in use) for the answer after `history` and folds its chunks
   * into `live`. Stop aborts it.
   */
  private async stream(history: ChatMessage[], live: LiveAnswer): Promise<void> {
    const { engine } = this.deps;
    const { sampling, contextWindow, remote } = this.config;
    const controller = new AbortController();
    this.abort = controller;
    if (this.stopAsked) controller.abort();
    try {
      if (!remote) engine.configure?.({ contextWindow, sampling: { topK: sampling.topK } });
      const completions = remote?.completions ?? engine.chat.completions;
      const chunks = await completions.create(
        {
          messages: historyToMessages(history, this.config.systemPrompt),
          stream: true,
          temperature: sampling.doSample ? sampling.temperature : 0,
          top_p: sampling.topP,
          max_tokens: sampling.maxNewTokens,
          ...(sampling.seed !== undefined ? { seed: sampling.seed } : {}),
        },
        { signal: controller.signal },
      );
      for await (const chunk of chunks) live.chunk(chunk);
    } finally {
      this.abort = null;
    }
  }

  /** Nothing was generated: undo the send and give the text back. */
  private async rollBack(conversationId: string, history: ChatMessage[], rollback: Rollback, error: EngineError): Promise<void> {
    const { db, events, list } = this.deps;
    await truncateFrom(db, conversationId, rollback.fromSeq);
    if (rollback.dropConversation) {
      // Left before it is deleted, so the other tabs' watch (and this one's) never sees it open and gone.
      await this.open(null);
      await softDeleteConversation(db, conversationId);
      await purgeDeleted(db);
    } else {
      this.update({ messages: history.filter((m) => m.seq < rollback.fromSeq) });
    }
    if (rollback.draft !== null) {
      events.draft(rollback.draft);
      this.keepDraft(rollback.draft);
    }
    events.notice(noticeOf(error));
    await list.refresh();
  }

  /** Shows the streaming message as it is now (called by the render throttle). */
  private render(): void {
    const live = this.live;
    if (!live) return;
    const message = live.message;
    this.update({ messages: this.getSnapshot().messages.map((m) => (m.id === message.id ? message : m)) });
  }

  private endLive(): void {
    this.live = null;
    this.throttle.cancel();
  }
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
