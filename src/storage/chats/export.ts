/**
 * Export a conversation as Markdown (for reading) or JSON (for import back), and import JSON.
 * Reasoning is included in both, clearly marked. Pure except `importConversation`.
 *
 * The JSON format (version 1) keeps a question's text in `content` and an answer's parts in
 * `reasoning` / `answer` / `reasoningEnded` / `reasoningMs`; messages map to and from parts here.
 */
import { partText, reasoningOf, textPart, type GenerationStats } from '../../core/index.ts';
import type { ChatDB } from './db.ts';
import { NEW_CHAT_TITLE, newId } from './repo.ts';
import type { ChatMessage, Conversation, MessagePart, MessageStatus } from './types.ts';

export const EXPORT_FORMAT = 'local-r1-conversation';
export const EXPORT_VERSION = 1;
/** Larger files are refused before they are read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const TOO_LARGE = 'This file is too large to be a conversation export.';

/** Why a file of `bytes` bytes is refused before it is read, or null if its size is acceptable. */
export function importSizeError(bytes: number): string | null {
  return bytes > MAX_IMPORT_BYTES ? TOO_LARGE : null;
}

export interface ExportedMessage {
  role: 'user' | 'assistant';
  /** User messages: the question. */
  content?: string;
  /** Assistant messages: the model's reasoning (the `<think>` part), shown apart from the answer. */
  reasoning?: string;
  /** Assistant messages: the answer. */
  answer?: string;
  /** Whether the reasoning finished (`</think>` was produced). */
  reasoningEnded?: boolean;
  status: MessageStatus;
  reasoningMs?: number;
  stats?: GenerationStats;
  model?: string;
  /** The server (`host[:port]`) that wrote this answer; absent = the model in the browser. */
  remote?: string;
  createdAt: number;
}

export interface ExportedConversation {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messages: ExportedMessage[];
}

export function toExport(conv: Conversation, messages: readonly ChatMessage[], now = new Date()): ExportedConversation {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    title: conv.title,
    createdAt: conv.createdAt,
    updatedAt: conv.updatedAt,
    messages: messages.map(exportMessage),
  };
}

function exportMessage(m: ChatMessage): ExportedMessage {
  if (m.role === 'user') return { role: 'user', content: partText(m.parts, 'text'), status: m.status, createdAt: m.createdAt };
  const reasoning = reasoningOf(m.parts);
  const answer = partText(m.parts, 'text');
  const e: ExportedMessage = {
    role: 'assistant',
    reasoning: reasoning?.text ?? '',
    answer,
    reasoningEnded: reasoning ? reasoning.state === 'done' : answer !== '',
    status: m.status === 'streaming' ? 'stopped' : m.status,
    createdAt: m.createdAt,
  };
  if (reasoning?.durationMs !== undefined) e.reasoningMs = reasoning.durationMs;
  if (m.stats) e.stats = m.stats;
  if (m.model) e.model = m.model;
  if (m.remote) e.remote = m.remote;
  return e;
}

/** The parts of an exported message. */
function importedParts(m: ExportedMessage): MessagePart[] {
  if (m.role === 'user') return [textPart(m.content ?? '')];
  const parts: MessagePart[] = [];
  if (m.reasoning) {
    parts.push({
      type: 'reasoning',
      text: m.reasoning,
      state: m.reasoningEnded ? 'done' : 'cut',
      ...(m.reasoningMs !== undefined ? { durationMs: m.reasoningMs } : {}),
    });
  }
  if (m.answer) parts.push(textPart(m.answer));
  return parts;
}

export function conversationToJson(conv: Conversation, messages: readonly ChatMessage[], now = new Date()): string {
  return JSON.stringify(toExport(conv, messages, now), null, 2) + '\n';
}

function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((l) => (l.trim() === '' ? '>' : `> ${l}`))
    .join('\n');
}

export function conversationToMarkdown(
  conv: Conversation,
  messages: readonly ChatMessage[],
  now = new Date(),
): string {
  const out: string[] = [`# ${conv.title}`, '', `*Exported from local-r1 on ${now.toISOString()}.*`];
  for (const m of messages) {
    out.push('', '---', '');
    if (m.role === 'user') {
      out.push('## You', '', partText(m.parts, 'text').trim());
      continue;
    }
    const status = m.status === 'stopped' || m.status === 'streaming' ? ' (stopped: partial answer)' : m.status === 'error' ? ' (failed)' : '';
    out.push(`## Assistant${m.model ? ` · ${m.model}` : ''}${m.remote ? ` · via ${m.remote}` : ''}${status}`);
    const reasoning = reasoningOf(m.parts);
    if (reasoning && reasoning.text.trim() !== '') {
      const ms = reasoning.state === 'done' ? reasoning.durationMs : undefined;
      const secs = ms !== undefined ? ` (thought for ${(ms / 1000).toFixed(1)} s)` : '';
      out.push('', `> **Reasoning**${secs}`, '>', quote(reasoning.text));
    }
    const answer = partText(m.parts, 'text');
    if (answer.trim() !== '') out.push('', '**Answer:**', '', answer.trim());
    if (m.error) out.push('', `*Error: ${m.error.message}*`);
  }
  return out.join('\n') + '\n';
}

/** A file name from the title: letters, digits and dashes. */
export function exportFileName(conv: Conversation, ext: 'md' | 'json'): string {
  const slug = conv.title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return `${slug || 'conversation'}.${ext}`;
}

// ───────────────────────────── import ─────────────────────────────

/** Why an import is refused: English, with the UI catalogue's key (`importErrors.*`) and values. */
export interface ImportRefusal {
  ok: false;
  error: string;
  key: string;
  values?: Record<string, string | number>;
}
export type ParseResult = { ok: true; value: ExportedConversation } | ImportRefusal;

function refuse(error: string, key: string, values?: Record<string, string | number>): ImportRefusal {
  return values ? { ok: false, error, key: `importErrors.${key}`, values } : { ok: false, error, key: `importErrors.${key}` };
}

const STATUSES: readonly MessageStatus[] = ['done', 'streaming', 'stopped', 'error'];
const STAT_KEYS: readonly (keyof GenerationStats)[] = [
  'promptTokens',
  'reusedTokens',
  'prefillTokens',
  'generatedTokens',
  'reasoningTokens',
  'answerTokens',
  'timeToFirstTokenMs',
  'prefillTokensPerSec',
  'decodeTokensPerSec',
  'reasoningMs',
  'totalMs',
];

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function parseStats(v: unknown): GenerationStats | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, number> = {};
  for (const k of STAT_KEYS) {
    if (!finite(v[k])) return undefined;
    out[k] = v[k];
  }
  return out as unknown as GenerationStats;
}

/** Validates an exported conversation. Errors are sentences for the user. */
export function parseConversationJson(text: string): ParseResult {
  // Second line of defence: the file's size is checked before it is read (`importSizeError`).
  if (text.length > MAX_IMPORT_BYTES) return refuse(TOO_LARGE, 'tooLarge');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return refuse(`This file is not valid JSON (${(e as Error).message}).`, 'notJson', { reason: (e as Error).message });
  }
  if (!isObj(data) || data.format !== EXPORT_FORMAT) {
    return refuse('This file is not a local-r1 conversation export (its "format" field is missing or different).', 'notExport');
  }
  if (data.version !== EXPORT_VERSION) {
    return refuse(`This export has version ${String(data.version)}; this app reads version ${EXPORT_VERSION}.`, 'version', {
      version: String(data.version),
      supported: EXPORT_VERSION,
    });
  }
  if (!Array.isArray(data.messages)) return refuse('The export has no "messages" list.', 'noMessages');
  const messages: ExportedMessage[] = [];
  for (const [i, m] of data.messages.entries()) {
    const where = `Message ${i + 1}`;
    const n = i + 1;
    if (!isObj(m)) return refuse(`${where} is not an object.`, 'notObject', { n });
    const createdAt = finite(m.createdAt) ? m.createdAt : Date.now();
    const status = STATUSES.includes(m.status as MessageStatus) ? (m.status as MessageStatus) : 'done';
    if (m.role === 'user') {
      if (typeof m.content !== 'string') return refuse(`${where} (a question) has no text.`, 'noText', { n });
      messages.push({ role: 'user', content: m.content, status: 'done', createdAt });
    } else if (m.role === 'assistant') {
      const reasoning = m.reasoning ?? '';
      const answer = m.answer ?? '';
      if (typeof reasoning !== 'string' || typeof answer !== 'string') {
        return refuse(`${where} (an answer) has a "reasoning" or "answer" that is not text.`, 'notText', { n });
      }
      const e: ExportedMessage = {
        role: 'assistant',
        reasoning,
        answer,
        reasoningEnded: typeof m.reasoningEnded === 'boolean' ? m.reasoningEnded : answer !== '',
        status: status === 'streaming' ? 'stopped' : status,
        createdAt,
      };
      if (finite(m.reasoningMs)) e.reasoningMs = m.reasoningMs;
      const stats = parseStats(m.stats);
      if (stats) e.stats = stats;
      if (typeof m.model === 'string') e.model = m.model.slice(0, 200);
      if (typeof m.remote === 'string' && m.remote !== '') e.remote = m.remote.slice(0, 200);
      messages.push(e);
    } else {
      return refuse(`${where} has role ${JSON.stringify(m.role)}; expected "user" or "assistant".`, 'role', { n, role: JSON.stringify(m.role) ?? 'undefined' });
    }
  }
  const title = typeof data.title === 'string' && data.title.trim() !== '' ? data.title.trim().slice(0, 200) : NEW_CHAT_TITLE;
  const now = Date.now();
  return {
    ok: true,
    value: {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: typeof data.exportedAt === 'string' ? data.exportedAt : new Date(now).toISOString(),
      title,
      createdAt: finite(data.createdAt) ? data.createdAt : now,
      updatedAt: finite(data.updatedAt) ? data.updatedAt : now,
      messages,
    },
  };
}

/** Stores an imported conversation as a new one (new ids; it is listed as just updated). */
export async function importConversation(db: ChatDB, data: ExportedConversation, now = Date.now()): Promise<Conversation> {
  const conv: Conversation = { id: newId(), title: data.title, createdAt: data.createdAt, updatedAt: now };
  const remote = data.messages.findLast((m) => m.remote)?.remote;
  if (remote) conv.remote = remote;
  const rows: ChatMessage[] = data.messages.map((m, seq) => {
    const base = { id: newId(), conversationId: conv.id, seq, createdAt: m.createdAt, updatedAt: now };
    const row: ChatMessage = { ...base, role: m.role, parts: importedParts(m), status: m.role === 'user' ? 'done' : m.status };
    if (m.stats) row.stats = m.stats;
    if (m.model) row.model = m.model;
    if (m.remote) row.remote = m.remote;
    return row;
  });
  await db.transaction('rw', db.conversations, db.messages, async () => {
    await db.conversations.add(conv);
    await db.messages.bulkAdd(rows);
  });
  return conv;
}
