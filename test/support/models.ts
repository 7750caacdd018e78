/**
 * Synthetic models for tests (Vitest, Playwright global setup, benchmarks).
 *
 *   const dir = await ensureModel('tiny-scripted', TINY_SCRIPTED);   // absolute path of models/tiny-scripted
 *
 * A model is regenerated only when its spec or the generator's source changed (a stamp file in the folder),
 * and concurrent callers are safe (each writes a temp folder and renames it into place). Tiny models take
 * well under a second.
 */
import path from 'node:path';
import { ensureGenerated, loadScript, type ModelSpec } from '../../tools/modelgen/index.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const MODELS_DIR = path.join(REPO_ROOT, 'models');
export const SCRIPTS_DIR = path.join(MODELS_DIR, 'scripts');

/** Generates `models/<name>` from `spec` unless it is already up to date; returns its absolute path. */
export async function ensureModel(name: string, spec: ModelSpec): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`model name "${name}" must be a plain folder name`);
  const { dir } = await ensureGenerated(spec, path.join(MODELS_DIR, name));
  return dir;
}

const script = (file: string) => loadScript(path.join(SCRIPTS_DIR, file));

/** A short R1 answer: reasoning, `</think>`, markdown and `\[ \boxed{4} \]` LaTeX (models/scripts/tiny-scripted.json). */
export const TINY_SCRIPTED: ModelSpec = {
  preset: 'tiny',
  dtypes: ['fp32', 'q4', 'q4f16', 'q8'],
  behaviour: { kind: 'scripted', script: script('tiny-scripted.json') },
};

/** Three distinct turns, chosen by the number of `<｜User｜>` tokens in the prompt (models/scripts/tiny-multi-turn.json). */
export const TINY_MULTI_TURN: ModelSpec = {
  preset: 'tiny',
  dtypes: ['fp32', 'q4', 'q4f16', 'q8'],
  behaviour: { kind: 'scripted', script: script('tiny-multi-turn.json') },
};

/** The pre-`<think>\n` chat template; the script itself starts with `<think>` (models/scripts/tiny-legacy.json). */
export const TINY_LEGACY: ModelSpec = {
  preset: 'tiny',
  dtypes: ['fp32', 'q4', 'q4f16', 'q8'],
  template: 'legacy',
  behaviour: { kind: 'scripted', script: script('tiny-legacy.json') },
};

/** Seeded random weights, EOS suppressed: `generate` always runs exactly `max_new_tokens`. */
export const TINY_RANDOM: ModelSpec = {
  preset: 'tiny',
  dtypes: ['fp32', 'q4', 'q4f16', 'q8'],
  behaviour: { kind: 'random', seed: 1 },
};

/** TINY_RANDOM with its lm_head perturbed: top-1 differs from TINY_RANDOM most of the time. */
export const TINY_RANDOM_PERTURBED: ModelSpec = { ...TINY_RANDOM, perturb: { seed: 7 } };

/** The first (or only) turn's text of a scripted spec. */
export function scriptText(spec: ModelSpec, turn = 1): string {
  if (spec.behaviour.kind !== 'scripted') throw new Error('not a scripted spec');
  const turns = spec.behaviour.script.turns;
  return turns[Math.min(turn, turns.length) - 1]!;
}
