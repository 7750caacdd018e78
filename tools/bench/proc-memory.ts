/**
 * Memory of the Chromium processes a benchmark launched (Linux `/proc`): walks the process tree under a
 * pid and reports, per Chromium process type, the largest value of one `/proc/<pid>/status` field —
 * `VmRSS` (now) or `VmHWM` (peak so far; Chromium may reset it, so samplers prefer `VmRSS`).
 */
import fs from 'node:fs';

export interface ChromiumMemory {
  renderer: number;
  gpu: number;
  browser: number;
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* the process is gone */
    }
  }
  return children;
}

/** Bytes of `field` for the largest renderer, GPU and browser process under `rootPid`. */
export function chromiumMemory(rootPid: number, field: 'VmRSS' | 'VmHWM'): ChromiumMemory {
  const children = childrenByParent();
  const out: ChromiumMemory = { renderer: 0, gpu: 0, browser: 0 };
  const pattern = new RegExp(`${field}:\\s+(\\d+) kB`);
  const visit = (pid: number) => {
    try {
      const bytes = Number(pattern.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const kind = cmd.includes('--type=renderer') ? 'renderer' : cmd.includes('--type=gpu-process') ? 'gpu' : cmd.includes('--type=') ? null : 'browser';
      if (kind && cmd.includes('chrom')) out[kind] = Math.max(out[kind], bytes);
    } catch {
      /* the process is gone */
    }
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(rootPid);
  return out;
}
