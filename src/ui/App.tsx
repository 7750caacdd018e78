/**
 * The app shell: top bar (name, views, status), and the views: Chat (model panel, sidebar,
 * conversation), Settings, Hardware and Storage (mount points in `shell/mounts.tsx`).
 */
import { useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { ChatView } from './chat/ChatView.tsx';
import { Sidebar } from './chat/Sidebar.tsx';
import { useChat } from './hooks/useChat.ts';
import { useEngine } from './hooks/useEngine.ts';
import { useModelChoice } from './hooks/useModelChoice.ts';
import { useSettings } from './hooks/useSettings.ts';
import { ModelPanel } from './model/ModelPanel.tsx';
import { SettingsView } from './settings/SettingsView.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { useFmt, useLanguageSetting } from './i18n/react.ts';
import type { Key } from './i18n/types.ts';
import { HardwareMount, StorageMount, UpdatePromptMount } from './shell/mounts.tsx';

export type View = 'chat' | 'settings' | 'hardware' | 'storage';

const VIEWS: { id: View; label: Key }[] = [
  { id: 'chat', label: 'app.chat' },
  { id: 'settings', label: 'app.settings' },
  { id: 'hardware', label: 'app.hardware' },
  { id: 'storage', label: 'app.storage' },
];

function TopBar({ view, setView, sidebarOpen, onToggle, toggleRef, onKeyDown }: {
  view: View;
  setView: (v: View) => void;
  sidebarOpen: boolean;
  onToggle: () => void;
  toggleRef: RefObject<HTMLButtonElement | null>;
  onKeyDown: (e: KeyboardEvent) => void;
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
          {f.t('app.conversations')}
        </button>
      )}
    </header>
  );
}

export function App() {
  const { settings, loaded, saveState, update, reset } = useSettings();
  useLanguageSetting(settings.language, loaded);
  const f = useFmt();
  const engineHook = useEngine();
  const { engine, chatEngine, state, unload } = engineHook;
  const { choice, setChoice, choiceError, pick, onLoad, autoLoad } = useModelChoice(settings, loaded, update, engineHook);
  const [view, setView] = useState<View>('chat');
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  // Escape in the drawer or on its toggle closes the drawer; focus goes to the toggle, not the page.
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !sidebarOpen) return;
    setSidebarOpen(false);
    toggleRef.current?.focus();
  };
  const ready = state.status === 'ready';
  const chat = useChat({ engine: chatEngine, ready, settings, modelLabel: state.modelLabel });

  return (
    <div className="app">
      <TopBar
        view={view}
        setView={setView}
        sidebarOpen={sidebarOpen}
        onToggle={() => setSidebarOpen((x) => !x)}
        toggleRef={toggleRef}
        onKeyDown={closeOnEscape}
      />
      <main className="main">
        <div className="chat-layout" hidden={view !== 'chat'}>
          <div id="sidebar" className={`sidebar-wrap${sidebarOpen ? ' sidebar-wrap--open' : ''}`} onKeyDown={closeOnEscape}>
            <Sidebar chat={chat} onNavigate={() => setSidebarOpen(false)} />
          </div>
          <div className="chat-column">
            {choice && (
              <ModelPanel
                choice={choice}
                onChoice={pick}
                engine={state}
                autoLoad={autoLoad}
                onLoad={() => void onLoad()}
                onUnload={() => void unload()}
                choiceError={choiceError}
              />
            )}
            <ErrorBoundary what={f.t('app.thisConversation')} resetKey={chat.activeId}>
              <ChatView chat={chat} ready={ready} keepReasoningExpanded={settings.reasoningExpanded} contextWindow={settings.contextWindow} title={chat.title} />
            </ErrorBoundary>
          </div>
        </div>
        {view === 'settings' && (
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
        )}
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
