/**
 * `LlmEngine.load`, except that in the browser (WebGPU or WASM) a single-file model of at least
 * `tuning.externalDataMinBytes` is given to ONNX Runtime as a small graph plus the file's own bytes as
 * external data, so the whole file is not copied into the 4 GiB wasm heap first (the real 1.97 GB q4 file
 * cannot be loaded otherwise). `report.split` says whether that happened (also when the load then failed).
 */
import { AutoConfig, env } from '@huggingface/transformers';
import type { ExternalDataInfo } from '../core/index.ts';
import { EXTERNAL_DATA_MIN_BYTES, maySplit, ModelFileSplitter, splitTarget, type ResponseCache } from './external-split.ts';
import { LlmEngine, type EngineLoadOptions, type EngineTuning } from './llm.ts';

export async function openEngine(
  opts: EngineLoadOptions,
  tuning: EngineTuning,
  report: { split: ExternalDataInfo | null },
): Promise<LlmEngine> {
  const minBytes = tuning.externalDataMinBytes ?? EXTERNAL_DATA_MIN_BYTES;
  const file = maySplit(opts.device, minBytes)
    ? splitTarget(opts.device, opts.dtype, minBytes, await AutoConfig.from_pretrained(opts.modelId, opts.revision ? { revision: opts.revision } : {}))
    : null;
  if (!file) return LlmEngine.load(opts, tuning);
  const splitter = new ModelFileSplitter(file, minBytes);
  const saved = { fetch: env.fetch, cache: env.customCache };
  env.fetch = splitter.wrapFetch(env.fetch);
  if (env.useCustomCache && env.customCache) env.customCache = splitter.wrapCache(env.customCache as ResponseCache);
  try {
    return await LlmEngine.load({ ...opts, sessionOptions: { ...opts.sessionOptions, externalData: splitter.externalData } }, tuning);
  } finally {
    report.split = splitter.info;
    // The session holds the weights now; the file's bytes can go.
    splitter.release();
    env.fetch = saved.fetch;
    env.customCache = saved.cache;
  }
}
