/**
 * The chat as React state: a thin layer over the framework-free session and conversation list
 * (src/chat), plus what only the UI has: the composer's text and the notice line under it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  browserScheduler,
  ChatSession,
  ConversationList,
  SessionActions,
  TabSync,
  type ChatEngine,
  type ChatNotice,
  type ExportFile,
  type KeyValue,
  type RemoteBackend,
} from '../../chat/index.ts';
import type { AppSettings } from '../../storage/chats/types.ts';
import { chatDb } from '../db.ts';

export type { ChatNotice };

export interface ChatOptions {
  /** What answers: the local engine's `chat.completions` (src/api). */
  engine: ChatEngine;
  ready: boolean;
  settings: AppSettings;
  modelLabel: string | null;
  /** A server the user chose, answering instead of the local engine (then `ready` and `modelLabel` are its). */
  remote: (RemoteBackend & { model: string }) | null;
}

const localKeys: KeyValue = {
  get: (key) => localStorage.getItem(key),
  set: (key, value) => (value === null ? localStorage.removeItem(key) : localStorage.setItem(key, value)),
};

function download({ name, type, text }: ExportFile): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * One session and one list for the page, started once and kept in step with the other tabs (`TabSync`); the
 * streaming answer is saved when the page is hidden.
 */
function useChatModel(engine: ChatEngine, setDraft: (t: string) => void, setNotice: (n: ChatNotice | null) => void) {
  const model = useMemo(() => {
    const db = chatDb();
    const list = new ConversationList(db, browserScheduler);
    const events = { draft: setDraft, notice: setNotice };
    const session = new ChatSession({ db, engine, list, events, time: browserScheduler, keys: localKeys });
    return { session, list };
  }, [engine, setDraft, setNotice]);
  useEffect(() => {
    void model.session.start();
    const stopSync = new TabSync(model.session, model.list).start();
    const onHide = () => void model.session.saveNow();
    const onVisibility = () => document.visibilityState === 'hidden' && onHide();
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopSync();
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [model]);
  return model;
}

export function useChat({ engine, ready: localReady, settings, modelLabel: localLabel, remote }: ChatOptions) {
  const ready = localReady || remote !== null;
  const modelLabel = remote ? remote.model : localLabel;
  const [draft, setDraft] = useState('');
  const [notice, setNotice] = useState<ChatNotice | null>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const { session, list } = useChatModel(engine, setDraft, setNotice);
  const { doSample, temperature, topP, topK, maxNewTokens, contextWindow, systemPrompt } = settings;
  useEffect(() => {
    session.configure({ ready, sampling: { doSample, temperature, topP, topK, maxNewTokens }, contextWindow, systemPrompt, modelLabel, remote });
  }, [session, ready, doSample, temperature, topP, topK, maxNewTokens, contextWindow, systemPrompt, modelLabel, remote]);
  // What the user types is kept per conversation (restored when it opens again, and after a reload).
  const typeDraft = useCallback(
    (text: string) => {
      setDraft(text);
      session.keepDraft(text);
    },
    [session],
  );
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const listState = useSyncExternalStore(list.subscribe, list.getSnapshot);
  // Stable functions, so memoised messages do not re-render when the draft or the stream changes.
  const actions = useMemo(() => chatActions(session, list, () => draftRef.current), [session, list]);
  return {
    ...state,
    ...listState,
    activeId: state.conversationId,
    title: list.title(state.conversationId),
    draft,
    setDraft: typeDraft,
    notice,
    setNotice,
    ...actions,
  };
}

function chatActions(session: ChatSession, list: ConversationList, draft: () => string) {
  const a = new SessionActions(session);
  return {
    setQuery: (q: string) => void list.search(q),
    send: () => a.send(draft()),
    stop: () => session.stop(),
    regenerate: () => a.regenerate(),
    editAndResend: (seq: number, text: string) => a.editAndResend(seq, text),
    select: (id: string | null) => a.select(id),
    newChat: () => a.select(null),
    rename: (id: string, title: string) => list.rename(id, title),
    remove: (id: string) => a.remove(id),
    undoRemove: () => list.undoRemove(),
    exportActive: async (format: 'md' | 'json') => {
      const id = session.getSnapshot().conversationId;
      const file = id ? await list.exportFile(id, format) : null;
      if (file) download(file);
    },
    importFile: (file: File) => a.importFile(file),
  };
}

export type ChatController = ReturnType<typeof useChat>;
