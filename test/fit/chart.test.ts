import { describe, expect, it } from 'vitest';
import { formatTick, niceAxis, renderChart } from '../../src/fit/chart.js';
import { fitUsl } from '../../src/fit/usl.js';
import { referencePoints } from './helpers.js';

const points = referencePoints('usl-specsdm91.csv', 'load', 'throughput');
const fit = fitUsl(points);
if (!fit.ok) throw new Error(fit.message);

describe('renderChart', () => {
  const chart = renderChart(points, fit.params, { width: 60, height: 15, xLabel: 'load', yLabel: 'throughput' });
  const lines = chart.trimEnd().split('\n');

  it('is plain ASCII by default and the same bytes every time', () => {
    expect(chart).toMatch(/^[\x20-\x7e\n]*$/);
    expect(renderChart(points, fit.params, { width: 60, height: 15, xLabel: 'load', yLabel: 'throughput' })).toBe(chart);
    expect(renderChart([...points].reverse(), fit.params, { width: 60, height: 15, xLabel: 'load', yLabel: 'throughput' })).toBe(chart);
  });

  it('has the requested plot size, axes, tick labels and a legend', () => {
    // y label, 15 plot rows, x axis, x tick labels, x label, legend
    expect(lines).toHaveLength(1 + 15 + 4);
    expect(lines[0]?.trim()).toBe('throughput');
    const plotRows = lines.slice(1, 16);
    for (const row of plotRows) expect(row).toMatch(/^\s*[\d.kM]*\s[+|]/);
    expect(plotRows.some((row) => /^\s*2000 \+/.test(row))).toBe(true);
    expect(plotRows[14]).toMatch(/^\s+0 \+/);
    const axis = lines[16] as string;
    expect(axis).toMatch(/^\s+\+[-+]{60}$/);
    expect(lines[17]).toMatch(/^\s+0\s+50\s+100\s+150\s+200\s+250$/);
    expect(lines[18]?.trim()).toBe('load');
    expect(lines[19]?.trim()).toBe('o measured   . USL fit   * peak N*');
  });

  it('plots each measurement and the curve with different glyphs', () => {
    const plot = lines.slice(1, 16).join('\n');
    // Some points can share a cell with the peak marker; at least 6 of 7 show.
    expect((plot.match(/o/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect((plot.match(/\./g) ?? []).length).toBeGreaterThan(40);
    expect((plot.match(/\*/g) ?? []).length).toBe(1);
    // The N = 1 point sits on the bottom rows at the left edge; the highest point is near the top.
    const yAxisWidth = (lines[1] as string).indexOf('+') + 1;
    const column = (row: string, col: number): string => row[yAxisWidth + col] ?? ' ';
    expect(lines.slice(13, 16).some((row) => column(row, 0) === 'o')).toBe(true);
  });

  it('draws points alone when there is no fit, and Unicode on request', () => {
    const bare = renderChart(points, null, { width: 30, height: 8 });
    expect(bare).not.toMatch(/USL fit/);
    expect(bare).toMatch(/o measured/);
    const fancy = renderChart(points, fit.params, { width: 30, height: 8, unicode: true });
    expect(fancy).toMatch(/●/);
    expect(fancy).toMatch(/│/);
  });

  it('says when the peak lies beyond the chart', () => {
    const far = { sigma: 0.01, kappa: 1e-6, lambda: 10 };
    expect(renderChart([{ n: 1, x: 10 }, { n: 10, x: 99 }], far, { width: 30, height: 8 })).toMatch(/peak N\* = \S+ is off the chart/);
  });
});

describe('axis helpers', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceAxis(216)).toEqual({ max: 250, step: 50 });
    expect(niceAxis(1883)).toEqual({ max: 2000, step: 500 });
    expect(niceAxis(0.7)).toEqual({ max: 0.8, step: 0.2 });
    expect(niceAxis(0)).toEqual({ max: 1, step: 0.2 });
  });
  it('formats ticks compactly', () => {
    expect(formatTick(15000, 5000)).toBe('15k');
    expect(formatTick(2500000, 500000)).toBe('2.5M');
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(5000, 5000)).toBe('5000');
  });
});
