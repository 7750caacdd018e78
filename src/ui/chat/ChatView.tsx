/** The open conversation: header (title, export), messages, composer. */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatController } from '../hooks/useChat.ts';
import { Composer } from './Composer.tsx';
import { AssistantMessage, UserMessage } from './MessageView.tsx';

export interface ChatViewProps {
  chat: ChatController;
  ready: boolean;
  keepReasoningExpanded: boolean;
  contextWindow: number;
  title: string | null;
  /** The server answering instead of the model in the browser (`host[:port]`), if one is. */
  remoteHost?: string | null;
}

export function ChatView({ chat, ready, keepReasoningExpanded, contextWindow, title, remoteHost = null }: ChatViewProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  // Follow the answer while the reader is at the bottom; stop following when they scroll up.
  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const onScroll = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [chat.messages]);

  const lastIndex = chat.messages.length - 1;
  return (
    <section className="chat" aria-label="Conversation">
      <header className="chat__header">
        <h2 className="chat__title" dir="auto">{title ?? 'New chat'}</h2>
        {chat.activeId && (
          <div className="chat__tools" role="group" aria-label="Export this conversation">
            <button type="button" onClick={() => void chat.exportActive('md')}>
              Export Markdown
            </button>
            <button type="button" onClick={() => void chat.exportActive('json')}>
              Export JSON
            </button>
          </div>
        )}
      </header>
      <div className="chat__messages" ref={listRef}>
        {chat.messages.length === 0 && (
          <div className="chat__empty">
            <p>{ready ? 'Ask anything. The model thinks first, then answers.' : 'Load a model, then ask a question.'}</p>
            <p className="muted small" data-testid="where-it-runs">
              {remoteHost
                ? `Your questions and this conversation are sent to ${remoteHost}, the server you chose, which answers them.`
                : 'Everything runs in this browser tab; your questions never leave this machine.'}
            </p>
          </div>
        )}
        {chat.messages.map((m, i) =>
          m.role === 'user' ? (
            <UserMessage key={m.id} message={m} canEdit={ready && !chat.busy} onEdit={chat.editAndResend} />
          ) : (
            <AssistantMessage
              key={m.id}
              message={m}
              keepReasoningExpanded={keepReasoningExpanded}
              isLast={i === lastIndex}
              canRegenerate={ready && !chat.busy}
              onRegenerate={() => void chat.regenerate()}
              contextWindow={contextWindow}
            />
          ),
        )}
      </div>
      <Composer
        value={chat.draft}
        onChange={chat.setDraft}
        onSend={() => void chat.send()}
        onStop={chat.stop}
        ready={ready}
        busy={chat.busy}
        notice={chat.notice}
        placeholder={ready ? 'Ask a question…' : 'Load a model to start chatting'}
      />
    </section>
  );
}
