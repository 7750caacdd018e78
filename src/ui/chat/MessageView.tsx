/** One message: a user question (editable) or an assistant answer (reasoning + answer + stats). */
import { memo, useEffect, useState } from 'react';
import { partText, reasoningOf } from '../../core/index.ts';
import type { ChatMessage } from '../../storage/chats/types.ts';
import { formatStats, num } from '../format.ts';
import { errorSentence } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import { Markdown } from '../markdown/LazyMarkdown.tsx';
import { CopyButton } from './CopyButton.tsx';
import { endNote, reasoningTitle } from './end-notes.ts';
import type { PanelMemory } from './list-window.ts';
import { ReasoningPanel } from './ReasoningPanel.tsx';

export interface UserMessageProps {
  message: ChatMessage;
  canEdit: boolean;
  onEdit: (seq: number, text: string) => Promise<boolean>;
  /** Told while the question is being edited (the windowed list keeps it in the page meanwhile). */
  onEditing?: (id: string, editing: boolean) => void;
}

export const UserMessage = memo(function UserMessage({ message, canEdit, onEdit, onEditing }: UserMessageProps) {
  const f = useFmt();
  const question = partText(message.parts, 'text');
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(question);
  useEffect(() => {
    if (!editing || !onEditing) return;
    onEditing(message.id, true);
    return () => onEditing(message.id, false);
  }, [editing, onEditing, message.id]);
  if (editing) {
    const save = async () => {
      if (await onEdit(message.seq, text)) setEditing(false);
    };
    return (
      <article className="msg msg--user msg--editing" aria-label={f.t('message.yourQuestionEditing')} data-role="user">
        <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
          {f.t('message.editYourQuestion')}
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
            {f.t('message.saveAndSend')}
          </button>
          <button
            type="button"
            onClick={() => {
              setText(question);
              setEditing(false);
            }}
          >
            {f.t('common.cancel')}
          </button>
          <span className="muted small">{f.t('message.editWarning')}</span>
        </div>
      </article>
    );
  }
  return (
    <article className="msg msg--user" aria-label={f.t('message.yourQuestion')} data-role="user">
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
          {f.t('message.edit')}
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
  /** Remembers the reasoning panel open or closed while the message is scrolled out of the page. */
  panels?: PanelMemory;
}

export const AssistantMessage = memo(function AssistantMessage({
  message,
  keepReasoningExpanded,
  isLast,
  canRegenerate,
  onRegenerate,
  contextWindow,
  panels,
}: AssistantMessageProps) {
  const f = useFmt();
  const reasoning = reasoningOf(message.parts);
  const answer = partText(message.parts, 'text');
  const status = message.status;
  const streaming = status === 'streaming';
  const thinking = streaming && reasoning?.state !== 'done' && answer === '';
  const trimmed = message.trimmedMessages ?? 0;

  return (
    <article className={`msg msg--assistant msg--${status}`} aria-label={f.t('message.answer')} data-role="assistant" data-status={status} data-id={message.id}>
      {trimmed > 0 && (
        <p className="msg__note" role="note">
          {f.t('message.trimmed', { count: trimmed, window: num(f, contextWindow) })}
        </p>
      )}
      {((reasoning && reasoning.text !== '') || thinking) && (
        <ReasoningPanel
          text={reasoning?.text ?? ''}
          thinking={thinking}
          ended={reasoning?.state === 'done'}
          title={reasoningTitle(f, message, thinking)}
          keepExpanded={keepReasoningExpanded}
          rememberedOpen={panels?.get(message.id)}
          onOpenChange={panels ? (open) => panels.set(message.id, open) : undefined}
        />
      )}
      {answer !== '' && (
        <div className="answer" data-part="answer" dir="auto">
          <Markdown text={answer} complete={!streaming} />
        </div>
      )}
      {streaming && !reasoning && answer === '' && <p className="muted pending">{f.t('message.reading')}</p>}
      {/* For screen readers: the phase, not every token. */}
      <p className="visually-hidden" role="status">
        {streaming ? (thinking ? f.t('message.srThinking') : answer !== '' ? f.t('message.srAnswering') : '') : ''}
      </p>
      <EndNotes message={message} />
      {!streaming && (isLast || answer !== '') && (
        <div className="msg__actions">
          {answer !== '' && <CopyButton text={answer} label={f.t('copy.answer')} />}
          {isLast && (
            <button type="button" className="link" disabled={!canRegenerate} onClick={onRegenerate}>
              {f.t('message.regenerate')}
            </button>
          )}
        </div>
      )}
    </article>
  );
});

/** How an answer ended (stopped, cut at a token limit, ended while thinking, failed) and its statistics. */
function EndNotes({ message }: { message: ChatMessage }) {
  const f = useFmt();
  const { status, error, stats, remote } = message;
  const note = endNote(f, message);
  return (
    <>
      {note !== null && <p className="msg__status">{note}</p>}
      {remote && (
        <p className="msg__remote small muted" data-testid="answer-remote">
          {f.t('model.remoteAnsweredBy', { who: message.model ? f.t('remote.modelOnHost', { model: message.model, host: remote }) : remote })}
        </p>
      )}
      {status === 'error' && (
        <div className="msg__status msg__status--error" role="alert">
          <p>{error ? errorSentence(f, error) : f.t('message.failed')}</p>
          {error?.detail && (
            <details>
              <summary>{f.t('common.technicalDetails')}</summary>
              <pre>{error.detail}</pre>
            </details>
          )}
        </div>
      )}
      {status !== 'streaming' && stats && (
        <p className="stats" data-testid="stats">
          {formatStats(f, stats)}
          {remote ? f.t('model.remoteStats') : ''}
        </p>
      )}
    </>
  );
}
