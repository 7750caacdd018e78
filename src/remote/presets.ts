/** Servers people run, with the address their OpenAI-compatible API has by default. */
export interface RemotePreset {
  id: string;
  label: string;
  baseURL: string;
  /** A model id to start from ('' = pick one from the server's list). */
  model: string;
  /** The server needs an API key. */
  needsKey: boolean;
}

export const REMOTE_PRESETS: readonly RemotePreset[] = [
  { id: 'vllm', label: 'vLLM or SGLang on this computer', baseURL: 'http://localhost:8000/v1', model: '', needsKey: false },
  { id: 'ollama', label: 'Ollama on this computer', baseURL: 'http://localhost:11434/v1', model: '', needsKey: false },
  { id: 'lmstudio', label: 'LM Studio on this computer', baseURL: 'http://localhost:1234/v1', model: '', needsKey: false },
  { id: 'deepseek', label: 'DeepSeek API (api.deepseek.com, needs a key)', baseURL: 'https://api.deepseek.com', model: 'deepseek-reasoner', needsKey: true },
];

/** The preset whose address this is, if any. */
export function presetOf(baseURL: string): RemotePreset | undefined {
  const url = baseURL.trim().replace(/\/+$/, '');
  return REMOTE_PRESETS.find((p) => p.baseURL === url);
}
