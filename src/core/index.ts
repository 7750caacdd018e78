/** The app's vocabulary (src/core): imported by every layer, imports nothing outside this folder. */
export * from './model.ts';
export * from './errors.ts';
export * from './generation.ts';
export * from './parts.ts';
export * from './diagnostics.ts';
export * from './units.ts';
export * from './chat-completions.ts';
