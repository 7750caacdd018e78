/**
 * The app shell: top bar (name, views, status), and the views: Chat (model panel, sidebar,
 * conversation), Settings, Hardware and Storage (mount points in `shell/mounts.tsx`).
 */
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import type { AppSettings } from '../storage/chats/types.ts';
import { ChatView } from './chat/ChatView.tsx';
import { Sidebar } from './chat/Sidebar.tsx';
import { useChat } from './hooks/useChat.ts';
import { useEngine } from './hooks/useEngine.ts';
import { useSettings } from './hooks/useSettings.ts';
import { initialChoice, settingsFromChoice, sourceForChoice, type ModelChoice } from './model/choice.ts';
import { ModelPanel } from './model/ModelPanel.tsx';
import { SettingsView } from './settings/SettingsView.tsx';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { HardwareMount, StorageMount, UpdatePromptMount } from './shell/mounts.tsx';

export type View = 'chat' | 'settings' | 'hardware' | 'storage';

const VIEWS: { id: View; label: string }[] = [
  { id: 'chat', label: 'Chat' },
  { id: 'settings', label: 'Settings' },
  { id: 'hardware', label: 'Hardware' },
  { id: 'storage', label: 'Storage' },
];

/** The model picker's choice: from the saved settings and the URL, then what the user picks. */
function useModelChoice(
  settings: AppSettings,
  loaded: boolean,
  update: (patch: Partial<AppSettings>) => void,
  load: ReturnType<typeof useEngine>['load'],
) {
  const [choice, setChoice] = useState<ModelChoice | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);

  // The picker starts from the saved settings, overridden by URL parameters.
  useEffect(() => {
    if (loaded && choice === null) setChoice(initialChoice(settings, window.location.search));
  }, [loaded, choice, settings]);

  const onLoad = useCallback(async () => {
    if (!choice) return;
    const r = sourceForChoice(choice);
    if (!r.ok) {
      setChoiceError(r.error);
      return;
    }
    setChoiceError(null);
    update(settingsFromChoice(choice));
    await load(r.source, choice.device, choice.dtype, r.label);
  }, [choice, load, update]);

  const pick = useCallback((c: ModelChoice) => {
    setChoice(c);
    setChoiceError(null);
  }, []);

  return { choice, setChoice, choiceError, pick, onLoad };
}

function TopBar({ view, setView, sidebarOpen, setSidebarOpen }: {
  view: View;
  setView: (v: View) => void;
  sidebarOpen: boolean;
  setSidebarOpen: Dispatch<SetStateAction<boolean>>;
}) {
  return (
    <header className="topbar">
      <h1 className="brand">local-r1</h1>
      <nav className="views" aria-label="Views">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" className="views__tab" aria-current={view === v.id ? 'page' : undefined} onClick={() => setView(v.id)}>
            {v.label}
          </button>
        ))}
      </nav>
      {view === 'chat' && (
        <button type="button" className="sidebar-toggle" aria-expanded={sidebarOpen} aria-controls="sidebar" onClick={() => setSidebarOpen((x) => !x)}>
          Conversations
        </button>
      )}
    </header>
  );
}

export function App() {
  const { settings, loaded, saveState, update, reset } = useSettings();
  const { engine, state, load, unload } = useEngine();
  const { choice, setChoice, choiceError, pick, onLoad } = useModelChoice(settings, loaded, update, load);
  const [view, setView] = useState<View>('chat');
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const ready = state.status === 'ready';
  const chat = useChat({ engine, ready, settings, modelLabel: state.modelLabel });

  return (
    <div className="app">
      <TopBar view={view} setView={setView} sidebarOpen={sidebarOpen} setSidebarOpen={setSidebarOpen} />
      <main className="main">
        <div className="chat-layout" hidden={view !== 'chat'}>
          <div id="sidebar" className={`sidebar-wrap${sidebarOpen ? ' sidebar-wrap--open' : ''}`} onKeyDown={(e) => e.key === 'Escape' && setSidebarOpen(false)}>
            <Sidebar chat={chat} onNavigate={() => setSidebarOpen(false)} />
          </div>
          <div className="chat-column">
            {choice && (
              <ModelPanel choice={choice} onChoice={pick} engine={state} onLoad={() => void onLoad()} onUnload={() => void unload()} choiceError={choiceError} />
            )}
            <ErrorBoundary what="This conversation" resetKey={chat.activeId}>
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
  return (
    <>
      {view === 'hardware' && (
        <ErrorBoundary what="The hardware page" resetKey={view}>
          <HardwareMount engine={engine} />
        </ErrorBoundary>
      )}
      {view === 'storage' && (
        <ErrorBoundary what="The storage panel" resetKey={view}>
          <StorageMount engine={engine} />
        </ErrorBoundary>
      )}
    </>
  );
}
