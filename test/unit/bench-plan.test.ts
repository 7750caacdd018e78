import { describe, expect, it } from 'vitest';
import { modelName, parsePlan } from '../../tools/bench/plan.ts';

describe('npm run bench flags', () => {
  it('the default runs both shapes, every runtime and section, standard lengths', () => {
    const p = parsePlan([]);
    expect(p.quick).toBe(false);
    expect(p.shapes).toEqual(['tiny', 'r1-1.5b']);
    expect(p.runtimes).toEqual(['webgpu', 'wasm', 'node']);
    expect(p.sections).toEqual(['standard', 'chat', 'ui']);
    expect(p.dtypes).toEqual(['q4f16', 'q4', 'q8']);
    expect(p.wasmThreads).toEqual([1, 2]);
    expect(p.standard.tiny).toEqual({ promptTokens: 64, newTokens: 64, runs: 3, warmupRuns: 1 });
    expect(p.chat).toMatchObject({ turns: 5, shapes: ['tiny'] });
    expect(p.uiTokens).toBe(4000);
    expect(p.outDir).toBe('bench-results');
  });

  it('--quick is the tiny model only, with short runs (CI)', () => {
    const p = parsePlan(['--quick']);
    expect(p.shapes).toEqual(['tiny']);
    expect(p.standard.tiny.newTokens).toBeLessThan(32);
    expect(p.chat.turns).toBe(3);
    expect(p.uiTokens).toBeLessThan(4000);
  });

  it('flags pick a subset; chat shapes are limited to the chosen shapes', () => {
    const p = parsePlan(['--shapes', 'r1-1.5b', '--runtimes', 'node', '--dtypes', 'q4', '--sections', 'standard', '--runs', '7', '--chat-shapes', 'tiny,r1-1.5b']);
    expect(p).toMatchObject({ shapes: ['r1-1.5b'], runtimes: ['node'], dtypes: ['q4'], sections: ['standard'] });
    expect(p.standard['r1-1.5b'].runs).toBe(7);
    expect(p.chat.shapes).toEqual(['r1-1.5b']);
    expect(parsePlan(['--threads', '2,1,2'], 8).wasmThreads).toEqual([2, 1]);
    expect(parsePlan([], 8).wasmThreads).toEqual([1, 4]);
    expect(parsePlan([], 1).wasmThreads).toEqual([1]);
  });

  it('bad flags are refused with a readable message', () => {
    expect(() => parsePlan(['--shapes', 'huge'])).toThrow(/--shapes: unknown huge \(choose from tiny, r1-1\.5b\)/);
    expect(() => parsePlan(['--runs', '0'])).toThrow(/--runs must be a whole number/);
    expect(() => parsePlan(['--bandwidth', 'fast'])).toThrow(/--bandwidth must be a positive number/);
    expect(() => parsePlan(['--nope'])).toThrow();
    expect(() => parsePlan(['--runtimes', ''])).toThrow(/at least one/);
  });

  it('bandwidth is a number of GB/s', () => {
    expect(parsePlan(['--bandwidth', '3350']).bandwidthGBs).toBe(3350);
    expect(parsePlan([]).bandwidthGBs).toBeNull();
  });

  it('each shape has its model folder', () => {
    expect(modelName('tiny')).toBe('tiny-random');
    expect(modelName('r1-1.5b')).toBe('r1-1.5b-random');
  });
});
