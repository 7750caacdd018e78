/** What a request leaves out (sampling defaults, context window, model name), changeable between requests. */
import type { SamplingSettings } from '../core/index.ts';
import type { LocalSettings } from './completions.ts';

export interface EngineSettingsPatch {
  contextWindow?: number;
  sampling?: Partial<SamplingSettings>;
  model?: string;
}

/** Settings with a patch applied. */
export function patchSettings(s: LocalSettings, patch: EngineSettingsPatch): LocalSettings {
  return {
    contextWindow: patch.contextWindow ?? s.contextWindow,
    sampling: { ...s.sampling, ...patch.sampling },
    model: patch.model ?? s.model,
  };
}
