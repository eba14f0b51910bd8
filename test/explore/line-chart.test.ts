/** The sweep's line chart: a value above the chart (or unbounded) is a `^` on its top row, and the legend says what `^` means. */
import { describe, expect, it } from 'vitest';
import { renderLineChart } from '../../src/explore/line-chart.js';

const xs = [1, 2, 3, 4, 5];
const chart = (ys: number[], yMax?: number) => renderLineChart(xs, [{ label: 'p95', glyph: '*', ys }], { xLabel: 'load', yLabel: 'ms', width: 60, height: 6, ...(yMax !== undefined ? { yMax } : {}) });

describe('renderLineChart', () => {
  it('names `^` in the legend where a value is above the chart or unbounded', () => {
    for (const text of [chart([1, 2, 3, 4, Infinity]), chart([1, 2, 3, 4, 50], 10)]) {
      const lines = text.split('\n');
      // The top row of the plot (after the y label) holds the `^`; the legend names it.
      expect(lines[1]).toMatch(/\^\s*$/);
      expect(lines.at(-1)!.trim()).toBe('* p95   ^ above the chart or unbounded');
    }
  });

  it('says nothing of `^` where every value is on the chart', () => {
    const text = chart([1, 2, 3, 4, 5]);
    expect(text).not.toContain('^');
    expect(text.split('\n').at(-1)!.trim()).toBe('* p95');
  });
});
