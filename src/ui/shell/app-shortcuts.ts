/** What each keyboard shortcut does in the app: new chat, focus the message box, copy the last answer, stop, help. */
import { partText } from '../../core/index.ts';
import { useCopy, type CopyState } from '../chat/CopyButton.tsx';
import type { ChatController } from '../hooks/useChat.ts';
import { useShortcuts } from './useShortcuts.ts';

/** The composer's text box (src/ui/chat/Composer.tsx). */
export const COMPOSER_ID = 'composer-input';

function focusComposer(): void {
  // After the chat view is shown again (the next frame), the box is visible and focusable.
  requestAnimationFrame(() => document.getElementById(COMPOSER_ID)?.focus());
}

/** The last answer's text (its markdown), or null when there is none. */
export function lastAnswerText(chat: Pick<ChatController, 'messages'>): string | null {
  for (let i = chat.messages.length - 1; i >= 0; i--) {
    const m = chat.messages[i]!;
    if (m.role !== 'assistant') continue;
    const text = partText(m.parts, 'text');
    if (text !== '') return text;
  }
  return null;
}

/** Listens for the shortcuts; returns how the last "copy the last answer" went. */
export function useAppShortcuts(chat: ChatController, showChat: () => void, toggleHelp: () => void): CopyState {
  const { state, copy } = useCopy();
  useShortcuts(chat.busy, (action) => {
    switch (action) {
      case 'new-chat':
        showChat();
        void chat.newChat();
        focusComposer();
        return;
      case 'focus-input':
        showChat();
        focusComposer();
        return;
      case 'copy-answer': {
        const text = lastAnswerText(chat);
        if (text !== null) void copy(text);
        return;
      }
      case 'stop':
        chat.stop();
        return;
      case 'help':
        toggleHelp();
    }
  });
  return state;
}
