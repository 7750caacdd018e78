/**
 * The "native" column of `npm run bench`: the app's own engine (`LlmEngine`, src/engine/llm.ts) and the
 * same benchmark code as the worker (src/diagnostics/run-benchmark.ts, chat-benchmark.ts), in Node with onnxruntime-node on the
 * CPU. Same model files, same prompt, same lengths: the difference to the Chromium rows is what the
 * browser costs.
 */
import { env } from '@huggingface/transformers';
import { runStandardBenchmark } from '../../src/diagnostics/run-benchmark.ts';
import { runChatBenchmark, type ChatBenchSpec, type ChatBenchTurn } from './chat-benchmark.ts';
import { LlmEngine } from '../../src/engine/llm.ts';
import type { BenchmarkRun, BenchmarkSpec, Dtype } from '../../src/core/index.ts';

let configured = false;
function configure(): void {
  if (configured) return;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.useFSCache = false;
  configured = true;
}

export interface NativeResult {
  loadMs: number;
  warmupMs: number;
  runs: BenchmarkRun[];
}

export async function nativeStandard(dir: string, dtype: Dtype, spec: BenchmarkSpec): Promise<NativeResult> {
  configure();
  const t0 = performance.now();
  const engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype });
  const loadMs = performance.now() - t0;
  try {
    const warmupMs = await engine.warmup();
    const runs = await runStandardBenchmark(engine, spec);
    return { loadMs, warmupMs, runs };
  } finally {
    await engine.unload();
  }
}

export async function nativeChat(dir: string, dtype: Dtype, spec: ChatBenchSpec): Promise<ChatBenchTurn[]> {
  configure();
  const engine = await LlmEngine.load({ modelId: dir, device: 'cpu', dtype });
  try {
    await engine.warmup();
    return await runChatBenchmark(engine, spec);
  } finally {
    await engine.unload();
  }
}
