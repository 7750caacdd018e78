/**
 * ONNX Runtime profile events (Chrome trace format) → time per operator type per decode step.
 * Pure functions: test/unit/op-profile-events.test.ts reads them without a runtime.
 */

export interface ProfileEvent {
  cat: string;
  name: string;
  /** Microseconds. */
  ts: number;
  dur: number;
  args?: { op_name?: string; provider?: string };
}

/**
 * The profile as onnxruntime-node writes it (one JSON array) or as the WebAssembly build prints it (the same
 * events, one per console line, with the array's brackets and commas around them).
 */
export function parseProfile(text: string): ProfileEvent[] {
  const trimmed = text.trim();
  try {
    const all = JSON.parse(trimmed) as unknown;
    if (Array.isArray(all)) return all.filter(isEvent);
  } catch {
    // not one array: parse line by line below
  }
  const events: ProfileEvent[] = [];
  for (const raw of trimmed.split('\n')) {
    const line = raw.trim().replace(/^\[/, '').replace(/[,\]]+$/, '');
    if (!line.startsWith('{')) continue;
    try {
      const e = JSON.parse(line) as unknown;
      if (isEvent(e)) events.push(e);
    } catch {
      // a line of something else the runtime printed
    }
  }
  return events;
}

function isEvent(e: unknown): e is ProfileEvent {
  const o = e as Partial<ProfileEvent> | null;
  return !!o && typeof o.cat === 'string' && typeof o.name === 'string' && typeof o.ts === 'number' && typeof o.dur === 'number';
}

export interface OpSummary {
  /** Mean wall time of a run (`model_run`), ms. */
  stepMs: number;
  /** Mean kernel time per step, ms, by operator type, largest first. */
  ops: { op: string; ms: number; share: number; nodes: number }[];
  /** Kernel time summed, ms per step (≤ stepMs: the rest is the runtime between kernels). */
  kernelMs: number;
}

/** The last `steps` runs of the session (earlier ones are warm-up), averaged per step. */
export function summarise(events: ProfileEvent[], steps: number): OpSummary {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
  if (runs.length < steps) throw new Error(`profile has ${runs.length} runs, expected at least ${steps}`);
  const counted = runs.slice(runs.length - steps);
  const from = counted[0]!.ts;
  const byOp = new Map<string, { us: number; names: Set<string> }>();
  for (const e of events) {
    if (e.cat !== 'Node' || e.ts < from || !e.name.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? '?';
    const entry = byOp.get(op) ?? { us: 0, names: new Set<string>() };
    entry.us += e.dur;
    entry.names.add(e.name);
    byOp.set(op, entry);
  }
  const stepMs = counted.reduce((n, r) => n + r.dur, 0) / steps / 1000;
  const kernelMs = [...byOp.values()].reduce((n, v) => n + v.us, 0) / steps / 1000;
  const ops = [...byOp.entries()]
    .map(([op, v]) => ({ op, ms: v.us / steps / 1000, share: kernelMs > 0 ? v.us / steps / 1000 / kernelMs : 0, nodes: v.names.size }))
    .sort((a, b) => b.ms - a.ms);
  return { stepMs, ops, kernelMs };
}

/** A markdown table per configuration: step time, then the `top` operator types with their share. */
export function table(results: { label: string; summary: OpSummary }[], top: number): string {
  const lines: string[] = [];
  for (const { label, summary } of results) {
    lines.push(`### ${label}: ${summary.stepMs.toFixed(1)} ms per decode step (kernels ${summary.kernelMs.toFixed(1)} ms)`, '');
    lines.push('| operator | nodes | ms per step | share of kernel time |', '| --- | ---: | ---: | ---: |');
    for (const o of summary.ops.slice(0, top)) lines.push(`| ${o.op} | ${o.nodes} | ${o.ms.toFixed(2)} | ${(o.share * 100).toFixed(1)} % |`);
    const rest = summary.ops.slice(top);
    if (rest.length) {
      const ms = rest.reduce((n, o) => n + o.ms, 0);
      lines.push(`| ${rest.length} other types | ${rest.reduce((n, o) => n + o.nodes, 0)} | ${ms.toFixed(2)} | ${((ms / summary.kernelMs) * 100).toFixed(1)} % |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
