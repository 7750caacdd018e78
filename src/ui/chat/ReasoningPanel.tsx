/**
 * The model's reasoning, apart from the answer. Open and live while the model thinks; when
 * the answer starts it collapses (unless the "keep reasoning expanded" setting is on) and
 * reads "Thought for N s"; it can always be reopened.
 */
import { useEffect, useRef, useState } from 'react';
import { thoughtFor } from '../format.ts';
import { Markdown } from '../markdown/Markdown.tsx';

export interface ReasoningPanelProps {
  text: string;
  /** The model is still thinking (streaming, no `</think>` yet). */
  thinking: boolean;
  /** `</think>` was produced. */
  ended: boolean;
  reasoningMs: number | undefined;
  /** The answer was stopped or failed before the reasoning finished. */
  cutOff: boolean;
  keepExpanded: boolean;
}

export function ReasoningPanel({ text, thinking, ended, reasoningMs, cutOff, keepExpanded }: ReasoningPanelProps) {
  // Open while thinking; a finished answer from history opens only if the setting says so;
  // reasoning that never ended (stopped) is all there is to read, so it stays open.
  const [open, setOpen] = useState(thinking || keepExpanded || !ended);
  const wasThinking = useRef(thinking);
  useEffect(() => {
    if (wasThinking.current && !thinking) setOpen(keepExpanded || !ended);
    wasThinking.current = thinking;
  }, [thinking, ended, keepExpanded]);

  const label = thinking
    ? 'Thinking…'
    : ended
      ? thoughtFor(reasoningMs ?? 0)
      : cutOff
        ? 'Reasoning (stopped before it finished)'
        : 'Reasoning';

  return (
    <details
      className={`reasoning${thinking ? ' reasoning--live' : ''}`}
      data-part="reasoning"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <span className="reasoning__label">{label}</span>
      </summary>
      <div className="reasoning__body" aria-live={thinking ? 'polite' : 'off'}>
        {text.trim() === '' ? <p className="muted">(no reasoning)</p> : <Markdown text={text} />}
      </div>
    </details>
  );
}
