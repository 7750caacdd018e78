/**
 * `npm run bench` flags → what to run. Pure (unit-tested in test/unit/bench-plan.test.ts).
 *
 * Shapes: `tiny` (the generator's tiny random model) and `r1-1.5b` (the real DeepSeek-R1-Distill-Qwen-1.5B
 * dimensions, random weights, q4f16 1.37 GB and q4 1.97 GB). Runtimes: `webgpu` and `wasm` (the app's
 * engine worker in Chromium) and `node` (the same engine in Node with onnxruntime-node, CPU: "native").
 */
import { parseArgs } from 'node:util';
import type { BenchmarkSpec, Dtype } from '../../src/core/index.ts';
import type { ChatBenchSpec } from './chat-benchmark.ts';

export type Shape = 'tiny' | 'r1-1.5b';
export type Runtime = 'webgpu' | 'wasm' | 'node';
export type Section = 'standard' | 'chat' | 'ui';

export const SHAPES: readonly Shape[] = ['tiny', 'r1-1.5b'];
export const RUNTIMES: readonly Runtime[] = ['webgpu', 'wasm', 'node'];
export const SECTIONS: readonly Section[] = ['standard', 'chat', 'ui'];
export const BENCH_DTYPES: readonly Dtype[] = ['q4f16', 'q4', 'q8'];

export interface BenchPlan {
  quick: boolean;
  shapes: Shape[];
  runtimes: Runtime[];
  dtypes: Dtype[];
  /** WASM thread counts: a row (and a fresh browser) per count. */
  wasmThreads: number[];
  sections: Section[];
  /** The standard benchmark per shape. */
  standard: Record<Shape, BenchmarkSpec>;
  /** The engine-vs-peer chat, and the shapes it runs on. */
  chat: ChatBenchSpec & { shapes: Shape[]; dtype: Dtype };
  /** Tokens of the long answer the UI streaming section renders. */
  uiTokens: number;
  /** GPU memory bandwidth in GB/s for the bandwidth bound (else looked up from the adapter). */
  bandwidthGBs: number | null;
  outDir: string;
  dist: string;
  /** Build the app and the bench page first even when they exist. */
  build: boolean;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--shapes tiny,r1-1.5b] [--runtimes webgpu,wasm,node]
         [--dtypes q4f16,q4,q8] [--threads 1,2] [--sections standard,chat,ui] [--runs N] [--chat-shapes tiny]
         [--ui-tokens N] [--bandwidth GBps] [--out bench-results] [--dist dist] [--build]

  --quick        CI: the tiny model only, short runs (about two minutes here)
  --shapes       model shapes (default: tiny,r1-1.5b; --quick: tiny)
  --runtimes     webgpu = the app's engine on WebGPU in Chromium (SwiftShader here), wasm = the same on
                 the CPU, node = the same engine in Node with onnxruntime-node (native CPU) (default: all)
  --dtypes       ONNX variants (default: q4f16,q4,q8; a model folder without the file gets a skipped row)
  --threads      WASM thread counts, one row each (default: 1 and min(cores, 4); the bench page is
                 cross-origin isolated, as the app under its service worker)
  --sections     standard = prefill/decode/TTFT/load over runs; chat = our engine vs the peer's way over a
                 multi-turn chat; ui = main-thread cost per token while the UI streams a long answer
  --runs N       measured runs of the standard benchmark (default: 3 tiny, 1 r1-1.5b; --quick: 3)
  --chat-shapes  shapes for the chat section (default: tiny; r1-1.5b on WASM takes many minutes)
  --ui-tokens N  length of the streamed answer (default 4000; --quick 600)
  --bandwidth    the GPU's memory bandwidth in GB/s, for the decode bound (default: looked up by adapter)
  --out DIR      where results go (default bench-results/, git-ignored)
  --dist DIR     the built app for the ui section (default dist/; built when missing)
  --build        build the app and the bench's page and worker (dist-bench/) even if they exist`;

function list<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T[], flag: string): T[] {
  if (value === undefined) return fallback;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
  if (bad.length) throw new Error(`${flag}: unknown ${bad.join(', ')} (choose from ${allowed.join(', ')})`);
  if (items.length === 0) throw new Error(`${flag}: give at least one of ${allowed.join(', ')}`);
  return items as T[];
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

function threadList(value: string | undefined, cores: number): number[] {
  if (value === undefined) return [...new Set([1, Math.max(1, Math.min(4, cores))])];
  return [...new Set(value.split(',').map((s) => positiveInt(s.trim(), '--threads')!))];
}

/** Parse the command line; throws an Error with a readable message on bad flags. */
export function parsePlan(argv: string[], cores = 2): BenchPlan {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      shapes: { type: 'string' },
      runtimes: { type: 'string' },
      dtypes: { type: 'string' },
      threads: { type: 'string' },
      sections: { type: 'string' },
      runs: { type: 'string' },
      'chat-shapes': { type: 'string' },
      'ui-tokens': { type: 'string' },
      bandwidth: { type: 'string' },
      out: { type: 'string', default: 'bench-results' },
      dist: { type: 'string', default: 'dist' },
      build: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const quick = values.quick;
  const runs = positiveInt(values.runs, '--runs');
  const bandwidth = values.bandwidth === undefined ? null : Number(values.bandwidth);
  if (bandwidth !== null && !(bandwidth > 0)) throw new Error(`--bandwidth must be a positive number of GB/s, got "${values.bandwidth}"`);
  const shapes = list(values.shapes, SHAPES, quick ? ['tiny'] : ['tiny', 'r1-1.5b'], '--shapes');
  const chatShapes = list(values['chat-shapes'], SHAPES, ['tiny'], '--chat-shapes').filter((s) => shapes.includes(s));
  return {
    quick,
    shapes,
    runtimes: list(values.runtimes, RUNTIMES, [...RUNTIMES], '--runtimes'),
    dtypes: list(values.dtypes, BENCH_DTYPES, [...BENCH_DTYPES], '--dtypes'),
    wasmThreads: threadList(values.threads, cores),
    sections: list(values.sections, SECTIONS, [...SECTIONS], '--sections'),
    standard: {
      tiny: quick
        ? { promptTokens: 32, newTokens: 16, runs: runs ?? 3, warmupRuns: 1 }
        : { promptTokens: 64, newTokens: 64, runs: runs ?? 3, warmupRuns: 1 },
      // The 1.5B model decodes at a few tokens per second on a CPU in the browser: short runs.
      'r1-1.5b': { promptTokens: 32, newTokens: 8, runs: runs ?? 1, warmupRuns: 0 },
    },
    chat: {
      mode: 'engine',
      turns: quick ? 3 : 5,
      answerTokens: quick ? 8 : 16,
      questionWords: quick ? 20 : 24,
      shapes: chatShapes,
      dtype: 'q4',
    },
    uiTokens: positiveInt(values['ui-tokens'], '--ui-tokens') ?? (quick ? 600 : 4000),
    bandwidthGBs: bandwidth,
    outDir: values.out,
    dist: values.dist,
    build: values.build,
  };
}

/** The generated model folder under models/ for a shape. */
export function modelName(shape: Shape): string {
  return shape === 'tiny' ? 'tiny-random' : 'r1-1.5b-random';
}
