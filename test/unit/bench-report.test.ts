import { describe, expect, it } from 'vitest';
import type { BenchmarkRun } from '../../src/core/index.ts';
import { bandwidthBound, knownBandwidth } from '../../src/diagnostics/bandwidth.ts';
import { chatTable, decodeChartSvg, renderMarkdown, standardTable, withSummary, type BenchReport, type ChatRow, type StandardRow } from '../../tools/bench/report.ts';

const spec = { promptTokens: 10, newTokens: 5, runs: 2, warmupRuns: 0 };
const run = (step: number): BenchmarkRun => ({ promptTokens: 10, newTokens: 5, ttftMs: 100, tokenTimesMs: [100, 100 + step, 100 + 2 * step, 100 + 3 * step, 100 + 4 * step], totalMs: 100 + 4 * step });

const node = withSummary({ shape: 'tiny', dtype: 'q4', runtime: 'node', status: 'ok', spec, loadMs: 40, warmupMs: 20, runs: [run(10), run(10)] });
const wasm = withSummary({ shape: 'tiny', dtype: 'q4', runtime: 'wasm', status: 'ok', spec, loadMs: 400, warmupMs: 100, runs: [run(40), run(40)] });
const skipped: StandardRow = { shape: 'tiny', dtype: 'q4f16', runtime: 'webgpu', status: 'skipped', reason: 'no shader-f16', spec };

const machine = {
  cpuModel: 'Test CPU',
  logicalCores: 2,
  memoryGiB: 24,
  loadAverage: [1.5, 2] as [number, number],
  os: 'Linux',
  node: '20',
  chromium: '156',
  adapter: 'google swiftshader',
  adapterIsSoftware: true,
  adapterFeatures: [],
};

describe('bench report', () => {
  it('the standard table shows threads, medians, spread and the browser ÷ native prefill and decode ratios', () => {
    const t = standardTable([node, { ...wasm, threads: 2 }, skipped], machine);
    expect(t).toContain('| tiny | q4 | Node onnxruntime-node (CPU) | default (2 cores) | 10+5 ×2 | 40 / 20 | 100 | 100 (100–100) | 100 (100–100) | 1× | 1× |');
    expect(t).toContain('| tiny | q4 | Chromium WASM | 2 | 10+5 ×2 | 400 / 100 | 100 | 100 (100–100) | 25.0 (25.0–25.0) | 1.00× | 0.25× |');
    expect(t).toContain('skipped: no shader-f16');
  });

  it('the chat table says why the two ways can answer differently (a WebGPU pass limit), and flags it otherwise', () => {
    const turn = (text: string) => ({ turn: 1, promptTokens: 40, prefillTokens: 40, ttftMs: 10, decodeTokensPerSec: 5, readAheadMs: 1, generatedTokens: 4, text });
    const row: ChatRow = { shape: 'tiny', dtype: 'q4', runtime: 'webgpu', status: 'ok', engine: [turn('a')], peer: [turn('b')], sameAnswers: false };
    expect(chatTable(row)).toContain('(the two ways gave different answers!)');
    const capped = chatTable({ ...row, passLimit: 31 });
    expect(capped).toContain('more than 31 tokens');
    expect(capped).toContain("the peer's answers are the wrong ones");
    expect(chatTable({ ...row, peer: [turn('a')], sameAnswers: true })).toContain('same answers both ways');
  });

  it('renders a Markdown report with the machine line and the notes', () => {
    const report: BenchReport = {
      format: 'local-r1-bench',
      version: 1,
      startedAt: '2025-01-01T00:00:00.000Z',
      durationSec: 61,
      command: 'npm run bench -- --quick',
      machine,
      standard: [node, wasm],
      chat: [],
      ui: { status: 'skipped', reason: 'not here' },
      bandwidth: [],
      notes: ['a note'],
    };
    const md = renderMarkdown(report);
    expect(md).toMatch(/^Machine: Test CPU, 2 logical cores, 24 GiB RAM, Linux; Node 20; Chromium 156; WebGPU adapter google swiftshader \(software\); load average 1\.5 at the start, 2\.0 at the end\./);
    expect(md).toContain('**Standard benchmark**');
    expect(md).toContain('skipped: not here');
    expect(md).toContain('- a note');
    const svg = decodeChartSvg(report, 'tiny')!;
    expect(svg).toContain('<polyline');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(decodeChartSvg(report, 'r1-1.5b')).toBeNull();
  });

  it('bandwidth bound: bytes per token ÷ GB/s, and a known GPU table', () => {
    const b = bandwidthBound(868_855_012, 1000, 500);
    expect(b.boundTokPerSec).toBeCloseTo(1150.9, 0);
    expect(b.fraction).toBeCloseTo(500 / 1150.9, 3);
    expect(knownBandwidth('nvidia hopper (NVIDIA H100 80GB HBM3)')?.gbPerSec).toBe(3350);
    expect(knownBandwidth('nvidia hopper (NVIDIA H100 PCIe)')?.gbPerSec).toBe(2000);
    expect(knownBandwidth('google swiftshader')).toBeNull();
  });
});
