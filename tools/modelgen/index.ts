/**
 * Synthetic DeepSeek-R1-Distill-Qwen models in the real onnx-community format (issue 3).
 *
 *   import { generateModel, type ModelSpec } from './index.ts';
 *   await generateModel({ preset: 'tiny', dtypes: ['q4'], behaviour: { kind: 'scripted', script } }, dir);
 */
export { generateModel, normalizeSpec, GENERATOR_VERSION, type GenerateOptions } from './generate.ts';
export { ensureGenerated, specHash, STAMP_FILE } from './ensure.ts';
export { loadScript, validateScript } from './script.ts';
export { PRESETS, type PresetDims } from './presets.ts';
export { ONNX_FILE } from './hf-files.ts';
export { R1_CHAT_TEMPLATE, LEGACY_CHAT_TEMPLATE } from './chat-template.ts';
export * from './added-tokens.ts';
export type {
  Behaviour,
  Dtype,
  GenerateResult,
  GeneratedFile,
  ModelSpec,
  Perturb,
  PresetName,
  Script,
  TemplateName,
} from './types.ts';
export { ALL_DTYPES } from './types.ts';
