/** Decode speed over the answer's length, as inline SVG (geometry from src/diagnostics/chart.ts). */
import { useId } from 'react';
import { chartGeometry, type Series } from '../../diagnostics/chart.ts';
import { useFmt } from '../i18n/react.ts';

export function DecodeChart({ series, title }: { series: Series[]; title: string }) {
  const f = useFmt();
  const id = useId();
  const g = chartGeometry(series, { width: 640, height: 300, xLabel: f.t('bench.chartX'), yLabel: f.t('bench.chartY') });
  const { plot } = g;
  return (
    <figure className="hw-chart">
      <svg viewBox={`0 0 ${g.width} ${g.height}`} role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{title}</title>
        {g.yTicks.map((t) => (
          <g key={`y${t.value}`}>
            <line x1={plot.left} x2={plot.right} y1={t.pos} y2={t.pos} className="hw-chart__grid" />
            <text x={plot.left - 6} y={t.pos + 4} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <g key={`x${t.value}`}>
            <line x1={t.pos} x2={t.pos} y1={plot.bottom} y2={plot.bottom + 4} className="hw-chart__axis" />
            <text x={t.pos} y={plot.bottom + 16} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} className="hw-chart__axis" />
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} className="hw-chart__axis" />
        <text x={(plot.left + plot.right) / 2} y={plot.bottom + 32} textAnchor="middle">
          {g.xLabel}
        </text>
        <text transform={`translate(14 ${(plot.top + plot.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          {g.yLabel}
        </text>
        {g.lines.map((l) => (
          <polyline key={l.label} points={l.points} fill="none" stroke={l.color} strokeWidth={2} />
        ))}
      </svg>
      <figcaption>
        <ul className="hw-chart__legend">
          {g.lines.map((l) => (
            <li key={l.label}>
              <span className="hw-chart__swatch" style={{ background: l.color }} aria-hidden="true" />
              {l.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
