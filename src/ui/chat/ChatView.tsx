/** The open conversation: header (title, export), messages, composer. */
import { useCallback } from 'react';
import type { ChatController } from '../hooks/useChat.ts';
import { titleText } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';

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
  const f = useFmt();
  const regenerate = chat.regenerate;
  const onRegenerate = useCallback(() => void regenerate(), [regenerate]);
  return (
    <section className="chat" aria-label={f.t('chat.label')}>
      <header className="chat__header">
        <h2 className="chat__title" dir="auto">{title === null ? f.t('chat.newChat') : titleText(f, title)}</h2>
        {chat.activeId && (
          <div className="chat__tools" role="group" aria-label={f.t('chat.exportGroup')}>
            <button type="button" onClick={() => void chat.exportActive('md')}>
              {f.t('chat.exportMarkdown')}
            </button>
            <button type="button" onClick={() => void chat.exportActive('json')}>
              {f.t('chat.exportJson')}
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
            <p>{f.t(ready ? 'chat.emptyReady' : 'chat.emptyNotReady')}</p>
            <p className="muted small" data-testid="where-it-runs">
              {remoteHost ? f.t('chat.privateRemote', { host: remoteHost }) : f.t('chat.private')}
            </p>
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
        placeholder={f.t(ready ? 'chat.placeholderReady' : 'chat.placeholderNotReady')}
      />
    </section>
  );
}
