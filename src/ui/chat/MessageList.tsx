/**
 * The open conversation's messages, windowed (@tanstack/react-virtual): only the messages in view,
 * plus a few either side, are in the page, each measured as it renders, so a conversation of
 * 20,000 messages opens, scrolls and closes as fast as a short one. Find-in-page sees only those.
 *
 * - Follows the answer while the reader is at the bottom (within FOLLOW_PX); stops following when
 *   they scroll up. A conversation opens at its end.
 * - A question being edited stays in the page while it is scrolled away (its text is kept).
 * - Reasoning panels remember being opened or closed when they scroll out of view and back.
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ChatMessage } from '../../storage/chats/types.ts';
import { useFmt } from '../i18n/react.ts';
import { AssistantMessage, UserMessage } from './MessageView.tsx';
import { indexesOf, PanelMemory, withPinned } from './list-window.ts';

/** Within this distance of the bottom, the view follows new text. */
export const FOLLOW_PX = 80;
/** A first guess at a message's height before it is measured. */
const ESTIMATE_PX = 160;
/** Messages rendered beyond each edge of the view. */
const OVERSCAN = 4;
/** Space above the first message (px); the rows carry the space between and below. */
const PAD_TOP = 16;

export interface MessageListProps {
  conversationId: string | null;
  messages: readonly ChatMessage[];
  canAct: boolean;
  keepReasoningExpanded: boolean;
  contextWindow: number;
  onEdit: (seq: number, text: string) => Promise<boolean>;
  onRegenerate: () => void;
  empty: ReactNode;
}

export function MessageList(props: MessageListProps) {
  const f = useFmt();
  const { conversationId, messages, canAct, keepReasoningExpanded, contextWindow, onEdit, onRegenerate, empty } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const [panels] = useState(() => new PanelMemory());
  const [editing, setEditing] = useState<ReadonlySet<string>>(() => new Set());
  const onEditing = useCallback((id: string, on: boolean) => {
    setEditing((s) => (s.has(id) === on ? s : on ? new Set(s).add(id) : new Set([...s].filter((x) => x !== id))));
  }, []);

  const pinned = useMemo(() => indexesOf(messages, editing), [messages, editing]);
  const rangeExtractor = useCallback((range: Range) => withPinned(defaultRangeExtractor(range), pinned), [pinned]);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ESTIMATE_PX,
    getItemKey: (i) => messages[i]?.id ?? i,
    overscan: OVERSCAN,
    paddingStart: PAD_TOP,
    rangeExtractor,
  });
  const total = virtualizer.getTotalSize();
  useFollowBottom(listRef, conversationId, messages, total);

  const lastIndex = messages.length - 1;
  return (
    // Focusable, so the keyboard can scroll it (axe: scrollable-region-focusable), even when what it shows has no control.
    <div className="chat__messages" ref={listRef} tabIndex={0} role="region" aria-label={f.t('chat.messages')}>
      {messages.length === 0 && empty}
      {messages.length > 0 && (
        <div className="chat__rows" style={{ height: total }}>
          {virtualizer.getVirtualItems().map((v) => {
            const m = messages[v.index]!;
            return (
              <div key={v.key} className="chat__row" data-index={v.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${v.start}px)` }}>
                {m.role === 'user' ? (
                  <UserMessage message={m} canEdit={canAct} onEdit={onEdit} onEditing={onEditing} />
                ) : (
                  <AssistantMessage
                    message={m}
                    keepReasoningExpanded={keepReasoningExpanded}
                    isLast={v.index === lastIndex}
                    canRegenerate={canAct}
                    onRegenerate={onRegenerate}
                    contextWindow={contextWindow}
                    panels={panels}
                  />
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

/**
 * Keeps the view at the bottom while the reader is there: when messages change, when measured
 * heights change the list's height, and when another conversation opens (which starts at its end).
 */
function useFollowBottom(listRef: RefObject<HTMLDivElement | null>, conversationId: string | null, messages: unknown, total: number): void {
  const stick = useRef(true);
  useEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const onScroll = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_PX;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [listRef]);
  useLayoutEffect(() => {
    stick.current = true;
  }, [conversationId]);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [listRef, conversationId, messages, total]);
}
