/** One message: a user question (editable) or an assistant answer (reasoning + answer + stats). */
import { memo, useState } from 'react';
import { partText, reasoningOf } from '../../core/index.ts';
import type { ChatMessage } from '../../storage/chats/types.ts';
import { formatStats } from '../format.ts';
import { Markdown } from '../markdown/Markdown.tsx';
import { CopyButton } from './CopyButton.tsx';
import { endNote, reasoningTitle } from './end-notes.ts';
import { ReasoningPanel } from './ReasoningPanel.tsx';

export interface UserMessageProps {
  message: ChatMessage;
  canEdit: boolean;
  onEdit: (seq: number, text: string) => Promise<boolean>;
}

export const UserMessage = memo(function UserMessage({ message, canEdit, onEdit }: UserMessageProps) {
  const question = partText(message.parts, 'text');
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(question);
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
          dir="auto"
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
              setText(question);
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
      <div className="msg__text" dir="auto">
        {question}
      </div>
      <div className="msg__actions">
        <button
          type="button"
          className="link"
          disabled={!canEdit}
          onClick={() => {
            setText(question);
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
  keepReasoningExpanded: boolean;
  isLast: boolean;
  canRegenerate: boolean;
  onRegenerate: () => void;
  contextWindow: number;
}

export const AssistantMessage = memo(function AssistantMessage({
  message,
  keepReasoningExpanded,
  isLast,
  canRegenerate,
  onRegenerate,
  contextWindow,
}: AssistantMessageProps) {
  const reasoning = reasoningOf(message.parts);
  const answer = partText(message.parts, 'text');
  const status = message.status;
  const streaming = status === 'streaming';
  const thinking = streaming && reasoning?.state !== 'done' && answer === '';
  const trimmed = message.trimmedMessages ?? 0;

  return (
    <article className={`msg msg--assistant msg--${status}`} aria-label="Answer" data-role="assistant" data-status={status} data-id={message.id}>
      {trimmed > 0 && (
        <p className="msg__note" role="note">
          {trimmed} earlier {trimmed === 1 ? 'message was' : 'messages were'} left out to fit the context window (
          {contextWindow} tokens).
        </p>
      )}
      {((reasoning && reasoning.text !== '') || thinking) && (
        <ReasoningPanel
          text={reasoning?.text ?? ''}
          thinking={thinking}
          ended={reasoning?.state === 'done'}
          title={reasoningTitle(message, thinking)}
          keepExpanded={keepReasoningExpanded}
        />
      )}
      {answer !== '' && (
        <div className="answer" data-part="answer" dir="auto">
          <Markdown text={answer} />
        </div>
      )}
      {streaming && !reasoning && answer === '' && <p className="muted pending">Reading the conversation…</p>}
      {/* For screen readers: the phase, not every token. */}
      <p className="visually-hidden" role="status">
        {streaming ? (thinking ? 'The model is thinking.' : answer !== '' ? 'The model is answering.' : '') : ''}
      </p>
      <EndNotes message={message} />
      {!streaming && (isLast || answer !== '') && (
        <div className="msg__actions">
          {answer !== '' && <CopyButton text={answer} label="Copy answer" what="answer" />}
          {isLast && (
            <button type="button" className="link" disabled={!canRegenerate} onClick={onRegenerate}>
              Regenerate
            </button>
          )}
        </div>
      )}
    </article>
  );
});

/** How an answer ended (stopped, cut at a token limit, ended while thinking, failed) and its statistics. */
function EndNotes({ message }: { message: ChatMessage }) {
  const { status, error, stats } = message;
  const note = endNote(message);
  return (
    <>
      {note !== null && <p className="msg__status">{note}</p>}
      {status === 'error' && (
        <div className="msg__status msg__status--error" role="alert">
          <p>{error?.message ?? 'The answer failed.'}</p>
          {error?.detail && (
            <details>
              <summary>Technical details</summary>
              <pre>{error.detail}</pre>
            </details>
          )}
        </div>
      )}
      {status !== 'streaming' && stats && (
        <p className="stats" data-testid="stats">
          {formatStats(stats)}
        </p>
      )}
    </>
  );
}
