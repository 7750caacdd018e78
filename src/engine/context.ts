/**
 * Fitting a conversation into the context window. Pure: token counting is injected (the engine
 * renders the chat template and tokenizes).
 *
 * history + new question + room for the answer must fit in `contextWindow`. The room kept for the
 * answer is `answerReserve = min(maxNewTokens, contextWindow / 2)`: with the defaults (max new tokens
 * 4096, context 4096) a literal "prompt + 4096 ≤ 4096" could never hold, and R1 needs space to think.
 * If it does not fit, the oldest turns are dropped (a user message together with the answers that
 * follow it) until it does; the caller shows that it happened. The answer may then use every token
 * left in the window, up to `maxNewTokens` (`maxNewTokens` in the result).
 * A question too long on its own is a `prompt-too-long` error (the UI keeps the text in the input
 * box); an empty question is `empty-prompt`.
 */
import type { ChatTurn, EngineError } from '../core/index.ts';

export type FitResult =
  | {
      ok: true;
      messages: ChatTurn[];
      droppedMessages: number;
      promptTokens: number;
      /** What to pass to generate: min(requested, window − prompt). */
      maxNewTokens: number;
    }
  | { ok: false; error: EngineError };

export type CountTokens = (messages: ChatTurn[]) => number;

export function validateConversation(messages: readonly ChatTurn[]): EngineError | null {
  const last = messages.at(-1);
  if (!last || last.role !== 'user' || last.content.trim() === '') {
    return { code: 'empty-prompt', message: 'Type a message first.', key: 'errors.empty-prompt' };
  }
  return null;
}

/** Indices where a turn starts (each user message), oldest first; index 0 is always a candidate. */
function turnStarts(messages: readonly ChatTurn[]): number[] {
  const starts = [0];
  for (let i = 1; i < messages.length; i++) if (messages[i]!.role === 'user') starts.push(i);
  return starts;
}

/**
 * `fitContext` with leading `system` turns kept: they are counted in every candidate and never
 * dropped; `droppedMessages` counts the dropped turns after them.
 */
export function fitContext(messages: readonly ChatTurn[], countTokens: CountTokens, maxNewTokens: number, contextWindow: number): FitResult {
  const system = leadingSystem(messages);
  if (system.length === 0) return fitTurns(messages, countTokens, maxNewTokens, contextWindow);
  const fit = fitTurns(messages.slice(system.length), (m) => countTokens([...system, ...m]), maxNewTokens, contextWindow);
  return fit.ok ? { ...fit, messages: [...system, ...fit.messages] } : fit;
}

function leadingSystem(messages: readonly ChatTurn[]): ChatTurn[] {
  const n = messages.findIndex((m) => m.role !== 'system');
  return messages.slice(0, n < 0 ? messages.length : n);
}

/** The turns a prompt kept after `droppedMessages` were left out (leading system turns stay). */
export function keptTurns(messages: readonly ChatTurn[], droppedMessages: number): ChatTurn[] {
  const system = leadingSystem(messages);
  return [...system, ...messages.slice(system.length + droppedMessages)];
}

function fitTurns(
  messages: readonly ChatTurn[],
  countTokens: CountTokens,
  maxNewTokens: number,
  contextWindow: number,
): FitResult {
  const invalid = validateConversation(messages);
  if (invalid) return { ok: false, error: invalid };

  const reserve = answerReserve(maxNewTokens, contextWindow);
  const fits = (n: number) => n + reserve <= contextWindow;
  const budget = (n: number) => Math.min(maxNewTokens, contextWindow - n);
  const all = countTokens([...messages]);
  if (fits(all)) {
    return { ok: true, messages: [...messages], droppedMessages: 0, promptTokens: all, maxNewTokens: budget(all) };
  }

  // Dropping more turns never adds tokens: binary-search the first turn start that fits.
  const starts = turnStarts(messages);
  let lo = 1; // starts[0] = keep everything: already known not to fit
  let hi = starts.length - 1; // the last start is the new question alone
  const counts = new Map<number, number>();
  const countFrom = (k: number) => {
    let c = counts.get(k);
    if (c === undefined) {
      c = countTokens(messages.slice(starts[k]));
      counts.set(k, c);
    }
    return c;
  };
  if (!fits(countFrom(hi))) {
    const alone = countFrom(hi);
    return {
      ok: false,
      error: {
        code: 'prompt-too-long',
        message:
          `Your message is about ${alone} tokens. With ${reserve} tokens kept for the answer it needs ` +
          `${alone + reserve}, more than the ${contextWindow}-token context window. ` +
          'Shorten the message, or raise the context window in the settings.',
        detail: `prompt ${alone} + answer reserve ${reserve} > context ${contextWindow}`,
        key: 'errors.promptTooLongCount',
        values: { tokens: alone, reserve, needed: alone + reserve, window: contextWindow },
      },
    };
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(countFrom(mid))) hi = mid;
    else lo = mid + 1;
  }
  const start = starts[lo]!;
  const promptTokens = countFrom(lo);
  return { ok: true, messages: messages.slice(start), droppedMessages: start, promptTokens, maxNewTokens: budget(promptTokens) };
}

/** Room kept for the answer when deciding what fits: min(max new tokens, half the window). */
export function answerReserve(maxNewTokens: number, contextWindow: number): number {
  return Math.max(1, Math.min(maxNewTokens, Math.floor(contextWindow / 2)));
}

export function trimmedNotice(droppedMessages: number, contextWindow: number): string {
  const what = droppedMessages === 1 ? '1 earlier message was' : `${droppedMessages} earlier messages were`;
  return `${what} left out so the conversation fits the ${contextWindow}-token context window.`;
}
