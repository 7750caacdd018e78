/** One message: a user question (editable) or an assistant answer (reasoning + answer + stats). */
import { memo, useState } from 'react';
import type { ChatMessage, MessagePart } from '../../storage/chats/types.ts';
import { formatStats } from '../format.ts';
import { Markdown } from '../markdown/Markdown.tsx';
import type { LiveAnswer } from '../hooks/useChat.ts';
import { partText } from './parts.ts';
import { ReasoningPanel } from './ReasoningPanel.tsx';

export interface UserMessageProps {
  message: ChatMessage;
  canEdit: boolean;
  onEdit: (seq: number, text: string) => Promise<boolean>;
}

export const UserMessage = memo(function UserMessage({ message, canEdit, onEdit }: UserMessageProps) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.content);
  if (editing) {
    const save = async () => {
      if (await onEdit(message.seq, text)) setEditing(false);
    };
    return (
      <article className="msg msg--user msg--editing" aria-label="Your question (editing)" data-role="user">
        <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
          Edit your question
        </label>
        <textarea
          id={`edit-${message.id}`}
          value={text}
          rows={Math.min(10, text.split('\n').length + 1)}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void save();
            } else if (e.key === 'Escape') setEditing(false);
          }}
          autoFocus
        />
        <div className="msg__actions">
          <button type="button" className="primary" onClick={() => void save()}>
            Save and send
          </button>
          <button
            type="button"
            onClick={() => {
              setText(message.content);
              setEditing(false);
            }}
          >
            Cancel
          </button>
          <span className="muted small">The answers after this question will be replaced.</span>
        </div>
      </article>
    );
  }
  return (
    <article className="msg msg--user" aria-label="Your question" data-role="user">
      <div className="msg__text">{message.content}</div>
      <div className="msg__actions">
        <button
          type="button"
          className="link"
          disabled={!canEdit}
          onClick={() => {
            setText(message.content);
            setEditing(true);
          }}
        >
          Edit
        </button>
      </div>
    </article>
  );
});

export interface AssistantMessageProps {
  message: ChatMessage;
  /** Present while this message is streaming. */
  live: LiveAnswer | null;
  keepReasoningExpanded: boolean;
  isLast: boolean;
  canRegenerate: boolean;
  onRegenerate: () => void;
  contextWindow: number;
}

export const AssistantMessage = memo(function AssistantMessage({
  message,
  live,
  keepReasoningExpanded,
  isLast,
  canRegenerate,
  onRegenerate,
  contextWindow,
}: AssistantMessageProps) {
  const parts: MessagePart[] = live ? live.parts : message.parts;
  const reasoningEnded = live ? live.reasoningEnded : (message.reasoningEnded ?? false);
  const reasoningMs = live ? live.reasoningMs : message.reasoningMs;
  const trimmed = live ? live.trimmedMessages : (message.trimmedMessages ?? 0);
  const reasoning = partText(parts, 'reasoning');
  const answer = partText(parts, 'answer');
  const streaming = live !== null;
  const thinking = streaming && !reasoningEnded && answer === '';
  const status = streaming ? 'streaming' : message.status;

  return (
    <article
      className={`msg msg--assistant msg--${status}`}
      aria-label="Answer"
      data-role="assistant"
      data-status={status}
      data-id={message.id}
    >
      {trimmed > 0 && (
        <p className="msg__note" role="note">
          {trimmed} earlier {trimmed === 1 ? 'message was' : 'messages were'} left out to fit the context window (
          {contextWindow} tokens).
        </p>
      )}
      {(reasoning !== '' || thinking) && (
        <ReasoningPanel
          text={reasoning}
          thinking={thinking}
          ended={reasoningEnded}
          reasoningMs={reasoningMs}
          cutOff={!streaming && !reasoningEnded && message.status !== 'done'}
          keepExpanded={keepReasoningExpanded}
        />
      )}
      {answer !== '' && (
        <div className="answer" data-part="answer">
          <Markdown text={answer} />
        </div>
      )}
      {streaming && reasoning === '' && answer === '' && <p className="muted pending">Reading the conversation…</p>}
      {/* For screen readers: the phase, not every token. */}
      <p className="visually-hidden" role="status">
        {streaming ? (thinking ? 'The model is thinking.' : answer !== '' ? 'The model is answering.' : '') : ''}
      </p>
      {status === 'stopped' && <p className="msg__status">Stopped: this answer is incomplete.</p>}
      {status === 'done' && message.endReason === 'max-tokens' && (
        <p className="msg__status">
          Cut off at the limit of {message.stats?.generatedTokens ?? 'the maximum'} new tokens: raise “Max new tokens” in
          Settings for longer answers.
        </p>
      )}
      {status === 'error' && (
        <div className="msg__status msg__status--error" role="alert">
          <p>{message.error?.message ?? 'The answer failed.'}</p>
          {message.error?.detail && (
            <details>
              <summary>Technical details</summary>
              <pre>{message.error.detail}</pre>
            </details>
          )}
        </div>
      )}
      {!streaming && message.stats && (
        <p className="stats" data-testid="stats">
          {formatStats(message.stats)}
        </p>
      )}
      {!streaming && isLast && (
        <div className="msg__actions">
          <button type="button" className="link" disabled={!canRegenerate} onClick={onRegenerate}>
            Regenerate
          </button>
        </div>
      )}
    </article>
  );
});
