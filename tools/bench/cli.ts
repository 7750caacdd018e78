/**
 * `npm run bench`: one command that generates (or reuses) the synthetic models, runs the app's own
 * engine — the built worker in headless Chromium on loopback (WebGPU and WASM), and the same engine in
 * Node with onnxruntime-node (native CPU) — and prints a table, writing JSON, Markdown and SVG charts
 * under bench-results/ (git-ignored). Flags pick a subset; see `npm run bench -- --help` (plan.ts).
 *
 * Sections, side by side in the same run on the same model files and prompts:
 * - standard: prefill tok/s, decode tok/s, TTFT, load and warm-up, median and spread over runs;
 * - chat: our engine (KV reuse + read-ahead) vs the peer example's way (plain generate + TextStreamer,
 *   the whole chat re-read each turn): TTFT and decode tok/s per turn over a multi-turn chat;
 * - ui: main-thread cost per token while the real UI streams a long answer with markdown and math
 *   (ui-streaming.ts, the UI's own measurement, folded in);
 * - native: the Node rows of the standard section (what the browser costs);
 * - r1-1.5b: bytes read per decoded token from the model file, and decode speed as a fraction of the
 *   GPU's memory-bandwidth bound when a GPU ran it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureModel, MODELS_DIR, REPO_ROOT, TINY_RANDOM } from '../../test/support/models.ts';
import { chromiumLaunchOptions, requireChromium } from '../../test/support/chromium.ts';
import type { ModelSpec } from '../modelgen/index.ts';
import type { GpuInfo } from '../../src/core/index.ts';
import { knownBandwidth, bandwidthBound } from '../../src/diagnostics/bandwidth.ts';
import { decodeBytesPerToken, kvCacheBytes, parseLlmConfig } from '../../src/diagnostics/memory.ts';
import { onnxFileFor } from '../../src/engine/external-split.ts';
import { BrowserEngine, benchPage } from './browser-engine.ts';
import type { ChatBenchSpec, ChatBenchTurn } from './chat-benchmark.ts';
import type { EnginePage } from '../../test/support/engine-page/build.ts';
import { nativeChat } from './native.ts';
import { runUiStreaming } from './ui-streaming.ts';
import { decodeBytesPerTokenFromGraph, scanOnnx } from './onnx-weights.ts';
import { errText, log, T0, withTimeout } from './run-log.ts';
import { browserLoad, skipReason, standardSection } from './standard-section.ts';
import { modelName, parsePlan, USAGE, type BenchPlan, type Shape } from './plan.ts';
import {
  decodeChartSvg,
  renderMarkdown,
  type BandwidthRow,
  type BenchReport,
  type ChatRow,
  type MachineInfo,
  type StandardRow,
  type UiRow,
} from './report.ts';

/** The real-size model: DeepSeek-R1-Distill-Qwen-1.5B dimensions, random weights (EOS suppressed). */
export const R1_RANDOM: ModelSpec = { preset: 'r1-1.5b', dtypes: ['q4f16', 'q4', 'q8'], behaviour: { kind: 'random', seed: 1 } };

async function ensureModels(plan: BenchPlan): Promise<Record<Shape, string>> {
  const dirs = {} as Record<Shape, string>;
  for (const shape of new Set([...plan.shapes, ...plan.chat.shapes])) {
    const t = performance.now();
    dirs[shape] = await ensureModel(modelName(shape), shape === 'tiny' ? TINY_RANDOM : R1_RANDOM);
    log(`model ${shape}: ${path.relative(REPO_ROOT, dirs[shape])} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  return dirs;
}

function ensureBuild(plan: BenchPlan): string {
  const dist = path.resolve(REPO_ROOT, plan.dist);
  if (!plan.build && fs.existsSync(path.join(dist, 'index.html'))) return dist;
  log(`building the app into ${plan.dist}/`);
  const args = plan.dist === 'dist' ? ['run', 'build'] : ['exec', '--', 'vite', 'build', '--outDir', plan.dist];
  const r = spawnSync('npm', args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`the build failed (npm ${args.join(' ')})`);
  return dist;
}

async function machineInfo(plan: BenchPlan, page: EnginePage): Promise<{ machine: MachineInfo; gpu: GpuInfo | null }> {
  let chromiumVersion: string | null = null;
  let gpu: GpuInfo | null = null;
  const needsBrowser = plan.runtimes.some((r) => r !== 'node') || plan.sections.includes('ui');
  if (needsBrowser) {
    const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: true }));
    chromiumVersion = browser.version();
    await browser.close();
  }
  if (plan.runtimes.includes('webgpu')) {
    const e = await BrowserEngine.open({ page, modelsDir: MODELS_DIR, webgpu: true });
    try {
      gpu = (await withTimeout(e.request({ type: 'probe' }, 'probe-result'), 60_000, 'the adapter probe')).gpu;
    } finally {
      await e.close();
    }
  }
  const cpus = os.cpus();
  const adapter = gpu?.adapterFound
    ? `${[gpu.vendor, gpu.architecture].filter(Boolean).join(' ')}${gpu.description ? ` (${gpu.description})` : ''}`
    : null;
  return {
    gpu,
    machine: {
      cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
      logicalCores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      loadAverage: [os.loadavg()[0]!, os.loadavg()[0]!],
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.versions.node,
      chromium: chromiumVersion,
      adapter,
      adapterIsSoftware: !!gpu && (gpu.isFallbackAdapter || /swiftshader|llvmpipe|software/i.test(`${gpu.architecture} ${gpu.description}`)),
      adapterFeatures: gpu?.features ?? [],
    },
  };
}

async function chatSection(plan: BenchPlan, dirs: Record<Shape, string>, page: EnginePage, gpu: GpuInfo | null): Promise<ChatRow[]> {
  const rows: ChatRow[] = [];
  const dtype = plan.chat.dtype;
  const spec = (mode: ChatBenchSpec['mode']): ChatBenchSpec => ({
    mode,
    turns: plan.chat.turns,
    answerTokens: plan.chat.answerTokens,
    questionWords: plan.chat.questionWords,
  });
  const compare = (engine: ChatBenchTurn[], peer: ChatBenchTurn[]) => engine.every((t, i) => t.text === peer[i]?.text);
  for (const shape of plan.chat.shapes) {
    for (const runtime of plan.runtimes) {
      const skip = skipReason(runtime, dtype, gpu);
      if (skip) {
        rows.push({ shape, dtype, runtime, status: 'skipped', reason: skip });
        continue;
      }
      log(`chat ${shape} ${dtype} ${runtime}: ${plan.chat.turns} turns, our engine vs the peer's way`);
      try {
        if (runtime === 'node') {
          const engine = await withTimeout(nativeChat(dirs[shape], dtype, spec('engine')), 600_000, 'the chat');
          const peer = await withTimeout(nativeChat(dirs[shape], dtype, spec('peer')), 600_000, 'the chat');
          rows.push({ shape, dtype, runtime, status: 'ok', engine, peer, sameAnswers: compare(engine, peer) });
          continue;
        }
        const e = await BrowserEngine.open({ page, modelsDir: MODELS_DIR, webgpu: runtime === 'webgpu' });
        try {
          const info = await withTimeout(browserLoad(e, shape, dirs[shape], runtime, dtype), 600_000, 'loading');
          // The peer first: both start from a freshly loaded, warmed-up model and an empty cache.
          const peer = await withTimeout(e.chat(spec('peer')), 900_000, 'the chat');
          const engine = await withTimeout(e.chat(spec('engine')), 900_000, 'the chat');
          const passLimit = info.attentionPassLimit?.tokens;
          rows.push({ shape, dtype, runtime, status: 'ok', engine, peer, sameAnswers: compare(engine, peer), ...(passLimit ? { passLimit } : {}) });
        } finally {
          await e.close();
        }
      } catch (err) {
        rows.push({ shape, dtype, runtime, status: 'failed', reason: errText(err) });
      }
    }
  }
  return rows;
}

/** The UI's streaming cost, measured by the UI's own script (ui-streaming.ts) on the built app. */
async function uiSection(plan: BenchPlan, dist: string): Promise<UiRow> {
  log(`ui streaming: ${plan.uiTokens}-token answer in the real UI`);
  try {
    const result = await withTimeout(runUiStreaming({ dist, tokens: plan.uiTokens, quick: plan.quick }), 900_000, 'the UI streaming run');
    return { status: 'ok', result, lines: result.lines };
  } catch (e) {
    return { status: 'failed', reason: errText(e) };
  }
}

function bandwidthSection(plan: BenchPlan, dirs: Record<Shape, string>, rows: StandardRow[], machine: MachineInfo): BandwidthRow[] {
  if (!plan.shapes.includes('r1-1.5b')) return [];
  const dir = dirs['r1-1.5b'];
  const config = parseLlmConfig(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')));
  if (!config) return [];
  const spec = plan.standard['r1-1.5b'];
  const context = spec.promptTokens + spec.newTokens / 2;
  const out: BandwidthRow[] = [];
  for (const dtype of plan.dtypes) {
    const file = path.join(dir, onnxFileFor(dtype));
    if (!fs.existsSync(file)) continue;
    const graph = decodeBytesPerTokenFromGraph(scanOnnx(file));
    // Weights read once per token, plus the KV cache at the mean context of the measured answer.
    const bytesPerToken = graph.perToken + kvCacheBytes(config, context, dtype);
    const gpuRow = rows.find((r) => r.shape === 'r1-1.5b' && r.dtype === dtype && r.runtime === 'webgpu');
    const measured = gpuRow?.status === 'ok' ? (gpuRow.summary?.decodeTokPerSec.median ?? null) : null;
    const known = machine.adapter ? knownBandwidth(machine.adapter) : null;
    const gbPerSec = plan.bandwidthGBs ?? known?.gbPerSec ?? null;
    let note: string;
    if (machine.adapterIsSoftware) note = 'software adapter (the CPU): there is no GPU memory bandwidth to compare with';
    else if (!gpuRow || gpuRow.status !== 'ok') note = `no WebGPU run of this model${gpuRow?.reason ? ` (${gpuRow.reason.slice(0, 80)})` : ''}`;
    else if (gbPerSec === null) note = 'bandwidth unknown for this adapter: pass --bandwidth GBps';
    else note = plan.bandwidthGBs !== null ? 'bandwidth from --bandwidth' : `bandwidth of the ${known!.name} (datasheet)`;
    const bound = gbPerSec !== null && measured !== null && !machine.adapterIsSoftware ? bandwidthBound(bytesPerToken, gbPerSec, measured) : null;
    out.push({
      shape: 'r1-1.5b',
      dtype,
      bytesPerToken: Math.round(bytesPerToken),
      bytesPerTokenFromConfig: Math.round(decodeBytesPerToken(config, dtype, context)),
      gpu: machine.adapter,
      gbPerSec,
      boundTokPerSec: bound?.boundTokPerSec ?? null,
      measuredTokPerSec: measured,
      fraction: bound?.fraction ?? null,
      note,
    });
  }
  return out;
}

async function main(): Promise<void> {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`${sig}: closing the browsers`);
      void BrowserEngine.closeAll().finally(() => process.exit(130));
    });
  }
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  let plan: BenchPlan;
  try {
    plan = parsePlan(argv, os.cpus().length);
  } catch (e) {
    console.error(`error: ${errText(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  const startedAt = new Date();
  const browserNeeded = plan.runtimes.some((r) => r !== 'node') || plan.sections.includes('ui');
  if (browserNeeded) requireChromium();
  const dirs = await ensureModels(plan);
  // The UI section measures the built app; the engine rows run the bench's own page and worker.
  const dist = plan.sections.includes('ui') ? ensureBuild(plan) : path.resolve(REPO_ROOT, plan.dist);
  const page = await benchPage(plan.build, log);
  const { machine, gpu } = await machineInfo(plan, page);
  log(`machine: ${machine.cpuModel}, ${machine.logicalCores} cores; adapter ${machine.adapter ?? 'none'}`);

  const standard = plan.sections.includes('standard') ? await standardSection(plan, dirs, page, gpu) : [];
  const chat = plan.sections.includes('chat') ? await chatSection(plan, dirs, page, gpu) : [];
  const ui = plan.sections.includes('ui') ? await uiSection(plan, dist) : null;
  const bandwidth = bandwidthSection(plan, dirs, standard, machine);

  const notes: string[] = [];
  if (machine.adapterIsSoftware) {
    notes.push('The WebGPU adapter is SwiftShader (the CPU emulating a GPU): its rows show what the WebGPU code path costs, not what a GPU can do. The app itself picks WASM on such an adapter.');
  }
  if (plan.shapes.includes('r1-1.5b')) {
    notes.push('r1-1.5b runs are short (few tokens) because on this CPU the 1.5B model decodes slowly in the browser; the tiny rows carry the statistics.');
  }
  machine.loadAverage[1] = os.loadavg()[0]!;
  const report: BenchReport = {
    format: 'local-r1-bench',
    version: 1,
    startedAt: startedAt.toISOString(),
    durationSec: (performance.now() - T0) / 1000,
    command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    machine,
    standard,
    chat,
    ui,
    bandwidth,
    notes,
  };

  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const outDir = path.resolve(REPO_ROOT, plan.outDir, stamp);
  fs.mkdirSync(outDir, { recursive: true });
  const md = renderMarkdown(report);
  const files: [string, string][] = [
    ['results.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', md],
  ];
  for (const shape of plan.shapes) {
    const svg = decodeChartSvg(report, shape);
    if (svg) files.push([`decode-${shape}.svg`, svg]);
  }
  for (const [name, text] of files) {
    fs.writeFileSync(path.join(outDir, name), text);
    fs.writeFileSync(path.resolve(REPO_ROOT, plan.outDir, `latest-${name}`), text);
  }
  console.log(md);
  log(`wrote ${path.relative(REPO_ROOT, outDir)}/{${files.map(([n]) => n).join(',')}} (and ${plan.outDir}/latest-*)`);
  const failed = [...standard, ...chat].filter((r) => r.status === 'failed');
  if (failed.length) log(`${failed.length} row(s) failed; see the table`);
  // The tiny model must always run: a failure there is a bug (the real-size rows may hit real limits).
  process.exit(failed.some((r) => r.shape === 'tiny') ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
