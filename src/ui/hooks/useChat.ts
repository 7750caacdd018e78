/**
 * The chat controller: conversations (sidebar), the open conversation's messages, the draft,
 * and the generation of answers with streaming, batching and persistence.
 *
 * - Tokens from the worker go into a buffer; one `requestAnimationFrame` folds them into the
 *   live message's parts and renders, at most every RENDER_EVERY_MS (a render costs about the same
 *   whether it shows one token or five: layout and paint of the open block dominate).
 * - The streaming answer is saved every second (and when the page is hidden), so a reload
 *   mid-answer keeps it; at start-up such an answer is marked stopped.
 * - Everything the user typed survives errors: a prompt the engine refuses (too long, empty)
 *   goes back into the input box.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EngineClient } from '../../worker/client.ts';
import type { EngineError, SamplingSettings } from '../../core/index.ts';
import { conversationToJson, conversationToMarkdown, exportFileName, importConversation, parseConversationJson, rawFromParts } from '../../storage/chats/export.ts';
import {
  addMessage,
  createConversation,
  getConversation,
  getMessages,
  purgeDeleted,
  recoverInterrupted,
  renameConversation,
  restoreConversation,
  searchConversations,
  softDeleteConversation,
  truncateFrom,
  updateMessage,
} from '../../storage/chats/repo.ts';
import type { AppSettings, ChatMessage, Conversation, MessagePart, MessageStatus } from '../../storage/chats/types.ts';
import { appendChunks, historyToTurns, type TokenChunk } from '../chat/parts.ts';
import { chatDb } from '../db.ts';
import { toEngineError } from './useEngine.ts';

const ACTIVE_KEY = 'local-r1.activeConversation';
const SAVE_EVERY_MS = 1000;
/** Streaming renders at most ~30 times a second: smooth to read, half the main-thread work of 60. */
const RENDER_EVERY_MS = 33;
const UNDO_MS = 10_000;

/** Errors where the engine refused the prompt before producing anything: roll the send back. */
const REFUSALS: ReadonlySet<EngineError['code']> = new Set(['prompt-too-long', 'empty-prompt', 'not-loaded', 'busy']);

export interface LiveAnswer {
  messageId: string;
  parts: MessagePart[];
  reasoningEnded: boolean;
  reasoningMs: number | undefined;
  trimmedMessages: number;
  tokens: number;
  startedAt: number;
}

interface LiveBuffer extends LiveAnswer {
  pending: TokenChunk[];
  dirty: boolean;
}

export interface ChatNotice {
  kind: 'hint' | 'error';
  text: string;
  detail?: string;
}

export interface ChatOptions {
  engine: EngineClient;
  ready: boolean;
  settings: AppSettings;
  modelLabel: string | null;
}

function samplingFrom(s: AppSettings): SamplingSettings {
  return { doSample: s.doSample, temperature: s.temperature, topP: s.topP, topK: s.topK, maxNewTokens: s.maxNewTokens };
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useChat({ engine, ready, settings, modelLabel }: ChatOptions) {
  const db = chatDb();
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [query, setQuery] = useState('');
  const [activeId, setActiveId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [live, setLive] = useState<LiveAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState<ChatNotice | null>(null);
  const [undo, setUndo] = useState<{ id: string; title: string } | null>(null);
  const [started, setStarted] = useState(false);

  const liveRef = useRef<LiveBuffer | null>(null);
  /** A render is scheduled (a timer or an animation frame is pending). */
  const frame = useRef<{ raf: number; timer: ReturnType<typeof setTimeout> | undefined } | null>(null);
  const lastRender = useRef(0);
  const generation = useRef<Promise<void> | null>(null);
  const queryRef = useRef(query);
  queryRef.current = query;
  const activeRef = useRef(activeId);
  activeRef.current = activeId;
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const undoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refreshList = useCallback(async () => {
    setConversations(await searchConversations(db, queryRef.current));
  }, [db]);

  useEffect(() => {
    void refreshList();
  }, [query, refreshList]);

  const open = useCallback(
    async (id: string | null) => {
      setActiveId(id);
      setMessages(id ? await getMessages(db, id) : []);
      setNotice(null);
      if (id) localStorage.setItem(ACTIVE_KEY, id);
      else localStorage.removeItem(ACTIVE_KEY);
    },
    [db],
  );

  // Start-up: recover answers cut off by a reload, drop deleted chats, reopen the last chat.
  useEffect(() => {
    let alive = true;
    void (async () => {
      try {
        await recoverInterrupted(db);
        await purgeDeleted(db);
        const last = localStorage.getItem(ACTIVE_KEY);
        if (alive && last && (await getConversation(db, last))) await open(last);
        if (alive) await refreshList();
      } catch (e) {
        setNotice({ kind: 'error', text: 'Saved conversations could not be read.', detail: String(e) });
      } finally {
        if (alive) setStarted(true);
      }
    })();
    return () => {
      alive = false;
    };
  }, [db, open, refreshList]);

  // ── streaming: batch tokens per frame, save every second ──

  const cancelFrame = useCallback(() => {
    if (frame.current) {
      cancelAnimationFrame(frame.current.raf);
      clearTimeout(frame.current.timer);
    }
    frame.current = null;
  }, []);

  const flush = useCallback(() => {
    frame.current = null;
    lastRender.current = performance.now();
    const l = liveRef.current;
    if (!l) return;
    if (l.pending.length > 0) {
      l.parts = appendChunks(l.parts, l.pending);
      l.pending = [];
    }
    const { pending: _p, dirty: _d, ...snapshot } = l;
    setLive(snapshot);
  }, []);

  const schedule = useCallback(() => {
    if (liveRef.current) liveRef.current.dirty = true;
    if (frame.current) return;
    const wait = lastRender.current + RENDER_EVERY_MS - performance.now();
    const f: { raf: number; timer: ReturnType<typeof setTimeout> | undefined } = { raf: 0, timer: undefined };
    frame.current = f;
    if (wait <= 0) f.raf = requestAnimationFrame(flush);
    else f.timer = setTimeout(() => (f.raf = requestAnimationFrame(flush)), wait);
  }, [flush]);

  const saveLive = useCallback(async () => {
    const l = liveRef.current;
    if (!l || !l.dirty) return;
    l.dirty = false;
    const parts = l.pending.length > 0 ? appendChunks(l.parts, l.pending) : l.parts;
    await updateMessage(db, l.messageId, {
      parts,
      reasoningEnded: l.reasoningEnded,
      raw: rawFromParts(parts, l.reasoningEnded),
      ...(l.reasoningMs !== undefined ? { reasoningMs: l.reasoningMs } : {}),
      trimmedMessages: l.trimmedMessages,
    });
  }, [db]);

  useEffect(() => {
    const onHide = () => void saveLive();
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [saveLive]);

  /**
   * Generates an answer after `history` (which ends with a user message) in `conversationId`.
   * `rollback` says what to undo if the engine refuses the prompt before the first token.
   */
  const generate = useCallback(
    async (
      conversationId: string,
      history: ChatMessage[],
      rollback: { fromSeq: number; draft: string | null; dropConversation: boolean },
      release: () => void,
    ) => {
      const assistant = await addMessage(db, conversationId, {
        role: 'assistant',
        content: '',
        parts: [],
        status: 'streaming',
        ...(modelLabel ? { model: modelLabel } : {}),
      });
      setMessages([...history, assistant]);
      const l: LiveBuffer = {
        messageId: assistant.id,
        parts: [],
        pending: [],
        dirty: false,
        reasoningEnded: false,
        reasoningMs: undefined,
        trimmedMessages: 0,
        tokens: 0,
        startedAt: performance.now(),
      };
      liveRef.current = l;
      setLive({ messageId: l.messageId, parts: [], reasoningEnded: false, reasoningMs: undefined, trimmedMessages: 0, tokens: 0, startedAt: l.startedAt });
      const saver = setInterval(() => void saveLive(), SAVE_EVERY_MS);
      let final: Partial<ChatMessage>;
      try {
        const result = await engine.generate(historyToTurns(history), samplingFrom(settings), settings.contextWindow, {
          onStart: (m) => {
            l.trimmedMessages = m.trimmedMessages;
            schedule();
          },
          onToken: (t) => {
            l.tokens++;
            l.pending.push({ part: t.part, text: t.text });
            schedule();
          },
          onReasoningEnd: (m) => {
            l.reasoningEnded = true;
            l.reasoningMs = m.reasoningMs;
            schedule();
          },
        });
        l.parts = appendChunks(l.parts, l.pending);
        l.pending = [];
        const status: MessageStatus = result.reason === 'stopped' ? 'stopped' : result.reason === 'error' ? 'error' : 'done';
        final = {
          parts: l.parts,
          reasoningEnded: l.reasoningEnded,
          raw: result.raw,
          status,
          stats: result.stats,
          endReason: result.reason,
          reasoningMs: l.reasoningEnded ? (l.reasoningMs ?? result.stats.reasoningMs) : undefined,
          trimmedMessages: l.trimmedMessages,
        };
      } catch (e) {
        const error = toEngineError(e);
        l.parts = appendChunks(l.parts, l.pending);
        l.pending = [];
        if (l.tokens === 0 && REFUSALS.has(error.code)) {
          // Nothing was generated: undo the send and give the text back.
          clearInterval(saver);
          liveRef.current = null;
          setLive(null);
          await truncateFrom(db, conversationId, rollback.fromSeq);
          if (rollback.dropConversation) {
            await softDeleteConversation(db, conversationId);
            await purgeDeleted(db);
            await open(null);
          } else {
            setMessages(history.filter((m) => m.seq < rollback.fromSeq));
          }
          if (rollback.draft !== null) setDraft(rollback.draft);
          setNotice({ kind: 'error', text: error.message, ...(error.detail ? { detail: error.detail } : {}) });
          await refreshList();
          return;
        }
        final = {
          parts: l.parts,
          reasoningEnded: l.reasoningEnded,
          raw: rawFromParts(l.parts, l.reasoningEnded),
          status: 'error',
          error,
          trimmedMessages: l.trimmedMessages,
          ...(l.reasoningMs !== undefined ? { reasoningMs: l.reasoningMs } : {}),
        };
        setNotice({ kind: 'error', text: error.message, ...(error.detail ? { detail: error.detail } : {}) });
      } finally {
        clearInterval(saver);
        cancelFrame();
      }
      liveRef.current = null;
      await updateMessage(db, assistant.id, final);
      const done: ChatMessage = { ...assistant, ...final };
      // The composer accepts the next question from the moment the answer shows as finished.
      release();
      setMessages((ms) => ms.map((m) => (m.id === assistant.id ? done : m)));
      setLive(null);
      await refreshList();
    },
    [cancelFrame, db, engine, modelLabel, open, refreshList, saveLive, schedule, settings],
  );

  /** Runs one generation at a time. `release` ends the exclusive part early (answer saved and shown). */
  const runExclusive = useCallback(async (task: (release: () => void) => Promise<void>) => {
    if (generation.current) return;
    setBusy(true);
    let p: Promise<void> | null = null;
    const release = () => {
      if (p !== null && generation.current === p) {
        generation.current = null;
        setBusy(false);
      }
    };
    p = task(release)
      .catch((e: unknown) => {
        // Storage failed (IndexedDB unavailable or full): say so; the typed text stays in the box.
        liveRef.current = null;
        setLive(null);
        setNotice({ kind: 'error', text: 'The conversation could not be saved in this browser.', detail: String(e) });
      })
      .finally(release);
    generation.current = p;
    await p;
  }, []);

  // ── user actions ──

  const send = useCallback(async () => {
    const text = draft;
    if (text.trim() === '') {
      setNotice({ kind: 'hint', text: 'Type a question first.' });
      return;
    }
    if (!ready) {
      setNotice({ kind: 'hint', text: 'Load a model first: choose one above and press Load.' });
      return;
    }
    if (generation.current) {
      setNotice({ kind: 'hint', text: 'Wait for the answer to finish, or press Stop.' });
      return;
    }
    setNotice(null);
    await runExclusive(async (release) => {
      let convId = activeRef.current;
      let created = false;
      if (!convId) {
        convId = (await createConversation(db)).id;
        created = true;
        setActiveId(convId);
        localStorage.setItem(ACTIVE_KEY, convId);
      }
      const userMsg = await addMessage(db, convId, { role: 'user', content: text, parts: [], status: 'done' });
      setDraft('');
      const history = [...(created ? [] : messagesRef.current), userMsg];
      setMessages(history);
      await refreshList();
      await generate(convId, history, { fromSeq: userMsg.seq, draft: text, dropConversation: created }, release);
    });
  }, [db, draft, generate, ready, refreshList, runExclusive]);

  const stop = useCallback(() => engine.stop(), [engine]);

  /** Stops a running answer and waits until it is saved. */
  const settle = useCallback(async () => {
    if (generation.current) {
      engine.stop();
      await generation.current;
    }
  }, [engine]);

  const regenerate = useCallback(async () => {
    if (!ready || generation.current) return;
    const ms = messagesRef.current;
    const last = ms[ms.length - 1];
    const convId = activeRef.current;
    if (!convId || !last) return;
    await runExclusive(async (release) => {
      const cut = last.role === 'assistant' ? last.seq : last.seq + 1;
      await truncateFrom(db, convId, cut);
      const history = ms.filter((m) => m.seq < cut);
      setMessages(history);
      await generate(convId, history, { fromSeq: cut, draft: null, dropConversation: false }, release);
    });
  }, [db, generate, ready, runExclusive]);

  /** Replaces the question at `seq` and everything after it, then answers the new question. */
  const editAndResend = useCallback(
    async (seq: number, text: string): Promise<boolean> => {
      if (text.trim() === '') {
        setNotice({ kind: 'hint', text: 'The question cannot be empty.' });
        return false;
      }
      if (!ready || generation.current) {
        setNotice({ kind: 'hint', text: ready ? 'Wait for the answer to finish, or press Stop.' : 'Load a model first.' });
        return false;
      }
      const convId = activeRef.current;
      if (!convId) return false;
      await runExclusive(async (release) => {
        await truncateFrom(db, convId, seq);
        const kept = messagesRef.current.filter((m) => m.seq < seq);
        const userMsg = await addMessage(db, convId, { role: 'user', content: text, parts: [], status: 'done' });
        const history = [...kept, userMsg];
        setMessages(history);
        await generate(convId, history, { fromSeq: userMsg.seq, draft: text, dropConversation: false }, release);
      });
      return true;
    },
    [db, generate, ready, runExclusive],
  );

  const select = useCallback(
    async (id: string | null) => {
      if (id === activeRef.current) return;
      await settle();
      engine.reset(); // another conversation: the KV cache of this one is of no use
      await open(id);
    },
    [engine, open, settle],
  );

  const newChat = useCallback(() => select(null), [select]);

  const rename = useCallback(
    async (id: string, title: string) => {
      await renameConversation(db, id, title);
      await refreshList();
    },
    [db, refreshList],
  );

  const remove = useCallback(
    async (id: string) => {
      if (id === activeRef.current) await select(null);
      const conv = conversations.find((c) => c.id === id);
      await softDeleteConversation(db, id);
      clearTimeout(undoTimer.current);
      setUndo({ id, title: conv?.title ?? 'Conversation' });
      undoTimer.current = setTimeout(() => {
        setUndo(null);
        void purgeDeleted(db, Date.now());
      }, UNDO_MS);
      await refreshList();
    },
    [conversations, db, refreshList, select],
  );

  const undoRemove = useCallback(async () => {
    if (!undo) return;
    clearTimeout(undoTimer.current);
    await restoreConversation(db, undo.id);
    setUndo(null);
    await refreshList();
  }, [db, refreshList, undo]);

  const exportActive = useCallback(
    async (format: 'md' | 'json') => {
      const id = activeRef.current;
      const conv = id ? await getConversation(db, id) : undefined;
      if (!conv) return;
      const ms = await getMessages(db, conv.id);
      if (format === 'md') download(exportFileName(conv, 'md'), 'text/markdown', conversationToMarkdown(conv, ms));
      else download(exportFileName(conv, 'json'), 'application/json', conversationToJson(conv, ms));
    },
    [db],
  );

  const importFile = useCallback(
    async (file: File): Promise<string | null> => {
      const parsed = parseConversationJson(await file.text());
      if (!parsed.ok) return parsed.error;
      await settle();
      const conv = await importConversation(db, parsed.value);
      engine.reset();
      await open(conv.id);
      await refreshList();
      return null;
    },
    [db, engine, open, refreshList, settle],
  );

  return {
    started,
    conversations,
    query,
    setQuery,
    activeId,
    messages,
    live,
    busy,
    draft,
    setDraft,
    notice,
    setNotice,
    undo,
    send,
    stop,
    regenerate,
    editAndResend,
    select,
    newChat,
    rename,
    remove,
    undoRemove,
    exportActive,
    importFile,
  };
}

export type ChatController = ReturnType<typeof useChat>;
