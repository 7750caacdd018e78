/**
 * The app shell: top bar (name, views, shortcuts help), and the views: Chat (model panel, sidebar,
 * conversation), Settings, Hardware and Storage (mount points in `shell/mounts.tsx`). Settings,
 * Hardware and Storage are loaded when first opened, so the first load carries only the chat.
 */
import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { ChatView } from './chat/ChatView.tsx';
import { Sidebar } from './chat/Sidebar.tsx';
import { useChat } from './hooks/useChat.ts';
import { useEngine } from './hooks/useEngine.ts';
import { useModelChoice } from './hooks/useModelChoice.ts';
import { useRemote } from './hooks/useRemote.ts';
import { useSettings } from './hooks/useSettings.ts';
import { ModelPanel } from './model/ModelPanel.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { HelpDialog } from './shell/HelpDialog.tsx';
import { HardwareMount, StorageMount, UpdatePromptMount, ViewLoading } from './shell/mounts.tsx';
import { useAppShortcuts } from './shell/app-shortcuts.ts';
import { CopyStatus } from './chat/CopyButton.tsx';
import { useFmt, useLanguageSetting } from './i18n/react.ts';
import type { Key } from './i18n/types.ts';
import { applyTheme } from './theme.ts';

const SettingsView = lazy(() => import('./settings/SettingsView.tsx').then((m) => ({ default: m.SettingsView })));

export type View = 'chat' | 'settings' | 'hardware' | 'storage';

const VIEWS: { id: View; label: Key }[] = [
  { id: 'chat', label: 'app.chat' },
  { id: 'settings', label: 'app.settings' },
  { id: 'hardware', label: 'app.hardware' },
  { id: 'storage', label: 'app.storage' },
];

function TopBar({ view, setView, sidebarOpen, onToggle, toggleRef, onKeyDown, onHelp }: {
  view: View;
  setView: (v: View) => void;
  sidebarOpen: boolean;
  onToggle: () => void;
  toggleRef: RefObject<HTMLButtonElement | null>;
  onKeyDown: (e: KeyboardEvent) => void;
  onHelp: () => void;
}) {
  const f = useFmt();
  return (
    <header className="topbar">
      <h1 className="brand">local-r1</h1>
      <nav className="views" aria-label={f.t('app.views')}>
        {VIEWS.map((v) => (
          <button key={v.id} type="button" className="views__tab" aria-current={view === v.id ? 'page' : undefined} onClick={() => setView(v.id)}>
            {f.t(v.label)}
          </button>
        ))}
      </nav>
      {view === 'chat' && (
        <button
          ref={toggleRef}
          type="button"
          className="sidebar-toggle"
          aria-expanded={sidebarOpen}
          aria-controls="sidebar"
          onClick={onToggle}
          onKeyDown={onKeyDown}
        >
          <span className="sidebar-toggle__icon" aria-hidden="true">
            ☰
          </span>
          <span className="sidebar-toggle__text">{f.t('app.conversations')}</span>
        </button>
      )}
      <button type="button" className="help-button" aria-label={f.t('shortcuts.title')} title={f.t('shortcuts.title')} onClick={onHelp}>
        ?
      </button>
    </header>
  );
}

/** The phone's conversation drawer: open or not, its toggle, and Escape closing it. */
function useDrawer() {
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  // Escape in the drawer or on its toggle closes the drawer; focus goes to the toggle, not the page.
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.shiftKey || !sidebarOpen) return;
    // Handled: the page's Escape shortcut (stop) leaves it alone.
    e.preventDefault();
    setSidebarOpen(false);
    toggleRef.current?.focus();
  };
  return { sidebarOpen, setSidebarOpen, toggleRef, closeOnEscape };
}

export function App() {
  const prefs = useSettings();
  const { settings, loaded, update } = prefs;
  useLanguageSetting(settings.language, loaded);
  const f = useFmt();
  const engineHook = useEngine();
  const { engine, chatEngine, state, unload, cancelPlanning } = engineHook;
  const { choice, setChoice, choiceError, pick, onLoad, autoLoad } = useModelChoice(settings, loaded, update, engineHook);
  const remote = useRemote(settings, loaded, update);
  const [view, setView] = useState<View>('chat');
  const { sidebarOpen, setSidebarOpen, toggleRef, closeOnEscape } = useDrawer();
  // A server in use answers instead of the model in the browser (which may stay loaded).
  const ready = state.status === 'ready' || remote.active !== null;
  const chat = useChat({ engine: chatEngine, ready: state.status === 'ready', settings, modelLabel: state.modelLabel, remote: remote.active });
  // The native dialog holds whether it is open (it also closes by itself, on Escape).
  const help = useRef<HTMLDialogElement>(null);
  const toggleHelp = () => {
    const d = help.current;
    if (d) d.open ? d.close() : d.showModal();
  };
  const copied = useAppShortcuts(chat, () => setView('chat'), toggleHelp);
  // The stored theme, once read (until then main.tsx applied the localStorage mirror).
  useEffect(() => {
    if (loaded) applyTheme(settings.theme);
  }, [loaded, settings.theme]);

  return (
    <div className="app">
      <TopBar
        view={view}
        setView={setView}
        sidebarOpen={sidebarOpen}
        onToggle={() => setSidebarOpen((x) => !x)}
        toggleRef={toggleRef}
        onKeyDown={closeOnEscape}
        onHelp={() => help.current?.showModal()}
      />
      <HelpDialog dialogRef={help} />
      <div className="app__copied">
        <CopyStatus state={copied} />
      </div>
      <main className="main">
        <div className="chat-layout" hidden={view !== 'chat'}>
          <div id="sidebar" className={`sidebar-wrap${sidebarOpen ? ' sidebar-wrap--open' : ''}`} onKeyDown={closeOnEscape}>
            <Sidebar chat={chat} onNavigate={() => setSidebarOpen(false)} />
          </div>
          {/* The model panel and the conversation appear together, once the settings are read: nothing shifts. */}
          <div className="chat-column">
            {choice && (
              <>
                <ModelPanel
                  choice={choice}
                  onChoice={pick}
                  engine={state}
                  autoLoad={autoLoad}
                  onLoad={() => void onLoad()}
                  onUnload={() => void unload()}
                  onCancelPlanning={cancelPlanning}
                  choiceError={choiceError}
                  remote={remote}
                />
                <ErrorBoundary what={f.t('app.thisConversation')} resetKey={chat.activeId}>
                  <ChatView chat={chat} ready={ready} keepReasoningExpanded={settings.reasoningExpanded} contextWindow={settings.contextWindow} title={chat.title} remoteHost={remote.active?.host ?? null} />
                </ErrorBoundary>
              </>
            )}
          </div>
        </div>
        {view === 'settings' && <SettingsMount prefs={prefs} setChoice={setChoice} />}
        <OtherViews view={view} engine={engine} />
      </main>
      <UpdatePromptMount engine={engine} />
    </div>
  );
}

function OtherViews({ view, engine }: { view: View; engine: ReturnType<typeof useEngine>['engine'] }) {
  const f = useFmt();
  return (
    <>
      {view === 'hardware' && (
        <ErrorBoundary what={f.t('app.theHardwarePage')} resetKey={view}>
          <HardwareMount engine={engine} />
        </ErrorBoundary>
      )}
      {view === 'storage' && (
        <ErrorBoundary what={f.t('app.theStoragePanel')} resetKey={view}>
          <StorageMount engine={engine} />
        </ErrorBoundary>
      )}
    </>
  );
}

/** The settings form (its own chunk); a changed hub address also goes into the model picker's choice. */
function SettingsMount({ prefs, setChoice }: { prefs: ReturnType<typeof useSettings>; setChoice: ReturnType<typeof useModelChoice>['setChoice'] }) {
  const { settings, saveState, update, reset } = prefs;
  return (
    <Suspense fallback={<ViewLoading />}>
      <SettingsView
        settings={settings}
        saveState={saveState}
        onChange={(patch) => {
          update(patch);
          // The hub address is also part of the model choice: keep the picker in step.
          if (patch.hubHost !== undefined) setChoice((c) => (c ? { ...c, hubHost: patch.hubHost! } : c));
        }}
        onReset={() => {
          reset();
          setChoice((c) => (c ? { ...c, hubHost: '' } : c));
        }}
      />
    </Suspense>
  );
}
