/** Remote OpenAI-compatible servers as a `ChatCompletionsApi` (imports `src/core` only). */
export * from './client.ts';
export * from './errors.ts';
export * from './presets.ts';
export * from './route.ts';
export * from './stats.ts';
export * from './stream.ts';
