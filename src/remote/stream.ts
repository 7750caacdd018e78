/**
 * A remote server's stream (the `openai` client's chunks) → the app's `ChatCompletionChunk`s: reasoning in
 * `delta.reasoning_content`, the answer in `delta.content`, and a last chunk with the finish reason, the
 * usage and the stats observed here. Stop (the caller's signal) ends the stream with `finish_reason:
 * 'abort'`; a connection that breaks after part of the answer throws `stream-cut` (the part that arrived
 * was already yielded, so it is kept).
 */
import { EngineFailure, errorText, type ChatCompletionChunk, type CompletionUsage, type FinishReason, type StopReason } from '../core/index.ts';
import { remoteFailure, streamCutError, type RemoteTarget } from './errors.ts';
import { RemoteRouter, type RawDelta, type Routed } from './route.ts';
import { ObservedStats } from './stats.ts';

/** The fields of a server's chunk this reads (a structural subset of the `openai` type, plus reasoning). */
export interface RawChunk {
  id?: string;
  created?: number;
  model?: string;
  choices?: { delta?: RawDelta | null; finish_reason?: string | null }[] | null;
  usage?: CompletionUsage | null;
}

export interface StreamContext {
  target: RemoteTarget;
  signal: AbortSignal | undefined;
  startInReasoning: boolean;
  startedAt: number;
  now: () => number;
}

/** The server's finish reasons in the app's terms (`content_filter`, `tool_calls` … end the answer: `stop`). */
export function finishOf(reason: string): FinishReason {
  return reason === 'length' ? 'length' : 'stop';
}

function endReasonOf(finish: FinishReason): StopReason {
  return finish === 'length' ? 'max-tokens' : finish === 'abort' ? 'stopped' : 'eos';
}

function isAbort(e: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (e instanceof Error && (e.name === 'AbortError' || e.name === 'APIUserAbortError'));
}

class ChunkMaker {
  id = 'remote';
  created = Math.floor(Date.now() / 1000);
  model: string;
  constructor(model: string) {
    this.model = model;
  }
  seen(raw: RawChunk): void {
    if (raw.id) this.id = raw.id;
    if (raw.created) this.created = raw.created;
    if (raw.model) this.model = raw.model;
  }
  delta(r: Routed, finish: FinishReason | null = null): ChatCompletionChunk {
    const delta: ChatCompletionChunk['choices'][number]['delta'] = {};
    if (r.reasoning) delta.reasoning_content = r.reasoning;
    if (r.text) delta.content = r.text;
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }
}

export async function* adaptStream(raw: AsyncIterable<RawChunk>, ctx: StreamContext): AsyncGenerator<ChatCompletionChunk> {
  const router = new RemoteRouter(ctx.startInReasoning);
  const stats = new ObservedStats(ctx.startedAt, ctx.now);
  const maker = new ChunkMaker(ctx.target.model);
  let finish: FinishReason | null = null;
  let usage: CompletionUsage | null = null;
  let broken: unknown = null;
  try {
    for await (const chunk of raw) {
      maker.seen(chunk);
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const routed = router.push(choice.delta ?? {});
      stats.piece(routed);
      if (routed.reasoning || routed.text) yield maker.delta(routed);
      if (choice.finish_reason) finish = finishOf(choice.finish_reason);
    }
  } catch (e) {
    if (isAbort(e, ctx.signal)) finish = 'abort';
    else if (stats.pieces === 0 && typeof (e as { status?: unknown }).status === 'number') throw remoteFailure(e, ctx.target, 'unreachable');
    else broken = e;
  }
  if (finish === null && !broken) {
    // The stream ended without saying how: stopped here, or the server went away between chunks.
    if (ctx.signal?.aborted) finish = 'abort';
    else broken = new Error('The stream ended without a finish reason.');
  }
  const tail = router.end();
  stats.piece(tail);
  if (broken) {
    if (tail.reasoning || tail.text) yield maker.delta(tail);
    throw new EngineFailure(streamCutError(ctx.target, errorText(broken), stats.pieces > 0));
  }
  const done = finish ?? 'abort';
  const last = maker.delta(tail, done);
  if (usage) last.usage = usage;
  last.local_r1 = { stats: stats.finish(usage), endReason: endReasonOf(done), trimmedMessages: 0 };
  yield last;
}
