/** The open conversation: header (title, export), messages, composer. */
import { useCallback } from 'react';
import type { ChatController } from '../hooks/useChat.ts';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';

export interface ChatViewProps {
  chat: ChatController;
  ready: boolean;
  keepReasoningExpanded: boolean;
  contextWindow: number;
  title: string | null;
}

export function ChatView({ chat, ready, keepReasoningExpanded, contextWindow, title }: ChatViewProps) {
  const regenerate = chat.regenerate;
  const onRegenerate = useCallback(() => void regenerate(), [regenerate]);
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
      <MessageList
        conversationId={chat.activeId}
        messages={chat.messages}
        canAct={ready && !chat.busy}
        keepReasoningExpanded={keepReasoningExpanded}
        contextWindow={contextWindow}
        onEdit={chat.editAndResend}
        onRegenerate={onRegenerate}
        empty={
          <div className="chat__empty">
            <p>{ready ? 'Ask anything. The model thinks first, then answers.' : 'Load a model, then ask a question.'}</p>
            <p className="muted small">Everything runs in this browser tab; your questions never leave this machine.</p>
          </div>
        }
      />
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
