/**
 * The model's reasoning, apart from the answer. Open and live while the model thinks; when
 * the answer starts it collapses (unless the "keep reasoning expanded" setting is on) and
 * reads "Thought for N s"; it can always be reopened. Reasoning that never finished stays open,
 * titled by how it ended ("Stopped while thinking · 12 s").
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useFmt } from '../i18n/react.ts';
import { Markdown } from '../markdown/Markdown.tsx';

export interface ReasoningPanelProps {
  text: string;
  /** The model is still thinking (streaming, no `</think>` yet). */
  thinking: boolean;
  /** `</think>` was produced. */
  ended: boolean;
  /** "Thinking…", "Thought for 3.2 s", "Stopped while thinking · 12 s" (`reasoningTitle`). */
  title: string;
  keepExpanded: boolean;
  /** How the reader left this panel before it was last taken out of the page (scrolled away). */
  rememberedOpen?: boolean | undefined;
  onOpenChange?: ((open: boolean) => void) | undefined;
}

export function ReasoningPanel({ text, thinking, ended, title, keepExpanded, rememberedOpen, onOpenChange }: ReasoningPanelProps) {
  // Open while thinking; a finished answer from history opens only if the setting says so;
  // reasoning that never ended (stopped) is all there is to read, so it stays open.
  const f = useFmt();
  const [open, setOpenState] = useState(() => (thinking ? true : (rememberedOpen ?? (keepExpanded || !ended))));
  const setOpen = (next: boolean) => {
    setOpenState(next);
    onOpenChange?.(next);
  };
  const wasThinking = useRef(thinking);
  useEffect(() => {
    if (wasThinking.current && !thinking) setOpen(keepExpanded || !ended);
    wasThinking.current = thinking;
  }, [thinking, ended, keepExpanded]);

  // While thinking, keep the newest reasoning in view inside the panel (it scrolls on its own),
  // unless the reader scrolled up in it.
  const body = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  useLayoutEffect(() => {
    const el = body.current;
    if (el && thinking && follow.current) el.scrollTop = el.scrollHeight;
  }, [text, thinking]);

  return (
    <details
      className={`reasoning${thinking ? ' reasoning--live' : ''}`}
      data-part="reasoning"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <span className="reasoning__label">{title}</span>
      </summary>
      <div
        className="reasoning__body"
        dir="auto"
        ref={body}
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        {text.trim() === '' ? <p className="muted">{f.t('reasoning.empty')}</p> : <Markdown text={text} complete={!thinking} />}
      </div>
    </details>
  );
}
