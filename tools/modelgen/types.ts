/**
 * Public types of the synthetic model generator (issue 3).
 * Everything here is plain data so specs can be hashed, stored and passed between processes.
 */

/**
 * The ONNX variants a model folder can hold (file names follow transformers.js: '', '_q4', '_q4f16', '_quantized',
 * '_int8', '_uint8'). The 8-bit ones are generated for measurements; the app's own `Dtype` does not list them yet.
 */
import type { Dtype as AppDtype } from '../../src/core/index.ts';
import type { Q8Dtype } from './q8.ts';

export type Dtype = Extract<AppDtype, 'fp32' | 'q4' | 'q4f16'> | Q8Dtype;

export const ALL_DTYPES: readonly Dtype[] = ['fp32', 'q4', 'q4f16', 'q8', 'int8', 'uint8'];

/** `tiny`: a few hundred KB per file, for tests. `r1-1.5b`: the real DeepSeek-R1-Distill-Qwen-1.5B dimensions. */
export type PresetName = 'tiny' | 'r1-1.5b';

/**
 * Which chat template goes into tokenizer_config.json.
 * - `r1`: the current official template; the generation prompt ends with `<｜Assistant｜><think>\n`.
 * - `legacy`: the template before DeepSeek's "add <think>" commit; the prompt ends with `<｜Assistant｜>`,
 *   so a scripted model must emit `<think>` itself (its script should start with `<think>`).
 */
export type TemplateName = 'r1' | 'legacy';

/**
 * What a scripted model says. `turns[k-1]` is the answer to the k-th user message, where k is the number of
 * `<｜User｜>` tokens in the whole context (clipped to the last turn). Text may contain the literal added
 * tokens `<think>` and `</think>`; `<｜end▁of▁sentence｜>` is appended to every turn automatically.
 */
export interface Script {
  turns: string[];
}

export type Behaviour =
  /** Greedy (and low-temperature sampled) decoding emits the script exactly. `seed` picks the weights (default 0). */
  | { kind: 'scripted'; script: Script; seed?: number }
  /** Seeded random weights, EOS (151643, 151645) suppressed: generation runs exactly `max_new_tokens`. */
  | { kind: 'random'; seed: number };

/**
 * Perturbation of a random model (for the hardware correctness check): the lm_head scales are rescaled and
 * sign-flipped per output row, so the top-1 token differs from the unperturbed model most of the time.
 */
export interface Perturb {
  seed: number;
}

export interface ModelSpec {
  preset: PresetName;
  dtypes: Dtype[];
  behaviour: Behaviour;
  /** Default `r1`. */
  template?: TemplateName;
  perturb?: Perturb;
}

/** What `generateModel` wrote. */
export interface GeneratedFile {
  /** Path relative to the model folder, with forward slashes (e.g. `onnx/model_q4.onnx`). */
  path: string;
  bytes: number;
}

export interface GenerateResult {
  dir: string;
  files: GeneratedFile[];
  ms: number;
}
