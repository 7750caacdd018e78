/**
 * Generated tiny models, loaded the way the app loads the real one: AutoTokenizer + AutoModelForCausalLM
 * (transformers.js 4.3.1, onnxruntime-node CPU), for every dtype.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  DynamicCache,
  Tensor,
  TextStreamer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import {
  ensureModel,
  scriptText,
  TINY_LEGACY,
  TINY_MULTI_TURN,
  TINY_RANDOM,
  TINY_RANDOM_PERTURBED,
  TINY_SCRIPTED,
} from '../support/models.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ASSISTANT_ID,
  BOS_ID,
  END_THINK_ID,
  EOS_ID,
  THINK_ID,
  USER_ID,
  generateModel,
  type Dtype,
} from '../../tools/modelgen/index.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;

const DTYPES: Dtype[] = ['fp32', 'q4', 'q4f16'];
type Msg = { role: 'user' | 'assistant' | 'system'; content: string };

const dirs: Record<string, string> = {};
beforeAll(async () => {
  dirs.scripted = await ensureModel('tiny-scripted', TINY_SCRIPTED);
  dirs.multi = await ensureModel('tiny-multi-turn', TINY_MULTI_TURN);
  dirs.legacy = await ensureModel('tiny-legacy', TINY_LEGACY);
  dirs.random = await ensureModel('tiny-random', TINY_RANDOM);
  dirs.perturbed = await ensureModel('tiny-random-perturbed', TINY_RANDOM_PERTURBED);
});

const loaded = new Map<string, { tok: PreTrainedTokenizer; model: PreTrainedModel }>();
async function load(which: string, dtype: Dtype) {
  const key = `${which}/${dtype}`;
  let hit = loaded.get(key);
  if (!hit) {
    const dir = dirs[which]!;
    hit = {
      tok: await AutoTokenizer.from_pretrained(dir),
      model: await AutoModelForCausalLM.from_pretrained(dir, { dtype }),
    };
    loaded.set(key, hit);
  }
  return hit;
}

const ids1d = (t: Tensor): number[] => Array.from(t.data as BigInt64Array, Number);
const idsTensor = (ids: number[]) => new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
const onesMask = (n: number) => new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);

function promptIds(tok: PreTrainedTokenizer, messages: Msg[]): number[] {
  const enc = tok.apply_chat_template(messages, { add_generation_prompt: true, return_dict: true }) as {
    input_ids: Tensor;
  };
  return ids1d(enc.input_ids);
}

/** Runs generate() and returns the new token ids. */
async function generateNew(
  model: PreTrainedModel,
  ids: number[],
  opts: Record<string, unknown> = {},
): Promise<{ ids: number[]; cache?: DynamicCache }> {
  const out = (await model.generate({
    input_ids: idsTensor(ids),
    attention_mask: onesMask(ids.length),
    max_new_tokens: 400,
    do_sample: false,
    ...opts,
  })) as Tensor | { sequences: Tensor; past_key_values: DynamicCache };
  const seq = out instanceof Tensor ? out : out.sequences;
  return { ids: ids1d(seq).slice(ids.length), cache: out instanceof Tensor ? undefined : out.past_key_values };
}

/** Expected output: the script's tokens then EOS. */
function expectScript(tok: PreTrainedTokenizer, newIds: number[], text: string) {
  expect(newIds.at(-1)).toBe(EOS_ID);
  expect(newIds.filter((i) => i === EOS_ID)).toHaveLength(1);
  expect(tok.decode(newIds, { skip_special_tokens: true })).toBe(text);
}

/** A cache holding the first `length` positions of `cache`. */
function cutCache(cache: DynamicCache, length: number): DynamicCache {
  const entries: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(cache)) {
    if (t instanceof Tensor) entries[name] = t.slice(null, null, [0, length], null);
  }
  return new DynamicCache(entries);
}

async function forward(model: PreTrainedModel, ids: number[], totalLength: number, cache?: DynamicCache) {
  const out = (await model.forward({
    input_ids: idsTensor(ids),
    attention_mask: onesMask(totalLength),
    past_key_values: cache ?? null,
  })) as Record<string, Tensor>;
  const entries: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(out)) if (name.startsWith('present')) entries[name.replace('present', 'past_key_values')] = t;
  return { logits: out.logits!.to('float32'), cache: new DynamicCache(entries) };
}

const QUESTION: Msg[] = [{ role: 'user', content: 'What is 2 + 2?' }];

describe.each(DTYPES)('tiny scripted model, %s', (dtype) => {
  it('renders the R1 chat template with exactly one BOS', async () => {
    const { tok } = await load('scripted', dtype);
    const ids = promptIds(tok, QUESTION);
    expect(tok.decode(ids)).toBe('<｜begin▁of▁sentence｜><｜User｜>What is 2 + 2?<｜Assistant｜><think>\n');
    expect(ids.filter((i) => i === BOS_ID)).toHaveLength(1);
    expect(ids[0]).toBe(BOS_ID);
    expect(ids.slice(-3, -1)).toEqual([ASSISTANT_ID, THINK_ID]);
  });

  it('emits the script exactly with greedy decoding, streamed text included', async () => {
    const { tok, model } = await load('scripted', dtype);
    let streamed = '';
    const streamer = new TextStreamer(tok, { skip_prompt: true, callback_function: (t: string) => (streamed += t) });
    const { ids } = await generateNew(model, promptIds(tok, QUESTION), { streamer });
    expectScript(tok, ids, scriptText(TINY_SCRIPTED));
    expect(ids).toContain(END_THINK_ID);
    expect(streamed).toBe(scriptText(TINY_SCRIPTED));
  });

  it('emits the script exactly when sampling at temperature 0.6 (top-k 50)', async () => {
    const { tok, model } = await load('scripted', dtype);
    for (let i = 0; i < 3; i++) {
      const { ids } = await generateNew(model, promptIds(tok, QUESTION), { do_sample: true, temperature: 0.6, top_k: 50 });
      expectScript(tok, ids, scriptText(TINY_SCRIPTED));
    }
  });

  it('does not depend on the prompt or its length, or on a system prompt', async () => {
    const { tok, model } = await load('scripted', dtype);
    const long = 'Tell me a long story about numbers. '.repeat(40);
    for (const messages of [
      [{ role: 'user', content: 'hi' }],
      [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: long }],
    ] as Msg[][]) {
      const { ids } = await generateNew(model, promptIds(tok, messages));
      expectScript(tok, ids, scriptText(TINY_SCRIPTED));
    }
  });

  it('stops after max_new_tokens mid-script, and continues from its own cache', async () => {
    const { tok, model } = await load('scripted', dtype);
    const prompt = promptIds(tok, QUESTION);
    const full = (await generateNew(model, prompt)).ids;
    const first = await generateNew(model, prompt, { max_new_tokens: 7, return_dict_in_generate: true });
    expect(first.ids).toEqual(full.slice(0, 7));
    // Feed everything again with the returned cache: only the last token is new to the model.
    const seq = [...prompt, ...first.ids];
    const rest = await generateNew(model, seq, { past_key_values: first.cache });
    expect([...first.ids, ...rest.ids]).toEqual(full);
  });

  it('survives a prefill in several chunks before generate', async () => {
    const { tok, model } = await load('scripted', dtype);
    const prompt = promptIds(tok, [{ role: 'user', content: 'Please add two and two for me, carefully.' }]);
    let cache: DynamicCache | undefined;
    for (const end of [3, 9, prompt.length - 2]) {
      const start = cache ? cache.get_seq_length() : 0;
      cache = (await forward(model, prompt.slice(start, end), end, cache)).cache;
    }
    const { ids } = await generateNew(model, prompt, { past_key_values: cache });
    expectScript(tok, ids, scriptText(TINY_SCRIPTED));
  });
});

describe.each(DTYPES)('tiny multi-turn model, %s', (dtype) => {
  const history = (n: number): Msg[] => {
    const msgs: Msg[] = [];
    for (let k = 1; k <= n; k++) {
      msgs.push({ role: 'user', content: `Question number ${k}?` });
      if (k < n) msgs.push({ role: 'assistant', content: scriptText(TINY_MULTI_TURN, k) });
    }
    return msgs;
  };

  it('answers turn k for the k-th user message (clipped to the last turn)', async () => {
    const { tok, model } = await load('multi', dtype);
    for (const k of [1, 2, 3, 4]) {
      const { ids } = await generateNew(model, promptIds(tok, history(k)));
      expectScript(tok, ids, scriptText(TINY_MULTI_TURN, k));
    }
  });

  it('renders earlier assistant turns without their reasoning', async () => {
    const { tok } = await load('multi', dtype);
    const text = tok.decode(promptIds(tok, history(2)));
    expect(text).toBe(
      '<｜begin▁of▁sentence｜><｜User｜>Question number 1?<｜Assistant｜>\n\nFirst answer: the capital of France is **Paris**.' +
        '<｜end▁of▁sentence｜><｜User｜>Question number 2?<｜Assistant｜><think>\n',
    );
  });

  it('keeps the script right when the KV cache is reused across turns and cut to any common prefix', async () => {
    const { tok, model } = await load('multi', dtype);
    // Turn 1, keeping the cache (prompt + generated tokens).
    const p1 = promptIds(tok, history(1));
    const t1 = await generateNew(model, p1, { return_dict_in_generate: true });
    expectScript(tok, t1.ids, scriptText(TINY_MULTI_TURN, 1));
    const cached = [...p1, ...t1.ids];
    // Turn 2's prompt differs from the cached sequence after `<｜Assistant｜>` (the template drops the reasoning).
    const p2 = promptIds(tok, history(2));
    let common = 0;
    while (common < p2.length && common < cached.length && p2[common] === cached[common]) common++;
    expect(common).toBeGreaterThan(5);
    expect(common).toBeLessThan(p1.length + 1);
    // The app's policy: cut the cache to the longest common prefix (or shorter) and feed the rest.
    for (const cut of [common, common - 1, 3, 1]) {
      const { ids } = await generateNew(model, p2, { past_key_values: cutCache(t1.cache!, cut) });
      expectScript(tok, ids, scriptText(TINY_MULTI_TURN, 2));
    }
    // A cache that holds all of turn 2's prompt but its last token.
    const c2 = (await forward(model, p2.slice(0, -1), p2.length - 1)).cache;
    expectScript(tok, (await generateNew(model, p2, { past_key_values: c2 })).ids, scriptText(TINY_MULTI_TURN, 2));
    expect(p2.filter((i) => i === USER_ID)).toHaveLength(2);
  });
});

describe.each(DTYPES)('tiny legacy-template model, %s', (dtype) => {
  it('ends the prompt at <｜Assistant｜> and emits <think> itself', async () => {
    const { tok, model } = await load('legacy', dtype);
    const prompt = promptIds(tok, QUESTION);
    expect(tok.decode(prompt)).toBe('<｜begin▁of▁sentence｜><｜User｜>What is 2 + 2?<｜Assistant｜>');
    const { ids } = await generateNew(model, prompt);
    expect(ids[0]).toBe(THINK_ID);
    expectScript(tok, ids, scriptText(TINY_LEGACY));
  });
});

describe.each(DTYPES)('tiny random model, %s', (dtype) => {
  it('runs exactly max_new_tokens, greedy and sampled', async () => {
    const { tok, model } = await load('random', dtype);
    const prompt = promptIds(tok, QUESTION);
    for (const opts of [{}, { do_sample: true, temperature: 0.6 }]) {
      const { ids } = await generateNew(model, prompt, { max_new_tokens: 48, ...opts });
      expect(ids).toHaveLength(48);
      expect(ids).not.toContain(EOS_ID);
      expect(ids).not.toContain(ASSISTANT_ID);
      expect(new Set(ids).size).toBeGreaterThan(3);
    }
  });

  it('has a perturbed twin whose top-1 differs most of the time', async () => {
    const { tok, model } = await load('random', dtype);
    const twin = (await load('perturbed', dtype)).model;
    const prompt = promptIds(tok, [{ role: 'user', content: 'Compare these two models on a longer prompt, please.' }]);
    const a = (await forward(model, prompt, prompt.length)).logits;
    const b = (await forward(twin, prompt, prompt.length)).logits;
    const V = a.dims[2]!;
    let differ = 0;
    const argmax = (d: Float32Array, s: number) => {
      let best = 0;
      for (let v = 1; v < V; v++) if (d[s * V + v]! > d[s * V + best]!) best = v;
      return best;
    };
    for (let s = 0; s < prompt.length; s++) if (argmax(a.data as Float32Array, s) !== argmax(b.data as Float32Array, s)) differ++;
    expect(differ / prompt.length).toBeGreaterThan(0.7);
  });
});

/**
 * Logits of a prefill + one-token-at-a-time decode with the KV cache vs one forward over the whole sequence:
 * returns max |Δlogit| over every position and id (and checks that the argmax agrees everywhere).
 */
async function incrementalVsFull(model: PreTrainedModel, prompt: number[], generated: number[]): Promise<number> {
  const all = [...prompt, ...generated];
  const full = await forward(model, all, all.length);
  const V = full.logits.dims[2]!;
  const fullData = full.logits.data as Float32Array;
  let maxDelta = 0;
  let pos = 0;
  const compare = (l: Tensor) => {
    const d = l.data as Float32Array;
    for (let s = 0; s < l.dims[1]!; s++, pos++) {
      let argFull = 0;
      let argInc = 0;
      for (let v = 0; v < V; v++) {
        const a = fullData[pos * V + v]!;
        const b = d[s * V + v]!;
        maxDelta = Math.max(maxDelta, Math.abs(a - b));
        if (a > fullData[pos * V + argFull]!) argFull = v;
        if (b > d[s * V + argInc]!) argInc = v;
      }
      expect(argInc).toBe(argFull);
    }
  };
  let { logits, cache } = await forward(model, prompt, prompt.length);
  compare(logits);
  for (let i = prompt.length; i < all.length; i++) {
    ({ logits, cache } = await forward(model, [all[i]!], i + 1, cache));
    compare(logits);
  }
  expect(pos).toBe(all.length);
  return maxDelta;
}

describe.each(DTYPES)('incremental decoding vs full recompute, %s', (dtype) => {
  it('matches on the random model (no script bias)', async () => {
    const { tok, model } = await load('random', dtype);
    const prompt = promptIds(tok, QUESTION);
    const gen = (await generateNew(model, prompt, { max_new_tokens: 12 })).ids;
    const delta = await incrementalVsFull(model, prompt, gen);
    console.info(`[modelgen] ${dtype}: incremental vs full recompute, random model (no script bias): max |Δlogit| = ${delta.toExponential(2)}`);
    expect(delta).toBeLessThan(dtype === 'q4f16' ? 5e-2 : 1e-3);
  });

  it('matches on the scripted model (script bias included)', async () => {
    const { tok, model } = await load('scripted', dtype);
    const prompt = promptIds(tok, QUESTION);
    const gen = (await generateNew(model, prompt)).ids;
    const delta = await incrementalVsFull(model, prompt, gen);
    console.info(`[modelgen] ${dtype}: incremental vs full recompute, scripted model (script bias included): max |Δlogit| = ${delta.toExponential(2)}`);
    // float16 logits near the script token's (about +220) have a spacing of 0.125.
    expect(delta).toBeLessThan(dtype === 'q4f16' ? 0.5 : 1e-3);
  });
});

describe('external data layout', () => {
  it('loads weights from onnx/<file>_data when the config says so, with the same results', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelgen-ext-'));
    try {
      const res = await generateModel({ ...TINY_RANDOM, dtypes: ['fp32', 'q4f16'] }, dir, { forceExternalData: true });
      expect(res.files.map((f) => f.path)).toEqual(expect.arrayContaining(['onnx/model.onnx_data', 'onnx/model_q4f16.onnx_data']));
      const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
      expect(config['transformers.js_config'].use_external_data_format).toEqual({ 'model.onnx': true, 'model_q4f16.onnx': true });
      const tok = await AutoTokenizer.from_pretrained(dir);
      const prompt = promptIds(tok, QUESTION);
      for (const dtype of ['fp32', 'q4f16'] as const) {
        const model = await AutoModelForCausalLM.from_pretrained(dir, { dtype });
        const ext = (await generateNew(model, prompt, { max_new_tokens: 16 })).ids;
        const inline = (await generateNew((await load('random', dtype)).model, prompt, { max_new_tokens: 16 })).ids;
        expect(ext).toEqual(inline);
        await model.dispose();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
