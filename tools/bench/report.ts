/**
 * `npm run bench` results: the JSON shape written to bench-results/, the Markdown tables printed and
 * put in the README, and the decode-speed chart (SVG). Pure (unit-tested in test/unit/bench-report.test.ts).
 */
import type { BenchmarkRun, BenchmarkSpec, Dtype } from '../../src/core/index.ts';
import type { ChatBenchTurn } from './chat-benchmark.ts';
import { summarizeRuns, type BenchmarkSummary } from '../../src/diagnostics/benchmark.ts';
import { chartGeometry, renderSvg, type Series } from '../../src/diagnostics/chart.ts';
import { formatBytes } from '../../src/core/units.ts';
import type { Runtime, Shape } from './plan.ts';

export interface MachineInfo {
  cpuModel: string;
  logicalCores: number;
  memoryGiB: number;
  /** 1-minute load average when the run started and ended (the machine may be shared). */
  loadAverage: [number, number];
  os: string;
  node: string;
  chromium: string | null;
  /** `vendor architecture (description)` of Chromium's WebGPU adapter, or null. */
  adapter: string | null;
  adapterIsSoftware: boolean;
  adapterFeatures: string[];
}

export type RowStatus = 'ok' | 'skipped' | 'failed';

export interface StandardRow {
  shape: Shape;
  dtype: Dtype;
  runtime: Runtime;
  /** WASM: the threads the session ran on (as the engine reported); unset for WebGPU and Node. */
  threads?: number;
  status: RowStatus;
  /** Why skipped or failed. */
  reason?: string;
  spec: BenchmarkSpec;
  loadMs?: number;
  warmupMs?: number;
  runs?: BenchmarkRun[];
  summary?: BenchmarkSummary;
}

export interface ChatRow {
  shape: Shape;
  dtype: Dtype;
  runtime: Runtime;
  status: RowStatus;
  reason?: string;
  engine?: ChatBenchTurn[];
  peer?: ChatBenchTurn[];
  /** Both ways produced the same answers (greedy): the comparison is like for like. */
  sameAnswers?: boolean;
  /** Our engine capped its passes at this many tokens (the adapter computes attention wrongly above). */
  passLimit?: number;
}

export interface UiRow {
  status: RowStatus;
  reason?: string;
  /** Whatever the UI streaming measurement reports (ui-streaming.ts). */
  result?: unknown;
  /** Lines for the printed report. */
  lines?: string[];
}

export interface BandwidthRow {
  shape: Shape;
  dtype: Dtype;
  /** Bytes a decode step reads, from the ONNX file's initializers. */
  bytesPerToken: number;
  /** The same from config.json (memory arithmetic), as a cross-check. */
  bytesPerTokenFromConfig: number;
  gpu: string | null;
  gbPerSec: number | null;
  boundTokPerSec: number | null;
  measuredTokPerSec: number | null;
  fraction: number | null;
  note: string;
}

export interface BenchReport {
  format: 'local-r1-bench';
  version: 1;
  startedAt: string;
  durationSec: number;
  command: string;
  machine: MachineInfo;
  standard: StandardRow[];
  chat: ChatRow[];
  ui: UiRow | null;
  bandwidth: BandwidthRow[];
  notes: string[];
}

export function withSummary(row: StandardRow): StandardRow {
  return row.runs && row.runs.length ? { ...row, summary: summarizeRuns(row.runs) } : row;
}

const RUNTIME_LABEL: Record<Runtime, string> = {
  webgpu: 'Chromium WebGPU',
  wasm: 'Chromium WASM',
  node: 'Node onnxruntime-node (CPU)',
};

export function runtimeLabel(r: Runtime, machine?: MachineInfo): string {
  if (r === 'webgpu' && machine?.adapter) return `${RUNTIME_LABEL.webgpu} (${machine.adapter})`;
  return RUNTIME_LABEL[r];
}

const f1 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
const f0 = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const range = (lo: number, hi: number, f: (v: number) => string) => (Number.isFinite(lo) && Number.isFinite(hi) ? `${f(lo)}–${f(hi)}` : '–');

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((h) => (/^(shape|dtype|runtime|turn|status|model|runtime and device|GPU|note)/i.test(h) ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** The Node row with the same shape and dtype (the native reference). */
function nativeRow(rows: readonly StandardRow[], r: StandardRow): StandardRow | undefined {
  return rows.find((x) => x.runtime === 'node' && x.shape === r.shape && x.dtype === r.dtype && x.status === 'ok');
}

/** `browser ÷ native` as `0.35×`; `1×` on the Node row itself. */
function ratio(r: StandardRow, native: StandardRow | undefined, pick: (s: BenchmarkSummary) => number): string {
  if (r.runtime === 'node') return r.summary ? '1×' : '–';
  if (!r.summary || !native?.summary) return '–';
  return `${(pick(r.summary) / pick(native.summary)).toFixed(2)}×`;
}

/** Threads column: the WASM session's count; Node runs onnxruntime-node's default (a thread per core). */
function threadsText(r: StandardRow, machine?: MachineInfo): string {
  if (r.threads !== undefined) return String(r.threads);
  if (r.runtime === 'node') return machine ? `default (${machine.logicalCores} cores)` : 'default';
  return '–';
}

export function standardTable(rows: readonly StandardRow[], machine?: MachineInfo): string {
  const body = rows.map((r) => {
    const s = r.summary;
    const native = nativeRow(rows, r);
    if (r.status !== 'ok' || !s) {
      return [r.shape, r.dtype, runtimeLabel(r.runtime, machine), threadsText(r, machine), `${r.status}: ${r.reason ?? ''}`, '', '', '', '', '', ''];
    }
    return [
      r.shape,
      r.dtype,
      runtimeLabel(r.runtime, machine),
      threadsText(r, machine),
      `${r.spec.promptTokens}+${r.spec.newTokens} ×${s.runs}`,
      `${f0(r.loadMs)} / ${f0(r.warmupMs)}`,
      f0(s.ttftMs.median),
      `${f1(s.prefillTokPerSec.median)} (${range(s.prefillTokPerSec.q1, s.prefillTokPerSec.q3, f1)})`,
      `${f1(s.decodeTokPerSec.median)} (${range(s.decodeTokPerSec.q1, s.decodeTokPerSec.q3, f1)})`,
      ratio(r, native, (x) => x.prefillTokPerSec.median),
      ratio(r, native, (x) => x.decodeTokPerSec.median),
    ];
  });
  return table(
    ['shape', 'dtype', 'runtime', 'threads', 'prompt+answer ×runs', 'load / warm-up ms', 'TTFT ms', 'prefill tok/s (IQR)', 'decode tok/s (IQR)', 'prefill vs native', 'decode vs native'],
    body,
  );
}

function sameAnswersNote(row: ChatRow): string {
  if (row.sameAnswers !== false) return ', same answers both ways';
  if (row.passLimit) {
    return (
      ` (different answers: this adapter computes attention wrongly in passes of more than ${row.passLimit} tokens, so our ` +
      `engine reads prompts in ${row.passLimit}-token passes while the peer's way reads each prompt in one pass through the ` +
      `faulty kernel; the peer's answers are the wrong ones — README, Architecture)`
    );
  }
  return ' (the two ways gave different answers!)';
}

export function chatTable(row: ChatRow, machine?: MachineInfo): string {
  const head = `**${row.shape} ${row.dtype}, ${runtimeLabel(row.runtime, machine)}**`;
  if (row.status !== 'ok' || !row.engine || !row.peer) return `${head}: ${row.status}${row.reason ? `: ${row.reason}` : ''}`;
  const body = row.engine.map((e, i) => {
    const p = row.peer![i]!;
    return [
      String(e.turn),
      `${e.promptTokens}`,
      `${e.prefillTokens} / ${p.prefillTokens}`,
      f0(e.ttftMs),
      f0(p.ttftMs),
      e.ttftMs > 0 ? `${(p.ttftMs / e.ttftMs).toFixed(1)}×` : '–',
      f1(e.decodeTokensPerSec),
      f1(p.decodeTokensPerSec),
      p.decodeTokensPerSec > 0 ? `${(e.decodeTokensPerSec / p.decodeTokensPerSec).toFixed(2)}` : '–',
      f0(e.readAheadMs),
    ];
  });
  return [
    `${head}${sameAnswersNote(row)}`,
    '',
    table(
      ['turn', 'prompt tokens', 'read: ours / peer', 'TTFT ms ours', 'TTFT ms peer', 'peer ÷ ours', 'decode tok/s ours', 'decode tok/s peer', 'decode ratio ours ÷ peer', 'read-ahead ms (while the user types)'],
      body,
    ),
  ].join('\n');
}

export function bandwidthTable(rows: readonly BandwidthRow[]): string {
  return table(
    ['shape', 'dtype', 'bytes read per token (file)', '(config.json)', 'GPU', 'GB/s', 'bound tok/s', 'measured tok/s', 'fraction', 'note'],
    rows.map((b) => [
      b.shape,
      b.dtype,
      `${formatBytes(b.bytesPerToken)} (${b.bytesPerToken.toLocaleString('en-US')} B)`,
      formatBytes(b.bytesPerTokenFromConfig),
      b.gpu ?? '–',
      b.gbPerSec === null ? '–' : String(b.gbPerSec),
      b.boundTokPerSec === null ? '–' : f1(b.boundTokPerSec),
      b.measuredTokPerSec === null ? '–' : f1(b.measuredTokPerSec),
      b.fraction === null ? '–' : `${(b.fraction * 100).toFixed(0)}%`,
      b.note,
    ]),
  );
}

export function machineLine(m: MachineInfo): string {
  const gpu = m.adapter ? `WebGPU adapter ${m.adapter}${m.adapterIsSoftware ? ' (software)' : ''}` : 'no WebGPU adapter';
  return `${m.cpuModel}, ${m.logicalCores} logical cores, ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node}; Chromium ${m.chromium ?? '–'}; ${gpu}; load average ${m.loadAverage[0].toFixed(1)} at the start, ${m.loadAverage[1].toFixed(1)} at the end`;
}

/** The whole report as Markdown (printed, saved, and pasted into the README). */
export function renderMarkdown(r: BenchReport): string {
  const out: string[] = [
    `Machine: ${machineLine(r.machine)}.`,
    `Command: \`${r.command}\`, ${r.startedAt}, ${Math.round(r.durationSec)} s.`,
    '',
  ];
  if (r.standard.length) {
    out.push('**Standard benchmark** (fixed prompt, greedy, EOS ignored, fresh KV cache per run; medians with the interquartile range)', '');
    out.push(standardTable(r.standard, r.machine), '');
  }
  if (r.chat.length) {
    out.push('**Our engine vs the peer example\'s way** (plain `generate` + `TextStreamer`, the whole chat re-read every turn), same model, same questions, greedy', '');
    for (const c of r.chat) out.push(chatTable(c, r.machine), '');
  }
  if (r.ui) {
    out.push('**UI streaming cost** (the real UI rendering a long answer with markdown and math)', '');
    out.push(r.ui.status === 'ok' ? (r.ui.lines ?? []).join('\n') : `${r.ui.status}: ${r.ui.reason ?? ''}`, '');
  }
  if (r.bandwidth.length) {
    out.push('**Decode speed vs the memory-bandwidth bound** (bytes read per token ÷ bandwidth)', '');
    out.push(bandwidthTable(r.bandwidth), '');
  }
  for (const n of r.notes) out.push(`- ${n}`);
  return `${out.join('\n').trim()}\n`;
}

/** Decode speed over the answer's length for one shape, one line per successful standard row. */
export function decodeChartSvg(r: BenchReport, shape: Shape): string | null {
  const series: Series[] = r.standard
    .filter((x) => x.shape === shape && x.status === 'ok' && x.summary && x.summary.curve.length)
    .map((x) => ({
      label: `${x.dtype} ${runtimeLabel(x.runtime)}`,
      points: x.summary!.curve.map((p) => ({ x: p.position, y: p.tokPerSec })),
    }));
  if (series.length === 0) return null;
  return renderSvg(
    chartGeometry(series, {
      width: 760,
      height: 310 + Math.ceil(series.length / 2) * 14,
      xLabel: 'generated tokens',
      yLabel: 'decode tok/s',
      title: `${shape}: decode speed over the answer (median of runs) · ${r.machine.cpuModel}`,
    }),
  );
}
