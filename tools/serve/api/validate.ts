/**
 * A `POST /v1/chat/completions` body checked field by field. Fields the server does not use (`n`, `stop`,
 * `user`, `frequency_penalty`, tools …) are ignored, as OpenAI-compatible servers commonly do; a field it
 * uses with the wrong type, a role other than system/developer/user/assistant, or an empty message list
 * is a 400 naming the field.
 */
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from '../../../src/core/index.ts';
import { badRequest } from './errors.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function numberIn(body: Json, key: string, min: number, max: number, integer = false): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw badRequest(`'${key}' must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}.`, key, 'invalid_type');
  }
  return v;
}

/** A message's text: a string, or OpenAI's list of `{ type: 'text', text }` parts. */
function textOf(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part, j) => {
        if (isObject(part) && part.type === 'text' && typeof part.text === 'string') return part.text;
        throw badRequest(`${param}[${j}]: only text content parts are supported.`, `${param}[${j}]`, 'invalid_type');
      })
      .join('');
  }
  throw badRequest(`${param} must be a string or a list of text parts.`, param, 'invalid_type');
}

function messageOf(m: unknown, i: number): ChatCompletionMessageParam {
  const param = `messages[${i}]`;
  if (!isObject(m)) throw badRequest(`${param} must be an object with a role and content.`, param, 'invalid_type');
  const role = m.role === 'developer' ? 'system' : m.role;
  if (role !== 'system' && role !== 'user' && role !== 'assistant') {
    throw badRequest(`${param}.role must be one of system, developer, user, assistant (got ${JSON.stringify(m.role) ?? 'nothing'}).`, `${param}.role`, 'invalid_value');
  }
  const content = textOf(m.content ?? (role === 'assistant' ? '' : undefined), `${param}.content`);
  const reasoning = m.reasoning_content;
  if (reasoning !== undefined && reasoning !== null && typeof reasoning !== 'string') {
    throw badRequest(`${param}.reasoning_content must be a string.`, `${param}.reasoning_content`, 'invalid_type');
  }
  return role === 'assistant' && typeof reasoning === 'string' ? { role, content, reasoning_content: reasoning } : { role, content };
}

/** The request as the engine takes it, or a 400. */
export function parseChatRequest(body: unknown): ChatCompletionCreateParams & { model?: string } {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.', null, 'invalid_type');
  const { messages, model, stream } = body;
  if (!Array.isArray(messages)) throw badRequest("'messages' must be a list of messages.", 'messages', 'invalid_type');
  if (messages.length === 0) throw badRequest("'messages' must not be empty.", 'messages', 'invalid_value');
  if (model !== undefined && typeof model !== 'string') throw badRequest("'model' must be a string.", 'model', 'invalid_type');
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') throw badRequest("'stream' must be true or false.", 'stream', 'invalid_type');
  const maxTokens = numberIn(body, 'max_completion_tokens', 1, 1 << 20, true) ?? numberIn(body, 'max_tokens', 1, 1 << 20, true);
  const params: ChatCompletionCreateParams & { model?: string } = {
    messages: messages.map(messageOf),
    stream: stream === true,
    temperature: numberIn(body, 'temperature', 0, 2) ?? null,
    top_p: numberIn(body, 'top_p', 0, 1) ?? null,
    max_tokens: maxTokens ?? null,
    seed: numberIn(body, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true) ?? null,
  };
  if (typeof model === 'string') params.model = model;
  return params;
}
