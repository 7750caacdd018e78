/**
 * The engine as a library in Node: `LlmEngine` on onnxruntime-node (CPU), with the same
 * `chat.completions` surface as the browser's `createEngine`. See docs/api.md.
 *
 * ```ts
 * const engine = await createNodeEngine({ modelDir: '/abs/path/to/model', dtype: 'q4' });
 * const answer = await engine.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(answer.choices[0]?.message.reasoning_content, answer.choices[0]?.message.content);
 * ```
 */
import { env } from '@huggingface/transformers';
import type { ChatCompletionsApi, Dtype } from '../core/index.ts';
import { keptTurns } from '../engine/context.ts';
import { LlmEngine } from '../engine/llm.ts';
import { DEFAULT_SETTINGS, localCompletions, type AnswerRunner, type LocalSettings } from './completions.ts';
import { patchSettings, type EngineSettingsPatch } from './settings.ts';

export * from './chunks.ts';
export { localCompletions, DEFAULT_SETTINGS, type AnswerRunner, type LocalSettings } from './completions.ts';
export type * from '../core/chat-completions.ts';

export type NodeModel =
  /** An absolute folder with config.json, the tokenizer files and onnx/. */
  | { modelDir: string }
  /** A Hugging Face repo id (downloaded and cached by transformers.js). */
  | { hub: string; revision?: string };

export type NodeEngineOptions = NodeModel & { dtype?: Dtype; settings?: EngineSettingsPatch };

export interface NodeEngine {
  chat: { completions: ChatCompletionsApi };
  /** The loaded engine itself (KV cache, stats, tokenizer). */
  readonly llm: LlmEngine;
  /** The model's id as requests and chunks name it. */
  readonly model: string;
  readonly settings: LocalSettings;
  configure(patch: EngineSettingsPatch): void;
  /** Forget the KV cache (a new conversation). */
  reset(): Promise<void>;
  /** Token count of a conversation as the chat template renders it (for context checks). */
  countTokens(messages: Parameters<LlmEngine['promptIds']>[0]): number;
  unload(): Promise<void>;
}

/** Answers with `LlmEngine.generate`, then reads the history into the cache for the next turn (as the worker does). */
export function llmRunner(llm: LlmEngine): AnswerRunner {
  return {
    async run(turns, sampling, contextWindow, events) {
      const end = await llm.generate(turns, sampling, contextWindow, {
        onStart: (s) => events.start({ promptTokens: s.promptTokens, reusedTokens: s.reusedTokens, trimmedMessages: s.droppedMessages }),
        onToken: (t) => events.token(t.part, t.text),
      });
      void llm.prepareNextTurn([...keptTurns(turns, end.droppedMessages), { role: 'assistant', content: end.raw }]);
      return { reason: end.reason, stats: end.stats, trimmedMessages: end.droppedMessages };
    },
    stop: () => llm.stop(),
  };
}

export async function createNodeEngine(options: NodeEngineOptions): Promise<NodeEngine> {
  const local = 'modelDir' in options;
  env.allowLocalModels = local;
  env.allowRemoteModels = !local;
  const modelId = local ? options.modelDir : options.hub;
  const llm = await LlmEngine.load({
    modelId,
    device: 'cpu',
    dtype: options.dtype ?? 'q4',
    ...(!local && options.revision ? { revision: options.revision } : {}),
  });
  const name = local ? (modelId.split(/[\\/]/).filter(Boolean).at(-1) ?? 'local-r1') : modelId;
  let settings = patchSettings({ ...DEFAULT_SETTINGS, model: name }, options.settings ?? {});
  return {
    chat: { completions: localCompletions(llmRunner(llm), () => settings) },
    llm,
    get model() {
      return settings.model;
    },
    get settings() {
      return settings;
    },
    configure(patch) {
      settings = patchSettings(settings, patch);
    },
    reset: () => llm.reset(),
    countTokens: (messages) => llm.promptIds(messages).length,
    unload: () => llm.unload(),
  };
}
