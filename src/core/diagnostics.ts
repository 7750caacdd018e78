/** The Hardware page's vocabulary: the standard benchmark and the GPU-vs-CPU correctness check. */
import type { AttentionPassLimit, Device, Dtype, ModelSource } from './model.ts';


/** The standard benchmark: fixed prompt, fixed lengths, greedy, EOS ignored. */
export interface BenchmarkSpec {
  /** Prompt length in tokens (a fixed passage cut to this length). */
  promptTokens: number;
  /** Tokens generated per run: exactly this many (EOS is ignored). */
  newTokens: number;
  /** Measured runs. */
  runs: number;
  /** Unmeasured runs first (shader compilation for these shapes, caches). */
  warmupRuns: number;
}

/** One measured run. */
export interface BenchmarkRun {
  promptTokens: number;
  newTokens: number;
  /** Start → first generated token (prefill of the prompt + the first step), ms. */
  ttftMs: number;
  /** When each generated token arrived, ms since the start (length `newTokens`). */
  tokenTimesMs: number[];
  totalMs: number;
}

/** What ran the benchmark (copied from the loaded model). */
export interface BenchmarkSubject {
  label: string;
  device: Device;
  dtype: Dtype;
  adapterName: string;
  loadMs: number;
  warmupMs: number;
}

/** The GPU correctness check: greedy on WebGPU, then both devices teacher-forced on that sequence. */
export interface LogitCheckSpec {
  /** Model for both runs (default: the loaded model). */
  source?: ModelSource;
  dtype: Dtype;
  /**
   * Model for the CPU run (default: `source`). A different model stands in for a GPU kernel that
   * computes the wrong function (how the tests make a "broken GPU" on a working one).
   */
  referenceSource?: ModelSource;
  prompt: string;
  newTokens: number;
}

/** Per-position comparison of two runs' logits (src/diagnostics/correctness.ts computes it). */
export interface LogitComparison {
  positions: number;
  /** Positions where both pick the same top-1 token. */
  agreeing: number;
  agreement: number;
  /** Largest |Δlogit| (Infinity when a NaN/∞ appeared on one side). */
  maxAbsDiff: number;
  meanMaxAbsDiff: number;
  nonFinitePositions: number;
  /** First disagreeing position, -1 when none. */
  firstDisagreement: number;
}

export interface LogitCheckResult {
  dtype: Dtype;
  adapterName: string;
  promptTokens: number;
  /** The answer: prompt read as the engine reads it, then the answer's tokens one at a time (decode). */
  comparison: LogitComparison;
  /** A long prompt (`longPromptTokens`) read in the engine's prefill chunks (`prefillChunk` tokens per pass). */
  longPrompt: LogitComparison;
  longPromptTokens: number;
  prefillChunk: number;
  /** The CPU run used a different model (`referenceSource`): a simulated broken GPU. */
  simulated: boolean;
  /** The GPU engine's pass limit, when it has one (the long prompt was read in passes of at most that many tokens). */
  attentionPassLimit?: AttentionPassLimit;
  gpuMs: number;
  cpuMs: number;
}

