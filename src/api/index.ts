/**
 * The engine as a library, in OpenAI's `chat.completions` shape with DeepSeek's `reasoning_content`
 * (browser: the model runs in the engine worker). See docs/api.md.
 *
 * ```ts
 * const engine = createEngine();
 * await engine.load({ kind: 'hub', repo: 'onnx-community/DeepSeek-R1-Distill-Qwen-1.5B-ONNX' });
 * const stream = await engine.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }], stream: true });
 * for await (const chunk of stream) console.log(chunk.choices[0]?.delta);
 * ```
 */
import { EngineFailure, type ChatCompletionsApi, type DevicePreference, type DtypePreference, type LoadedModelInfo, type ModelSource } from '../core/index.ts';
import { EngineClient, type LoadHandlers } from '../worker/client.ts';
import { DEFAULT_SETTINGS, localCompletions, type AnswerRunner, type LocalSettings } from './completions.ts';
import { patchSettings, type EngineSettingsPatch } from './settings.ts';

export { patchSettings, type EngineSettingsPatch };

export * from './chunks.ts';
export { localCompletions, DEFAULT_SETTINGS, type AnswerRunner, type AnswerEvents, type AnswerEnd, type LocalSettings } from './completions.ts';
export type * from '../core/chat-completions.ts';

/** The part of `EngineClient` answers need (a fake in tests). */
export type GenerateClient = Pick<EngineClient, 'generate' | 'stop' | 'reset'>;

export interface LocalEngine {
  chat: { completions: ChatCompletionsApi };
  /** Loads a model in the worker (an engine made over a plain `GenerateClient` cannot). */
  load(source: ModelSource, device?: DevicePreference, dtype?: DtypePreference, handlers?: LoadHandlers): Promise<LoadedModelInfo>;
  /** Forget the KV cache (a new conversation). */
  reset(): void;
  configure(patch: EngineSettingsPatch): void;
  readonly settings: LocalSettings;
}

/** Answers through the worker's `generate`. */
export function clientRunner(client: GenerateClient): AnswerRunner {
  return {
    async run(turns, sampling, contextWindow, events) {
      let trimmedMessages = 0;
      const end = await client.generate(turns, sampling, contextWindow, {
        onStart: (m) => {
          trimmedMessages = m.trimmedMessages;
          events.start({ promptTokens: m.promptTokens, reusedTokens: m.reusedTokens, trimmedMessages });
        },
        onToken: (m) => events.token(m.part, m.text),
      });
      return { reason: end.reason, stats: end.stats, trimmedMessages };
    },
    stop: () => client.stop(),
  };
}

function canLoad(client: EngineClient | GenerateClient): client is EngineClient {
  return typeof (client as Partial<EngineClient>).load === 'function';
}

/**
 * The local engine over the engine worker: a new one (`new EngineClient()`), or the client the app
 * already holds (loaded or not).
 */
export function createEngine(options: { client?: EngineClient | GenerateClient; settings?: EngineSettingsPatch } = {}): LocalEngine {
  const client = options.client ?? new EngineClient();
  let settings = patchSettings(DEFAULT_SETTINGS, options.settings ?? {});
  return {
    chat: { completions: localCompletions(clientRunner(client), () => settings) },
    load(source, device = 'auto', dtype = 'auto', handlers = {}) {
      if (!canLoad(client)) return Promise.reject(new EngineFailure({ code: 'not-loaded', message: 'This engine cannot load models.' }));
      return client.load(source, device, dtype, handlers);
    },
    reset: () => client.reset(),
    configure(patch) {
      settings = patchSettings(settings, patch);
    },
    get settings() {
      return settings;
    },
  };
}
