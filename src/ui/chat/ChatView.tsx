/** The open conversation: header (title, export), messages, composer. */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ChatController } from '../hooks/useChat.ts';
import { titleText } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import { Composer } from './Composer.tsx';
import { AssistantMessage, UserMessage } from './MessageView.tsx';

export interface ChatViewProps {
  chat: ChatController;
  ready: boolean;
  keepReasoningExpanded: boolean;
  contextWindow: number;
  title: string | null;
}

export function ChatView({ chat, ready, keepReasoningExpanded, contextWindow, title }: ChatViewProps) {
  const f = useFmt();
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
      <div className="chat__messages" ref={listRef}>
        {chat.messages.length === 0 && (
          <div className="chat__empty">
            <p>{f.t(ready ? 'chat.emptyReady' : 'chat.emptyNotReady')}</p>
            <p className="muted small">{f.t('chat.private')}</p>
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
        placeholder={f.t(ready ? 'chat.placeholderReady' : 'chat.placeholderNotReady')}
      />
    </section>
  );
}
