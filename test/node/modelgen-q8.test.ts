/**
 * The tiny 8-bit models (q8 = onnx/model_quantized.onnx, int8, uint8) loaded as the real ones are: transformers.js
 * 4.3.1 with `dtype: 'q8' | 'int8' | 'uint8'` on onnxruntime-node, and a plain greedy loop on onnxruntime-web's
 * WASM build in Node (the browser's WASM path).
 */
import fs from 'node:fs';
import path from 'node:path';
import pkg from 'onnx-proto';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForCausalLM, AutoTokenizer, Tensor, env, type PreTrainedModel, type PreTrainedTokenizer } from '@huggingface/transformers';
import { ensureModel, REPO_ROOT, scriptText, TINY_RANDOM, TINY_SCRIPTED } from '../support/models.ts';
import { EOS_ID, type ModelSpec } from '../../tools/modelgen/index.ts';

const { onnx } = pkg;
env.allowLocalModels = true;
env.allowRemoteModels = false;

const Q8_DTYPES = ['q8', 'int8', 'uint8'] as const;
const SCRIPTED_Q8: ModelSpec = { ...TINY_SCRIPTED, dtypes: [...Q8_DTYPES] };
const RANDOM_Q8: ModelSpec = { ...TINY_RANDOM, dtypes: ['fp32', 'q8', 'int8'] };
const QUESTION = [{ role: 'user', content: 'What is 2 + 2?' }];

const dirs: Record<'scripted' | 'random', string> = { scripted: '', random: '' };
beforeAll(async () => {
  dirs.scripted = await ensureModel('tiny-scripted-q8', SCRIPTED_Q8);
  dirs.random = await ensureModel('tiny-random-q8', RANDOM_Q8);
});

const ids1d = (t: Tensor): number[] => Array.from(t.data as BigInt64Array, Number);

function promptIds(tok: PreTrainedTokenizer, content = QUESTION[0]!.content): number[] {
  const enc = tok.apply_chat_template([{ role: 'user', content }], { add_generation_prompt: true, return_dict: true }) as { input_ids: Tensor };
  return ids1d(enc.input_ids);
}

async function greedy(model: PreTrainedModel, ids: number[], maxNew = 400): Promise<number[]> {
  const out = (await model.generate({
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
    attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
    max_new_tokens: maxNew,
    do_sample: false,
  })) as Tensor;
  return ids1d(out).slice(ids.length);
}

async function lastLogits(model: PreTrainedModel, ids: number[]): Promise<Float32Array[]> {
  const n = ids.length;
  const out = (await model.forward({
    input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
    attention_mask: new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    past_key_values: null,
  })) as { logits: Tensor };
  const data = out.logits.data as Float32Array;
  const V = out.logits.dims[2]!;
  return Array.from({ length: n }, (_, s) => data.subarray(s * V, (s + 1) * V));
}

const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

describe.each(Q8_DTYPES)('tiny scripted model, %s (transformers.js, onnxruntime-node)', (dtype) => {
  it('emits the script exactly with greedy decoding', async () => {
    const tok = await AutoTokenizer.from_pretrained(dirs.scripted);
    const model = await AutoModelForCausalLM.from_pretrained(dirs.scripted, { dtype });
    for (const content of [QUESTION[0]!.content, 'Tell me a long story about numbers. '.repeat(20)]) {
      const ids = await greedy(model, promptIds(tok, content));
      expect(ids.at(-1)).toBe(EOS_ID);
      expect(ids.filter((i) => i === EOS_ID)).toHaveLength(1);
      expect(tok.decode(ids, { skip_special_tokens: true })).toBe(scriptText(TINY_SCRIPTED));
    }
    await model.dispose();
  });
});

describe('tiny 8-bit files', () => {
  it('hold the real export’s operators and weight types', () => {
    const decode = (file: string) => onnx.ModelProto.decode(fs.readFileSync(path.join(dirs.scripted, 'onnx', file))).graph!;
    for (const [file, wType] of [['model_quantized.onnx', 2], ['model_uint8.onnx', 2], ['model_int8.onnx', 3]] as const) {
      const g = decode(file);
      const ops = new Set((g.node ?? []).map((n) => n.opType));
      for (const op of ['DynamicQuantizeLinear', 'MatMulInteger', 'DequantizeLinear', 'MultiHeadAttention', 'RotaryEmbedding']) expect(ops, file).toContain(op);
      expect(ops.has('MatMulNBits'), file).toBe(false);
      const init = new Map((g.initializer ?? []).map((t) => [t.name, t]));
      expect(init.get('lm_head.MatMul.weight_quantized')?.dataType, file).toBe(wType);
      expect(init.get('model.layers.1.mlp.down_proj.MatMul.weight_quantized')?.dataType, file).toBe(wType);
      expect(init.get('model.embed_tokens.weight_quantized')?.dataType, file).toBe(2);
      expect(init.has('lm_head.MatMul.weight'), file).toBe(false);
    }
  });
});

describe('tiny random model, 8-bit vs fp32', () => {
  it('computes nearly the fp32 function: same top-1 at most positions, and generate runs max_new_tokens', async () => {
    const tok = await AutoTokenizer.from_pretrained(dirs.random);
    const ref = await AutoModelForCausalLM.from_pretrained(dirs.random, { dtype: 'fp32' });
    const prompt = promptIds(tok, 'Compare the quantized model with the float one on a longer prompt, please.');
    const a = await lastLogits(ref, prompt);
    for (const dtype of ['q8', 'int8'] as const) {
      const model = await AutoModelForCausalLM.from_pretrained(dirs.random, { dtype });
      const b = await lastLogits(model, prompt);
      const same = a.filter((row, s) => argmax(row) === argmax(b[s]!)).length;
      let maxDelta = 0;
      for (let s = 0; s < a.length; s++) for (let v = 0; v < 151643; v++) maxDelta = Math.max(maxDelta, Math.abs(a[s]![v]! - b[s]![v]!));
      console.info(`[modelgen] ${dtype} vs fp32 (random tiny): top-1 agrees at ${same}/${a.length} positions, max |Δlogit| ${maxDelta.toFixed(3)}`);
      expect(same / a.length).toBeGreaterThan(0.8);
      expect(maxDelta).toBeLessThan(1);
      expect(await greedy(model, prompt, 24)).toHaveLength(24);
      await model.dispose();
    }
    await ref.dispose();
  });
});

describe('tiny scripted q8 on onnxruntime-web (WASM) in Node', () => {
  it('says the script with a plain greedy loop over the KV cache', async () => {
    ortWeb.env.wasm.numThreads = 1;
    ortWeb.env.wasm.wasmPaths = path.join(REPO_ROOT, 'node_modules/onnxruntime-web/dist/');
    const tok = await AutoTokenizer.from_pretrained(dirs.scripted);
    const session = await ortWeb.InferenceSession.create(new Uint8Array(fs.readFileSync(path.join(dirs.scripted, 'onnx/model_quantized.onnx'))));
    const i64 = (xs: number[]) => new ortWeb.Tensor('int64', BigInt64Array.from(xs, BigInt), [1, xs.length]);
    let past: Record<string, ortWeb.Tensor> = {};
    for (const m of session.inputMetadata) {
      if (m.isTensor && m.name.startsWith('past_key_values')) {
        past[m.name] = new ortWeb.Tensor('float32', new Float32Array(0), m.shape.map((d) => (typeof d === 'number' ? d : d === 'batch_size' ? 1 : 0)));
      }
    }
    const prompt = promptIds(tok);
    const seq = [...prompt];
    let feed = prompt;
    const out: number[] = [];
    while (out.length < 400 && out.at(-1) !== EOS_ID) {
      const res = await session.run({
        input_ids: i64(feed),
        attention_mask: i64(seq.map(() => 1)),
        position_ids: i64(feed.map((_, i) => seq.length - feed.length + i)),
        ...past,
      });
      const logits = res.logits!;
      const V = logits.dims[2]!;
      const next = argmax((logits.data as Float32Array).subarray((feed.length - 1) * V, feed.length * V));
      past = Object.fromEntries(Object.entries(res).filter(([k]) => k.startsWith('present')).map(([k, t]) => [k.replace('present', 'past_key_values'), t]));
      out.push(next);
      seq.push(next);
      feed = [next];
    }
    expect(out.at(-1)).toBe(EOS_ID);
    expect(tok.decode(out, { skip_special_tokens: true })).toBe(scriptText(TINY_SCRIPTED));
    await session.release();
  });
});
