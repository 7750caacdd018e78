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
import { ACTIVE_KEY, draftKey } from './drafts.ts';
import { completionRequest, failedEnding, noticeOf, storageNotice } from './endings.ts';
import { LiveAnswer } from './live-answer.ts';
import type { ChatEngine, ChatSessionState, KeyValue, Rollback, SessionConfig, SessionEvents } from './ports.ts';
import { type Cancel, type Scheduler, Throttle } from './scheduler.ts';
import { Store } from './store.ts';

export const SAVE_EVERY_MS = 1000;
/** Streaming renders at most ~30 times a second: smooth to read, half the main-thread work of 60. */
export const RENDER_EVERY_MS = 33;

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
      events.notice(storageNotice('readFailed', e));
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
        this.deps.events.notice(storageNotice('saveFailed', e));
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
      const ending = failedEnding(error, live.tokens);
      if (ending.kind === 'rollback') {
        stopSaving();
        this.endLive();
        await this.rollBack(conversationId, history, rollback, error);
        return;
      }
      final = { parts: live.finished(), trimmedMessages: live.trimmed, ...ending.final };
      if (ending.notice) this.deps.events.notice(ending.notice);
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
      const chunks = await completions.create(completionRequest(history, this.config), { signal: controller.signal });
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
