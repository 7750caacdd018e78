/**
 * `npm run bench:ops` reads ONNX Runtime's profile as onnxruntime-node writes it (a JSON array) and as the
 * WebAssembly build prints it (one event per console line), and counts only the steps after the warm-up.
 */
import { describe, expect, it } from 'vitest';
import { parseProfile, summarise, table, type ProfileEvent } from '../../tools/bench/op-profile-events.ts';

const run = (ts: number, dur: number): ProfileEvent => ({ cat: 'Session', name: 'model_run', ts, dur });
const node = (name: string, op: string, ts: number, dur: number): ProfileEvent => ({ cat: 'Node', name: `${name}_kernel_time`, ts, dur, args: { op_name: op } });

// A warm-up run (0–1000 µs) and two counted runs; MatMulInteger dominates the counted ones.
const EVENTS: ProfileEvent[] = [
  run(0, 1000),
  node('/l0/q_proj/MatMul_quant', 'MatMulInteger', 10, 900),
  run(2000, 500),
  node('/l0/q_proj/MatMul_quant', 'MatMulInteger', 2010, 300),
  node('/l0/k_proj/MatMul_quant', 'MatMulInteger', 2320, 100),
  node('/l0/attn/MultiHeadAttention', 'MultiHeadAttention', 2430, 50),
  { cat: 'Node', name: '/l0/attn/MultiHeadAttention_fence_before', ts: 2429, dur: 1, args: { op_name: 'MultiHeadAttention' } },
  run(3000, 300),
  node('/l0/q_proj/MatMul_quant', 'MatMulInteger', 3010, 200),
  node('/l0/attn/MultiHeadAttention', 'MultiHeadAttention', 3220, 50),
];

describe('parseProfile', () => {
  it('reads the JSON array onnxruntime-node writes', () => {
    expect(parseProfile(JSON.stringify(EVENTS))).toHaveLength(EVENTS.length);
  });

  it('reads the lines the WebAssembly build prints, skipping what is not an event', () => {
    const printed = ['[', ...EVENTS.map((e, i) => JSON.stringify(e) + (i < EVENTS.length - 1 ? ',' : '')), ']', 'some other log line', '{"not":"an event"}'];
    expect(parseProfile(printed.join('\n'))).toEqual(EVENTS);
  });
});

describe('summarise', () => {
  it('averages the counted steps per operator type, leaving out the warm-up and non-kernel events', () => {
    const s = summarise(EVENTS, 2);
    expect(s.stepMs).toBeCloseTo((500 + 300) / 2 / 1000);
    expect(s.ops[0]).toMatchObject({ op: 'MatMulInteger', nodes: 2 });
    expect(s.ops[0]!.ms).toBeCloseTo((300 + 100 + 200) / 2 / 1000);
    expect(s.ops[1]).toMatchObject({ op: 'MultiHeadAttention', nodes: 1 });
    expect(s.ops[1]!.ms).toBeCloseTo(0.05);
    expect(s.kernelMs).toBeCloseTo(0.35);
    expect(s.ops[0]!.share + s.ops[1]!.share).toBeCloseTo(1);
  });

  it('says so when the profile has fewer runs than asked for', () => {
    expect(() => summarise(EVENTS, 5)).toThrow(/3 runs, expected at least 5/);
  });

  it('the table names each configuration with its step time and lumps the tail together', () => {
    const text = table([{ label: 'q8 · WASM · 1 thread', summary: summarise(EVENTS, 2) }], 1);
    expect(text).toContain('### q8 · WASM · 1 thread: 0.4 ms per decode step');
    expect(text).toContain('| MatMulInteger | 2 | 0.30 | 85.7 % |');
    expect(text).toContain('| 1 other types | 1 | 0.05 | 14.3 % |');
  });
});
