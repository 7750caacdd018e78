/** The question box: Enter sends, Shift+Enter adds a line, Stop while an answer streams. */
import { useEffect, useRef } from 'react';
import type { ChatNotice } from '../hooks/useChat.ts';
import { noticeSentence } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';

export interface ComposerProps {
  value: string;
  onChange: (v: string) => void;
  onSend: () => void;
  onStop: () => void;
  ready: boolean;
  busy: boolean;
  notice: ChatNotice | null;
  placeholder: string;
}

export function Composer({ value, onChange, onSend, onStop, ready, busy, notice, placeholder }: ComposerProps) {
  const f = useFmt();
  const ref = useRef<HTMLTextAreaElement>(null);
  // Grow with the text up to a limit.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [value]);
  useEffect(() => {
    if (ready) ref.current?.focus();
  }, [ready]);

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      {notice && (
        <div className={`composer__notice composer__notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <p>{noticeSentence(f, notice)}</p>
          {notice.detail && (
            <details>
              <summary>{f.t('common.technicalDetails')}</summary>
              <pre>{notice.detail}</pre>
            </details>
          )}
        </div>
      )}
      <div className="composer__row">
        <label htmlFor="composer-input" className="visually-hidden">
          {f.t('composer.yourMessage')}
        </label>
        <textarea
          id="composer-input"
          ref={ref}
          rows={1}
          dir="auto"
          value={value}
          disabled={!ready}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              onSend();
            }
          }}
        />
        {busy ? (
          <button type="button" className="stop" onClick={onStop}>
            {f.t('composer.stop')}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!ready}>
            {f.t('composer.send')}
          </button>
        )}
      </div>
      <p className="composer__help muted small">{f.t('composer.help')}</p>
    </form>
  );
}
