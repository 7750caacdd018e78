/**
 * generateModel(spec, outDir): writes a complete model folder in the real repo's layout:
 *   config.json, generation_config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json,
 *   onnx/model.onnx (fp32), onnx/model_q4.onnx, onnx/model_q4f16.onnx, onnx/model_quantized.onnx (q8),
 *   onnx/model_int8.onnx, onnx/model_uint8.onnx (+ .onnx_data when over protobuf's 2 GB).
 * The folder is built next to `outDir` and swapped in at the end, so readers never see a half-written model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PRESETS } from './presets.ts';
import { ALL_DTYPES, type GenerateResult, type GeneratedFile, type ModelSpec } from './types.ts';
import {
  buildSpecialTokensMap,
  buildTokenizerConfig,
  buildTokenizerJson,
  loadQwenVocab,
  runtimeTokenizer,
  trainBpe,
  zipfWordCounts,
  type BpeVocab,
} from './tokenizer.ts';
import { COMMON_WORDS, SAMPLE_TEXT } from './sample-text.ts';
import { validateScript } from './script.ts';
import { ASSISTANT_ID, EOS, EOS_ID } from './added-tokens.ts';
import { buildQwen2Model, layoutRows, rowOfId, type VocabLayout } from './qwen2-graph.ts';
import { makeScriptTables, type ScriptTables } from './script-state.ts';
import { PROTOBUF_LIMIT, writeOnnxModel } from './onnx-writer.ts';
import { ONNX_FILE, buildConfig, buildGenerationConfig } from './hf-files.ts';

export const GENERATOR_VERSION = '1.0.0';

export interface GenerateOptions {
  /** Extra files to write into the folder before it is swapped in (ensureModel's stamp). */
  extraFiles?: Record<string, string>;
  /** Progress lines (the CLI prints them). */
  log?: (line: string) => void;
  /**
   * Store weights in `onnx/<file>_data` even when the file would fit in protobuf's 2 GB (tests use it to check the
   * external-data layout on a tiny model). Files over the limit always use external data.
   */
  forceExternalData?: boolean;
}

export function normalizeSpec(spec: ModelSpec): ModelSpec {
  if (!(spec.preset in PRESETS)) throw new Error(`unknown preset "${spec.preset}" (tiny | r1-1.5b)`);
  if (!Array.isArray(spec.dtypes) || spec.dtypes.length === 0) throw new Error(`dtypes: give at least one of ${ALL_DTYPES.join(', ')}`);
  for (const d of spec.dtypes) if (!ALL_DTYPES.includes(d)) throw new Error(`unknown dtype "${d}" (${ALL_DTYPES.join(' | ')})`);
  const template = spec.template ?? 'r1';
  if (template !== 'r1' && template !== 'legacy') throw new Error(`unknown template "${String(template)}"`);
  const b = spec.behaviour;
  let behaviour: ModelSpec['behaviour'];
  if (b?.kind === 'scripted') {
    behaviour = { kind: 'scripted', script: validateScript(b.script), seed: b.seed ?? 0 };
  } else if (b?.kind === 'random') {
    if (!Number.isInteger(b.seed)) throw new Error('random behaviour needs an integer seed');
    behaviour = { kind: 'random', seed: b.seed };
  } else throw new Error('behaviour: { kind: "scripted", script } or { kind: "random", seed }');
  if (spec.perturb && behaviour.kind !== 'random') throw new Error('perturb applies to random models only');
  const dtypes = ALL_DTYPES.filter((d) => spec.dtypes.includes(d));
  return { preset: spec.preset, dtypes, behaviour, template, ...(spec.perturb ? { perturb: { seed: spec.perturb.seed } } : {}) };
}

export async function generateModel(specIn: ModelSpec, outDir: string, opts: GenerateOptions = {}): Promise<GenerateResult> {
  const t0 = performance.now();
  const spec = normalizeSpec(specIn);
  const log = opts.log ?? (() => {});
  const dims = PRESETS[spec.preset];
  const dir = path.resolve(outDir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  fs.mkdirSync(path.join(tmp, 'onnx'), { recursive: true });
  const files: GeneratedFile[] = [];
  const write = (rel: string, content: string | Uint8Array) => {
    fs.writeFileSync(path.join(tmp, rel), content);
    files.push({ path: rel, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length });
  };

  try {
    // Tokenizer
    const scriptTexts = spec.behaviour.kind === 'scripted' ? spec.behaviour.script.turns : [];
    let bpe: BpeVocab;
    if (dims.trainedVocab) bpe = trainBpe([SAMPLE_TEXT, ...scriptTexts], dims.maxMerges, zipfWordCounts(COMMON_WORDS));
    else bpe = loadQwenVocab();
    const tokJson = buildTokenizerJson(bpe);
    const tokConfig = buildTokenizerConfig(spec.template!);
    write('tokenizer.json', JSON.stringify(tokJson, null, dims.trainedVocab ? 2 : undefined));
    write('tokenizer_config.json', JSON.stringify(tokConfig, null, 2));
    write('special_tokens_map.json', JSON.stringify(buildSpecialTokensMap(), null, 2));
    const layout: VocabLayout = { nRegular: bpe.tokens.length, compact: dims.trainedVocab };
    log(`tokenizer: ${bpe.tokens.length} regular tokens, ${bpe.merges.length} merges`);

    // Behaviour
    let script: ScriptTables | undefined;
    if (spec.behaviour.kind === 'scripted') {
      const tok = runtimeTokenizer(tokJson, tokConfig);
      const turns = spec.behaviour.script.turns.map((text) => {
        const ids = tok.encode(text, { add_special_tokens: false }).ids;
        if (ids.includes(EOS_ID) || ids.includes(ASSISTANT_ID)) {
          throw new Error(`a script turn may not contain ${EOS} or <｜Assistant｜> (they end generation)`);
        }
        return [...ids, EOS_ID].map((id) => rowOfId(layout, id));
      });
      script = makeScriptTables(turns, spec.template === 'legacy' ? 0 : 2, layoutRows(layout));
      log(`script: ${turns.length} turn(s), ${turns.map((t) => t.length).join('+')} tokens (EOS included)`);
    }

    // ONNX files
    const external: string[] = [];
    for (const dtype of spec.dtypes) {
      const t1 = performance.now();
      const model = buildQwen2Model({
        dims,
        dtype,
        vocab: layout,
        seed: spec.behaviour.seed ?? 0,
        script,
        suppressIds: spec.behaviour.kind === 'random' ? [EOS_ID, ASSISTANT_ID] : undefined,
        perturb: spec.perturb,
        producerVersion: GENERATOR_VERSION,
        docString: `Synthetic DeepSeek-R1-Distill-Qwen (${spec.preset}, ${dtype}, ${spec.behaviour.kind}) by local-r1 modelgen`,
      });
      const weightBytes = model.graph.initializer.reduce((n, t) => n + t.byteLength, 0);
      const name = ONNX_FILE[dtype];
      const useExternal = opts.forceExternalData === true || weightBytes > PROTOBUF_LIMIT - (64 << 20);
      const res = writeOnnxModel(model, path.join(tmp, 'onnx', name), useExternal ? { externalData: `${name}_data` } : {});
      files.push({ path: `onnx/${name}`, bytes: res.bytes });
      if (useExternal) {
        files.push({ path: `onnx/${name}_data`, bytes: res.dataBytes });
        external.push(name);
      }
      log(`onnx/${name}: ${res.bytes + res.dataBytes} bytes in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    }

    write('config.json', JSON.stringify(buildConfig(spec, dims, external, { version: GENERATOR_VERSION, scriptTurns: script?.turns.length }), null, 2));
    write('generation_config.json', JSON.stringify(buildGenerationConfig(), null, 2));
    for (const [rel, content] of Object.entries(opts.extraFiles ?? {})) fs.writeFileSync(path.join(tmp, rel), content);
    swapIn(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { dir, files, ms: performance.now() - t0 };
}

/** Replaces `dir` by `tmp` with renames only (another process may be doing the same; the last one wins). */
function swapIn(tmp: string, dir: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(tmp, dir);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt > 5) throw e;
      const trash = `${dir}.old-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
      try {
        fs.renameSync(dir, trash);
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code !== 'ENOENT') throw e2;
      }
      fs.rmSync(trash, { recursive: true, force: true });
    }
  }
}
