/**
 * Stop and unload win at every moment of a generation: before the prompt is read (same tick as
 * `generate`), while the previous answer's read-ahead is being cancelled, between prefill chunks and
 * during decode. The random tiny model never emits EOS, so an unstopped run always makes every token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, type PreTrainedModel } from '@huggingface/transformers';
import { ensureModel, TINY_RANDOM } from '../support/models.ts';
import { LlmEngine, type EngineTuning, type TokenEvent } from '../../src/engine/llm.ts';
import { asEngineError, DEFAULT_SAMPLING, type ChatTurn, type SamplingSettings } from '../../src/core/index.ts';

env.allowLocalModels = true;
env.allowRemoteModels = false;
env.useFSCache = false;

const GREEDY: SamplingSettings = { ...DEFAULT_SAMPLING, doSample: false, maxNewTokens: 64 };
const TUNING: EngineTuning = { reuseCache: true, prefillChunk: 4, prepareNextTurn: true };
const LONG = 'Tell me everything about the history of numbers, from counting on fingers to zero and beyond. '.repeat(6);

let dir: string;
beforeAll(async () => {
  dir = await ensureModel('tiny-random', TINY_RANDOM);
});

const open = () => LlmEngine.load({ modelId: dir, device: 'cpu', dtype: 'fp32' }, { ...TUNING });

type Forward = (inputs: unknown) => Promise<unknown>;
/** Wraps the model's forward: `before(n)` runs before pass n (from 1) and may hold it back. */
function onForward(engine: LlmEngine, before: (n: number) => Promise<void> | void): void {
  const m = engine.model as PreTrainedModel & { forward: Forward };
  const inner = m.forward.bind(m);
  let n = 0;
  m.forward = async (inputs) => {
    await before(++n);
    return inner(inputs);
  };
}

/** Generated tokens seen through `onToken` (a flush may add deltas to the last token: counted once). */
function tokenCounter() {
  const seen = new Set<number>();
  return { onToken: (t: TokenEvent) => seen.add(t.tokenIndex), count: () => seen.size };
}

/** The cache holds exactly the tokens it says it holds. */
function expectConsistent(engine: LlmEngine): void {
  expect(engine.cacheSeqLength).toBe(engine.cachedTokenCount);
}

/** An answer whose history the engine is reading ahead, with every read-ahead pass held until `release`. */
async function heldReadAhead(engine: LlmEngine) {
  const history: ChatTurn[] = [{ role: 'user', content: 'Hi' }];
  const first = await engine.generate(history, { ...GREEDY, maxNewTokens: 4 }, 4096);
  history.push({ role: 'assistant', content: `${first.raw} ${LONG}` });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const started = new Promise<void>((r) => (entered = r));
  let holding = true;
  onForward(engine, async () => {
    if (!holding) return;
    entered();
    await gate;
  });
  const ahead = engine.prepareNextTurn(history);
  await started; // a read-ahead pass is in flight
  history.push({ role: 'user', content: 'And then?' });
  return {
    history,
    ahead,
    release: () => {
      holding = false;
      release();
    },
  };
}

describe('Stop wins at every moment', () => {
  it('stop in the same tick as generate: stopped, no token, the cache untouched', async () => {
    const engine = await open();
    let tokens = 0;
    const run = engine.generate([{ role: 'user', content: LONG }], GREEDY, 4096, { onToken: () => tokens++ });
    engine.stop();
    const r = await run;
    expect(r.reason).toBe('stopped');
    expect(r.tokens).toEqual([]);
    expect(tokens).toBe(0);
    expect(engine.cachedTokenCount).toBe(0);
    expectConsistent(engine);
    // The next question is answered in full: the stop belonged to the run it stopped.
    const next = await engine.generate([{ role: 'user', content: 'Hi' }], GREEDY, 4096);
    expect(next.tokens).toHaveLength(GREEDY.maxNewTokens);
    await engine.unload();
  });

  it('stop while the read-ahead is being cancelled: stopped, no token, the cache consistent', async () => {
    const engine = await open();
    const held = await heldReadAhead(engine);
    let tokens = 0;
    const run = engine.generate(held.history, GREEDY, 4096, { onToken: () => tokens++ });
    // generate is now waiting for the read-ahead pass to finish; the stop arrives in between.
    await new Promise((r) => setTimeout(r, 10));
    engine.stop();
    held.release();
    await held.ahead;
    const r = await run;
    expect(r.reason).toBe('stopped');
    expect(tokens).toBe(0);
    expect(r.tokens).toEqual([]);
    expectConsistent(engine);
    expect(engine.counters.gpuTensorsCreated).toBe(engine.counters.gpuTensorsDisposed); // 0 on the CPU
    await engine.unload();
  });

  it('stop between prefill chunks: no further chunk is read, no token, the cache holds what was read', async () => {
    const engine = await open();
    let passes = 0;
    let tokens = 0;
    onForward(engine, (n) => {
      passes = n;
      if (n === 3) engine.stop();
    });
    const r = await engine.generate([{ role: 'user', content: LONG }], GREEDY, 4096, { onToken: () => tokens++ });
    expect(r.reason).toBe('stopped');
    expect(tokens).toBe(0);
    expect(passes).toBe(3);
    expect(r.stats.promptTokens).toBeGreaterThan(3 * TUNING.prefillChunk);
    expect(engine.cachedTokenCount).toBe(3 * TUNING.prefillChunk);
    expectConsistent(engine);
    await engine.unload();
  });

  it('stop during decode: at most the token in flight follows, the cache consistent', async () => {
    const engine = await open();
    const c = tokenCounter();
    let atStop = -1;
    const r = await engine.generate([{ role: 'user', content: 'Hi' }], GREEDY, 4096, {
      onToken: (t) => {
        c.onToken(t);
        if (c.count() === 5 && atStop < 0) {
          atStop = c.count();
          engine.stop();
        }
      },
    });
    expect(r.reason).toBe('stopped');
    expect(c.count() - atStop).toBeLessThanOrEqual(1);
    expect(r.tokens.length).toBe(c.count());
    expectConsistent(engine);
    await engine.unload();
  });
});

describe('Unload wins at every moment', () => {
  /** Unload at `moment` of a run; the run ends stopped (or refused), nothing is generated after it, and the engine is unloaded. */
  async function unloadDuring(engine: LlmEngine, run: Promise<unknown>, counted: () => number) {
    const before = counted();
    const t0 = performance.now();
    await engine.unload();
    const settled = await run.then(
      (r) => r as { reason: string },
      (e: unknown) => ({ reason: asEngineError(e).code }),
    );
    expect(['stopped']).toContain(settled.reason);
    expect(counted() - before).toBeLessThanOrEqual(1);
    expect(performance.now() - t0).toBeLessThan(5000);
    await expect(engine.generate([{ role: 'user', content: 'Hi' }], GREEDY, 4096)).rejects.toMatchObject({ error: { code: 'not-loaded' } });
    await engine.prepareNextTurn([{ role: 'user', content: 'Hi' }]);
    expect(engine.cachedTokenCount).toBe(0);
  }

  it('unload in the same tick as generate', async () => {
    const engine = await open();
    let tokens = 0;
    const run = engine.generate([{ role: 'user', content: LONG }], GREEDY, 4096, { onToken: () => tokens++ });
    await unloadDuring(engine, run, () => tokens);
    expect(tokens).toBe(0);
  });

  it('unload while the read-ahead is being cancelled', async () => {
    const engine = await open();
    const held = await heldReadAhead(engine);
    let tokens = 0;
    const run = engine.generate(held.history, GREEDY, 4096, { onToken: () => tokens++ });
    await new Promise((r) => setTimeout(r, 10));
    const unloading = unloadDuring(engine, run, () => tokens);
    held.release();
    await unloading;
    expect(tokens).toBe(0);
  });

  it('unload between prefill chunks', async () => {
    const engine = await open();
    let tokens = 0;
    let unloading: Promise<void> | null = null;
    const run = engine.generate([{ role: 'user', content: LONG }], GREEDY, 4096, { onToken: () => tokens++ });
    onForward(engine, (n) => {
      if (n === 3) unloading ??= unloadDuring(engine, run, () => tokens);
    });
    await run.catch(() => undefined);
    await unloading;
    expect(unloading).not.toBeNull();
    expect(tokens).toBe(0);
  });

  it('unload during decode', async () => {
    const engine = await open();
    const c = tokenCounter();
    let unloading: Promise<void> | null = null;
    const run = engine.generate([{ role: 'user', content: 'Hi' }], GREEDY, 4096, {
      onToken: (t) => {
        c.onToken(t);
        if (c.count() === 5) unloading ??= unloadDuring(engine, run, c.count);
      },
    });
    await run.catch(() => undefined);
    await unloading;
    expect(unloading).not.toBeNull();
    expect(c.count()).toBeLessThanOrEqual(6);
  });
});
