import { describe, expect, it } from 'vitest';
import { chartGeometry, escapeXml, niceTicks, renderSvg } from '../../src/diagnostics/chart.ts';

describe('decode-speed chart', () => {
  it('nice ticks cover the range with 1-2-5 steps', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 37, 5)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(1, 128, 6)).toEqual([0, 50, 100, 150]);
  });

  it('maps points inside the plot area, y up', () => {
    const g = chartGeometry([{ label: 'a', points: [{ x: 0, y: 0 }, { x: 10, y: 10 }] }], { width: 400, height: 300, xLabel: 'x', yLabel: 'y' });
    const [p0, p1] = g.lines[0]!.points.split(' ').map((s) => s.split(',').map(Number));
    expect(p0![0]).toBe(g.plot.left);
    expect(p0![1]).toBe(g.plot.bottom);
    expect(p1![0]).toBe(g.plot.right);
    expect(p1![1]).toBe(g.plot.top);
  });

  it('drops NaN points rather than drawing garbage', () => {
    const g = chartGeometry([{ label: 'a', points: [{ x: 1, y: NaN }, { x: 2, y: 3 }] }], { width: 400, height: 300, xLabel: 'x', yLabel: 'y' });
    expect(g.lines[0]!.points.split(' ')).toHaveLength(1);
  });

  it('renders a standalone SVG with escaped labels', () => {
    const svg = renderSvg(
      chartGeometry([{ label: 'WebGPU <q4> & "tiny"', points: [{ x: 1, y: 2 }, { x: 2, y: 3 }] }], {
        width: 400,
        height: 300,
        xLabel: 'tokens',
        yLabel: 'tok/s',
        title: 'Decode',
      }),
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('WebGPU &lt;q4&gt; &amp; &quot;tiny&quot;');
    expect(svg).toContain('<polyline');
    expect(escapeXml(`<'>`)).toBe('&lt;&apos;&gt;');
  });
});
