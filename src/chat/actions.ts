/**
 * What the user does with the open conversation: send, regenerate, edit and resend, switch,
 * delete, import. Each checks what the user may do now and says why not (a hint notice).
 */
import { addMessage, createConversation, truncateFrom } from '../storage/chats/repo.ts';
import { importConversation, importSizeError, parseConversationJson } from '../storage/chats/export.ts';
import { textPart } from '../core/index.ts';
import type { NewMessage } from '../storage/chats/repo.ts';
import type { ChatNotice } from './ports.ts';
import type { ChatSession } from './session.ts';

/** Why a file was not imported: English, with the UI catalogue's key and values (as a `ChatNotice`). */
export type ImportProblem = Pick<ChatNotice, 'text' | 'key' | 'values'>;

const WAIT = { text: 'Wait for the answer to finish, or press Stop.', key: 'sessionNotices.wait' };
const NOT_LOADED = { text: 'Load a model first.', key: 'sessionNotices.notLoaded' };

/** A question as a message to store. */
function question(text: string): NewMessage {
  return { role: 'user', parts: [textPart(text)], status: 'done' };
}

export class SessionActions {
  private readonly s: ChatSession;

  constructor(session: ChatSession) {
    this.s = session;
  }

  /** Sends `text` as a new question in the open conversation (a new one if none is open). */
  async send(text: string): Promise<void> {
    const { events } = this.s.deps;
    if (text.trim() === '') return events.notice({ kind: 'hint', text: 'Type a question first.', key: 'sessionNotices.typeQuestion' });
    if (!this.s.config.ready) {
      return events.notice({ kind: 'hint', text: 'Load a model first: choose one above and press Load.', key: 'sessionNotices.loadFirst' });
    }
    if (this.s.generating) return events.notice({ kind: 'hint', ...WAIT });
    events.notice(null);
    await this.s.exclusive(async (release) => {
      const { db, list } = this.s.deps;
      let convId = this.s.getSnapshot().conversationId;
      const typedIn = convId;
      const created = convId === null;
      if (convId === null) {
        convId = (await createConversation(db)).id;
        this.s.show(convId, []);
      } else if (!(await this.s.stillThere(convId))) {
        return; // deleted in another tab: the text stays in the composer, for a new chat
      }
      const userMsg = await addMessage(db, convId, question(text));
      events.draft('');
      this.s.keepDraft('', typedIn);
      const history = [...(created ? [] : this.s.getSnapshot().messages), userMsg];
      this.s.show(convId, history);
      await list.refresh();
      await this.s.answer(convId, history, { fromSeq: userMsg.seq, draft: text, dropConversation: created }, release);
    });
  }

  /** Answers the last question again (replacing its answer). */
  async regenerate(): Promise<void> {
    const { conversationId: convId, messages } = this.s.getSnapshot();
    const last = messages.at(-1);
    if (!this.s.config.ready || this.s.generating || !convId || !last) return;
    await this.s.exclusive(async (release) => {
      if (!(await this.s.stillThere(convId))) return;
      const cut = last.role === 'assistant' ? last.seq : last.seq + 1;
      await truncateFrom(this.s.deps.db, convId, cut);
      const history = messages.filter((m) => m.seq < cut);
      this.s.show(convId, history);
      await this.s.answer(convId, history, { fromSeq: cut, draft: null, dropConversation: false }, release);
    });
  }

  /** Replaces the question at `seq` and everything after it, then answers the new question. */
  async editAndResend(seq: number, text: string): Promise<boolean> {
    const { events, db } = this.s.deps;
    if (text.trim() === '') {
      events.notice({ kind: 'hint', text: 'The question cannot be empty.', key: 'sessionNotices.emptyQuestion' });
      return false;
    }
    if (!this.s.config.ready || this.s.generating) {
      events.notice({ kind: 'hint', ...(this.s.config.ready ? WAIT : NOT_LOADED) });
      return false;
    }
    const convId = this.s.getSnapshot().conversationId;
    if (!convId) return false;
    await this.s.exclusive(async (release) => {
      if (!(await this.s.stillThere(convId))) return;
      await truncateFrom(db, convId, seq);
      const kept = this.s.getSnapshot().messages.filter((m) => m.seq < seq);
      const userMsg = await addMessage(db, convId, question(text));
      const history = [...kept, userMsg];
      this.s.show(convId, history);
      await this.s.answer(convId, history, { fromSeq: userMsg.seq, draft: text, dropConversation: false }, release);
    });
    return true;
  }

  /** Opens another conversation (null: a new chat), stopping and saving a running answer first. */
  async select(id: string | null): Promise<void> {
    if (id === this.s.getSnapshot().conversationId) return;
    await this.s.settle();
    this.s.deps.engine.reset(); // another conversation: the KV cache of this one is of no use
    await this.s.open(id);
  }

  /** Deletes a conversation (with undo); the open one is closed first. */
  async remove(id: string): Promise<void> {
    if (id === this.s.getSnapshot().conversationId) await this.select(null);
    await this.s.deps.list.remove(id);
  }

  /** Imports an exported conversation file and opens it; a file too large is refused unread. Returns the error to show, or null. */
  async importFile(file: { readonly size: number; text(): Promise<string> }): Promise<ImportProblem | null> {
    const tooLarge = importSizeError(file.size);
    return tooLarge ? { text: tooLarge, key: 'importErrors.tooLarge' } : this.importText(await file.text());
  }

  /** Imports an exported conversation and opens it. Returns the error to show, or null. */
  async importText(text: string): Promise<ImportProblem | null> {
    const parsed = parseConversationJson(text);
    if (!parsed.ok) return { text: parsed.error, key: parsed.key, ...(parsed.values ? { values: parsed.values } : {}) };
    await this.s.settle();
    const conv = await importConversation(this.s.deps.db, parsed.value);
    this.s.deps.engine.reset();
    await this.s.open(conv.id);
    await this.s.deps.list.refresh();
    return null;
  }
}
