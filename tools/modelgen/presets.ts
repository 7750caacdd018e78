/**
 * Model dimensions per preset. `r1-1.5b` is DeepSeek-R1-Distill-Qwen-1.5B exactly (config.json of the real repo).
 * `tiny` keeps the same structure (GQA 2:1, head_dim 16, SwiGLU, RoPE) at toy sizes; its position limit is 8192
 * (the real 131072 would make the cos/sin caches alone 8 MB) and its vocabulary is a small trained BPE.
 */
import type { PresetName } from './types.ts';

export interface PresetDims {
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  intermediate: number;
  maxPositions: number;
  ropeTheta: number;
  rmsEps: number;
  /** `true`: the tokenizer is trained at generation time and the lm_head only covers the ids in use. */
  trainedVocab: boolean;
  /** Merges to learn for a trained vocabulary. */
  maxMerges: number;
  /** config.json `max_window_layers` (informational). */
  maxWindowLayers: number;
}

export const PRESETS: Record<PresetName, PresetDims> = {
  tiny: {
    hidden: 64,
    layers: 2,
    heads: 4,
    kvHeads: 2,
    headDim: 16,
    intermediate: 128,
    maxPositions: 8192,
    ropeTheta: 10000,
    rmsEps: 1e-6,
    trainedVocab: true,
    maxMerges: 1500,
    maxWindowLayers: 2,
  },
  'r1-1.5b': {
    hidden: 1536,
    layers: 28,
    heads: 12,
    kvHeads: 2,
    headDim: 128,
    intermediate: 8960,
    maxPositions: 131072,
    ropeTheta: 10000,
    rmsEps: 1e-6,
    trainedVocab: false,
    maxMerges: 0,
    maxWindowLayers: 21,
  },
};
