/** Conversations: new chat, search, list (newest first), rename, delete with undo, import. */
import { useEffect, useRef, useState } from 'react';
import type { Conversation } from '../../storage/chats/types.ts';
import type { ChatController } from '../hooks/useChat.ts';
import type { ImportProblem } from '../../chat/actions.ts';
import { noticeSentence, titleText } from '../i18n/messages.ts';
import { useFmt } from '../i18n/react.ts';
import { focusAfterDelete } from './focus.ts';

/** The rename field in place of a conversation; Enter saves, Escape cancels (and only that). */
function RenameForm({ conv, title, setTitle, onSave, onDone }: {
  conv: Conversation;
  title: string;
  setTitle: (t: string) => void;
  onSave: () => void;
  onDone: () => void;
}) {
  const f = useFmt();
  return (
    <li className="conv conv--editing">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave();
          onDone();
        }}
      >
        <label className="visually-hidden" htmlFor={`rename-${conv.id}`}>
          {f.t('sidebar.newNameFor', { title: titleText(f, conv.title) })}
        </label>
        <input
          id={`rename-${conv.id}`}
          value={title}
          dir="auto"
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation(); // cancels the rename only, not the drawer around it
            onDone();
          }}
          autoFocus
        />
        <button type="submit">{f.t('common.save')}</button>
      </form>
    </li>
  );
}

function ConversationItem({
  conv,
  active,
  onOpen,
  onRename,
  onDelete,
  openRef,
}: {
  conv: Conversation;
  active: boolean;
  onOpen: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
  openRef: (el: HTMLButtonElement | null) => void;
}) {
  const f = useFmt();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(conv.title);
  const open = useRef<HTMLButtonElement | null>(null);
  const refocus = useRef(false);
  // Saved or cancelled: focus goes back to the conversation, not to the top of the page.
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    open.current?.focus();
  }, [editing]);
  const stopEditing = () => {
    refocus.current = true;
    setEditing(false);
  };
  if (editing) {
    return (
      <RenameForm conv={conv} title={title} setTitle={setTitle} onSave={() => onRename(title)} onDone={stopEditing} />
    );
  }
  return (
    <li className={`conv${active ? ' conv--active' : ''}`}>
      <button
        ref={(el) => {
          open.current = el;
          openRef(el);
        }}
        type="button"
        className="conv__open"
        aria-current={active ? 'page' : undefined} onClick={onOpen} title={titleText(f, conv.title)} dir="auto">
        {titleText(f, conv.title)}
      </button>
      {conv.remote && (
        <span className="conv__remote" data-testid="conv-remote" title={f.t('remote.viaTitle', { host: conv.remote })}>
          {f.t('remote.via', { host: conv.remote })}
        </span>
      )}
      <span className="conv__actions">
        <button
          type="button"
          className="icon"
          aria-label={f.t('sidebar.renameTitle', { title: titleText(f, conv.title) })}
          title={f.t('sidebar.rename')}
          onClick={() => {
            setTitle(conv.title);
            setEditing(true);
          }}
        >
          ✎
        </button>
        <button type="button" className="icon" aria-label={f.t('sidebar.deleteTitle', { title: titleText(f, conv.title) })} title={f.t('common.delete')} onClick={onDelete}>
          ✕
        </button>
      </span>
    </li>
  );
}

export function Sidebar({ chat, onNavigate }: { chat: ChatController; onNavigate?: () => void }) {
  const f = useFmt();
  const newChatRef = useRef<HTMLButtonElement>(null);
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  // A deleted conversation's button goes away: focus moves to the next one (or New chat), not to the page.
  const remove = async (id: string) => {
    const next = focusAfterDelete(
      chat.conversations.map((c) => c.id),
      id,
    );
    await chat.remove(id);
    ((next !== null && openButtons.current.get(next)) || newChatRef.current)?.focus();
  };
  return (
    <nav className="sidebar" aria-label={f.t('app.conversations')}>
      <button
        ref={newChatRef}
        type="button"
        className="primary sidebar__new"
        onClick={() => {
          void chat.newChat();
          onNavigate?.();
        }}
      >
        {f.t('sidebar.newChat')}
      </button>
      <label className="visually-hidden" htmlFor="conv-search">
        {f.t('sidebar.search')}
      </label>
      <input
        id="conv-search"
        type="search"
        placeholder={f.t('sidebar.search')}
        value={chat.query}
        onChange={(e) => chat.setQuery(e.target.value)}
      />
      {chat.undo && (
        <div className="undo" role="status">
          <span>{f.t('sidebar.deleted', { title: titleText(f, chat.undo.title) })}</span>
          <button type="button" onClick={() => void chat.undoRemove()}>
            {f.t('sidebar.undo')}
          </button>
        </div>
      )}
      <ul className="conv-list">
        {chat.conversations.map((c) => (
          <ConversationItem
            key={c.id}
            conv={c}
            active={c.id === chat.activeId}
            onOpen={() => {
              void chat.select(c.id);
              onNavigate?.();
            }}
            onRename={(t) => void chat.rename(c.id, t)}
            onDelete={() => void remove(c.id)}
            openRef={(el) => (el ? openButtons.current.set(c.id, el) : openButtons.current.delete(c.id))}
          />
        ))}
        {chat.conversations.length === 0 && (
          <li className="muted small conv-list__empty">{f.t(chat.query.trim() ? 'sidebar.noMatch' : 'sidebar.none')}</li>
        )}
      </ul>
      <ImportFooter importFile={chat.importFile} />
    </nav>
  );
}

/** Import JSON…, and why a file was refused. */
function ImportFooter({ importFile }: { importFile: ChatController['importFile'] }) {
  const f = useFmt();
  const fileRef = useRef<HTMLInputElement>(null);
  const [importError, setImportError] = useState<ImportProblem | null>(null);
  return (
    <div className="sidebar__footer">
      <button type="button" onClick={() => fileRef.current?.click()}>
        {f.t('sidebar.importJson')}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        aria-label={f.t('sidebar.importLabel')}
        tabIndex={-1}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (!file) return;
          setImportError(await importFile(file));
        }}
      />
      {importError && (
        <p className="error small" role="alert">
          {noticeSentence(f, importError)}
        </p>
      )}
    </div>
  );
}
