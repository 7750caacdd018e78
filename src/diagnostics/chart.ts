/**
 * A line chart of decode speed over the answer's length: the geometry (scales, ticks, polylines) as
 * plain data, rendered by the Hardware page as React SVG elements and by `npm run bench` as an SVG
 * file (`renderSvg`). Pure; no chart library needed for a few polylines.
 */

export interface Series {
  label: string;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  title?: string;
}

export interface Tick {
  value: number;
  /** Pixel position along the axis. */
  pos: number;
  label: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: Tick[];
  yTicks: Tick[];
  lines: { label: string; color: string; points: string }[];
  xLabel: string;
  yLabel: string;
  title?: string;
}

/** Colour-blind-safe palette (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'];

/** "Nice" tick values (1, 2, 5 × 10^k) covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(lo / step) * step;
  const out: number[] = [];
  for (let v = first; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if (out.at(-1)! < hi) out.push(Number((out.at(-1)! + step).toPrecision(12)));
  return out;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? `${(v / 1000).toPrecision(3)}k` : Number(v.toPrecision(3)).toString());

export function chartGeometry(series: readonly Series[], o: ChartOptions): ChartGeometry {
  const plot = { left: 56, top: o.title ? 34 : 14, right: o.width - 14, bottom: o.height - 62 };
  const finite = series.flatMap((s) => s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  const xs = finite.map((p) => p.x);
  const ys = finite.map((p) => p.y);
  const xt = niceTicks(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 6);
  const yt = niceTicks(0, ys.length ? Math.max(...ys) : 1, 5);
  const x0 = xt[0] ?? 0;
  const x1 = xt.at(-1) ?? 1;
  const y1 = yt.at(-1) ?? 1;
  const sx = (x: number) => plot.left + ((x - x0) / (x1 - x0 || 1)) * (plot.right - plot.left);
  const sy = (y: number) => plot.bottom - (y / (y1 || 1)) * (plot.bottom - plot.top);
  return {
    width: o.width,
    height: o.height,
    plot,
    xTicks: xt.map((v) => ({ value: v, pos: sx(v), label: fmt(v) })),
    yTicks: yt.map((v) => ({ value: v, pos: sy(v), label: fmt(v) })),
    lines: series.map((s, i) => ({
      label: s.label,
      color: PALETTE[i % PALETTE.length]!,
      points: s.points
        .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
        .map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
        .join(' '),
    })),
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    ...(o.title ? { title: o.title } : {}),
  };
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A standalone SVG document (for files written by `npm run bench`). */
export function renderSvg(g: ChartGeometry): string {
  const { plot } = g;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  if (g.title) parts.push(`<text x="${g.width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="600">${escapeXml(g.title)}</text>`);
  for (const t of g.yTicks) {
    parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${t.pos.toFixed(1)}" y2="${t.pos.toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${plot.left - 6}" y="${(t.pos + 4).toFixed(1)}" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  for (const t of g.xTicks) {
    parts.push(`<line x1="${t.pos.toFixed(1)}" x2="${t.pos.toFixed(1)}" y1="${plot.bottom}" y2="${plot.bottom + 4}" stroke="#666"/>`);
    parts.push(`<text x="${t.pos.toFixed(1)}" y="${plot.bottom + 16}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#666"/>`);
  parts.push(`<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#666"/>`);
  parts.push(`<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 32}" text-anchor="middle">${escapeXml(g.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(14 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(g.yLabel)}</text>`,
  );
  for (const l of g.lines) {
    if (l.points) parts.push(`<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${l.points}"/>`);
  }
  // Legend under the axis label, two columns.
  const colWidth = (g.width - plot.left - 8) / 2;
  g.lines.forEach((l, i) => {
    const lx = plot.left + (i % 2) * colWidth;
    const ly = plot.bottom + 48 + Math.floor(i / 2) * 14;
    parts.push(`<line x1="${lx}" x2="${lx + 16}" y1="${ly - 4}" y2="${ly - 4}" stroke="${l.color}" stroke-width="3"/>`);
    parts.push(`<text x="${lx + 20}" y="${ly}">${escapeXml(l.label)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
