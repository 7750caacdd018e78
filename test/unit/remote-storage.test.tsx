/**
 * Leaving the device is never silent: an answer from a server is stored with the server's host, the
 * conversation is marked, the mark survives export and import, and the answer says so where it is shown.
 * Also the model panel's server form: what it accepts, and that a saved server choice loads nothing locally.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addMessage,
  conversationToJson,
  conversationToMarkdown,
  createConversation,
  DEFAULT_SETTINGS,
  getConversation,
  getMessages,
  importConversation,
  listConversations,
  openChatDb,
  parseConversationJson,
  sanitizeSettings,
  type ChatDB,
} from '../../src/storage/chats/index.ts';
import { AssistantMessage } from '../../src/ui/chat/MessageView.tsx';
import { applyPreset, configOf } from '../../src/ui/model/remote-form.ts';
import { startingPoint } from '../../src/ui/model/revisit.ts';

let db: ChatDB;
beforeEach(() => {
  db = openChatDb('test-remote', { indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(() => db.close());

async function remoteChat() {
  const conv = await createConversation(db);
  await addMessage(db, conv.id, { role: 'user', parts: [{ type: 'text', text: 'Hi', state: 'done' }], status: 'done' });
  await addMessage(db, conv.id, {
    role: 'assistant',
    parts: [{ type: 'text', text: 'Hello.', state: 'done' }],
    status: 'done',
    model: 'deepseek-reasoner',
    remote: 'api.deepseek.com',
  });
  return conv.id;
}

describe('answers from a server', () => {
  it('mark their conversation, and say where they came from when shown', async () => {
    const id = await remoteChat();
    expect((await getConversation(db, id))!.remote).toBe('api.deepseek.com');
    expect((await listConversations(db))[0]!.remote).toBe('api.deepseek.com');
    const answer = (await getMessages(db, id))[1]!;
    const html = renderToStaticMarkup(
      <AssistantMessage message={answer} keepReasoningExpanded={false} isLast={false} canRegenerate onRegenerate={() => undefined} contextWindow={4096} />,
    );
    expect(html.replace(/<[^>]+>/g, '')).toContain('Answered by deepseek-reasoner on api.deepseek.com, a server');
  });

  it('keep the mark through export (JSON and Markdown) and import', async () => {
    const id = await remoteChat();
    const conv = (await getConversation(db, id))!;
    const ms = await getMessages(db, id);
    expect(conversationToMarkdown(conv, ms)).toContain('## Assistant · deepseek-reasoner · via api.deepseek.com');
    const parsed = parseConversationJson(conversationToJson(conv, ms));
    if (!parsed.ok) throw new Error(parsed.error);
    const copy = await importConversation(db, parsed.value);
    expect(copy.remote).toBe('api.deepseek.com');
    expect((await getMessages(db, copy.id))[1]!.remote).toBe('api.deepseek.com');
  });

  it('a conversation answered only in the browser has no mark', async () => {
    const conv = await createConversation(db);
    await addMessage(db, conv.id, { role: 'assistant', parts: [{ type: 'text', text: 'Local.', state: 'done' }], status: 'done' });
    expect((await getConversation(db, conv.id))!.remote).toBeUndefined();
  });
});

describe('the server form', () => {
  it('needs an http(s) address and a model id; presets fill the address', () => {
    const f = { baseUrl: '', apiKey: '', model: 'm', thinkStart: 'auto' } as const;
    expect(configOf(f)).toMatchObject({ ok: false, error: expect.stringContaining('Type the server address') });
    expect(configOf({ ...f, baseUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: expect.stringContaining('http(s) URL') });
    expect(configOf({ ...f, baseUrl: 'http://localhost:8000/v1', model: ' ' })).toMatchObject({ ok: false, error: expect.stringContaining('model id') });
    expect(configOf({ ...f, baseUrl: ' http://gpu-box:8000/v1/ ', apiKey: ' k ', model: 'r1' })).toEqual({
      ok: true,
      host: 'gpu-box:8000',
      config: { baseURL: 'http://gpu-box:8000/v1', apiKey: 'k', model: 'r1' },
    });
    expect(configOf({ ...f, baseUrl: 'http://x/v1', thinkStart: 'reasoning' })).toMatchObject({ config: { startInReasoning: true } });
    expect(applyPreset({ ...f, apiKey: 'sk-1', model: '' }, 'deepseek')).toEqual({ ...f, baseUrl: 'https://api.deepseek.com', apiKey: 'sk-1', model: 'deepseek-reasoner' });
    expect(applyPreset({ ...f, model: 'x' }, 'ollama')).toEqual({ ...f, baseUrl: 'http://localhost:11434/v1', model: 'x' });
  });

  it('settings keep the server (a bad address is dropped), and a saved server choice loads no model by itself', () => {
    const s = sanitizeSettings({ ...DEFAULT_SETTINGS, modelKind: 'remote', remoteBaseUrl: 'http://localhost:11434/v1', remoteApiKey: 'sk', remoteModel: 'deepseek-r1:7b' });
    expect(s).toMatchObject({ modelKind: 'remote', remoteBaseUrl: 'http://localhost:11434/v1', remoteApiKey: 'sk', remoteModel: 'deepseek-r1:7b' });
    expect(sanitizeSettings({ remoteBaseUrl: 'file:///etc/passwd' }).remoteBaseUrl).toBe('');
    const demo = { kind: 'demo', customRepo: '', hubHost: '', device: 'wasm', dtype: 'q4' } as const;
    expect(startingPoint(s, demo, '')).toMatchObject({ choice: { kind: 'remote' }, autoLoad: false });
    // An address asking for a model still wins.
    expect(startingPoint(s, demo, '?model=local-r1/demo-tiny').choice.kind).toBe('demo');
  });
});
