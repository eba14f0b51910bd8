/**
 * A terminal line chart: one or more series over a shared x axis, optional horizontal reference
 * lines (a target) and labelled marks under the x axis (where each component gives out).
 * Deterministic, as wide as asked (the plot plus a y-label gutter), box-drawing axes or ASCII.
 * Values above the axis top are clipped and drawn as `^`.
 */
import { formatTick, niceAxis } from '../fit/chart.js';
import { wrapText } from '../render/wrap.js';
import { maxOf } from '../model/extremes.js';

/** One line of the chart: y values at the chart's x values (NaN or Infinity: no point; Infinity clips to the top). */
export interface ChartSeries {
  label: string;
  glyph: string;
  ys: readonly number[];
}

/** A horizontal reference line (e.g. a latency target). */
export interface ChartRule {
  y: number;
  label: string;
}

/** A labelled position on the x axis (e.g. where a component saturates). */
export interface ChartMark {
  x: number;
  label: string;
}

/** Chart options; widths in characters. */
export interface LineChartOptions {
  /** Total width including the y labels (default 78). */
  width?: number;
  /** Plot rows (default 14). */
  height?: number;
  /** Top of the y axis; values above it are clipped (default: the largest finite y). */
  yMax?: number;
  xLabel: string;
  yLabel: string;
  rules?: readonly ChartRule[];
  marks?: readonly ChartMark[];
  /** Box-drawing axes (default); false: ASCII. */
  unicode?: boolean;
}

const BOX = { tick: '┤', axis: '│', corner: '└', xTick: '┬', line: '─' };
const PLAIN = { tick: '+', axis: '|', corner: '+', xTick: '+', line: '-' };

/** Draws the series against `xs` (increasing). */
export function renderLineChart(xs: readonly number[], series: readonly ChartSeries[], opts: LineChartOptions): string {
  const axis = opts.unicode === false ? PLAIN : BOX;
  const height = Math.max(4, Math.floor(opts.height ?? 14));
  const finiteYs = series.flatMap((s) => s.ys.filter((y) => Number.isFinite(y)));
  const yTop = opts.yMax ?? Math.max(0, maxOf(finiteYs), maxOf((opts.rules ?? []).map((r) => r.y)));
  const yAxis = niceAxis(yTop > 0 ? yTop : 1);
  const yTicks: { row: number; text: string }[] = [];
  const rowOf = (y: number) => height - 1 - Math.round((y / yAxis.max) * (height - 1));
  for (let v = 0; v <= yAxis.max + yAxis.step / 2; v += yAxis.step) yTicks.push({ row: rowOf(v), text: formatTick(v, yAxis.step) });
  const gutter = Math.max(...yTicks.map((t) => t.text.length));
  const width = Math.max(10, Math.floor(opts.width ?? 78) - gutter - 2);

  const xMin = xs[0] ?? 0;
  const xMax = Math.max(xs[xs.length - 1] ?? 1, xMin + 1e-12);
  const xStep = niceAxis(xMax - xMin).step;
  const colOf = (x: number) => Math.round(((x - xMin) / (xMax - xMin)) * (width - 1));
  const xOf = (col: number) => xMin + ((xMax - xMin) * col) / (width - 1);

  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const put = (row: number, col: number, glyph: string) => {
    if (row >= 0 && row < height && col >= 0 && col < width) grid[row]![col] = glyph;
  };
  for (const rule of opts.rules ?? []) {
    if (rule.y <= yAxis.max) for (let c = 0; c < width; c += 2) put(rowOf(rule.y), c, '-');
  }
  // Whether a column is drawn as `^` (a value above the chart, or none: unbounded), which the legend then names.
  let above = false;
  for (const s of series) {
    let prevRow: number | null = null;
    columnValues(xs, s.ys, width, colOf, xOf).forEach((y, col) => {
      if (Number.isNaN(y)) {
        prevRow = null;
        return;
      }
      if (y > yAxis.max) {
        above = true;
        put(0, col, '^');
        prevRow = null;
        return;
      }
      const row = rowOf(y);
      put(row, col, s.glyph);
      // Join a steep rise (or fall) to the previous column, so the curve reads as one line.
      if (prevRow !== null) for (let r = Math.min(row, prevRow) + 1; r < Math.max(row, prevRow); r++) put(r, col, s.glyph);
      prevRow = row;
    });
  }

  const lines: string[] = [`${' '.repeat(gutter)} ${opts.yLabel}`];
  const tickAt = new Map(yTicks.map((t) => [t.row, t.text]));
  grid.forEach((cells, row) => {
    const label = tickAt.get(row);
    lines.push(`${(label ?? '').padStart(gutter)} ${label === undefined ? axis.axis : axis.tick}${cells.join('')}`.trimEnd());
  });
  const xTicks: { col: number; text: string }[] = [];
  for (let v = Math.ceil(xMin / xStep - 1e-9) * xStep; v <= xMax * (1 + 1e-9); v += xStep) xTicks.push({ col: colOf(v), text: formatTick(v, xStep) });
  lines.push(`${' '.repeat(gutter)} ${axis.corner}${Array.from({ length: width }, (_, c) => (xTicks.some((t) => t.col === c) ? axis.xTick : axis.line)).join('')}`);
  lines.push(placeLabels(xTicks, gutter + 2, gutter + 2 + width));
  const marks = (opts.marks ?? []).filter((m) => m.x >= xMin && m.x <= xMax);
  if (marks.length) lines.push(placeLabels(marks.map((m) => ({ col: colOf(m.x), text: m.label })), gutter + 2, gutter + 2 + width, true));
  for (const l of wrapText(opts.xLabel, width)) lines.push(`${' '.repeat(gutter + 2)}${centre(l, width)}`.trimEnd());
  const legend = [...series.map((s) => `${s.glyph} ${s.label}`), ...(opts.rules ?? []).map((r) => `- - ${r.label}`), ...(above ? ['^ above the chart or unbounded'] : [])];
  if (legend.length) for (const l of wrapText(legend.join('   '), width)) lines.push(`${' '.repeat(gutter + 2)}${l}`);
  return lines.join('\n');
}

/**
 * The value drawn in each column: the largest of the points that fall in it (so a spike is not
 * lost when many points share a column), else the straight line between the neighbouring
 * points, NaN where there is no data or a neighbour is unbounded.
 */
function columnValues(xs: readonly number[], ys: readonly number[], width: number, colOf: (x: number) => number, xOf: (col: number) => number): number[] {
  const out = new Array<number>(width).fill(Number.NaN);
  xs.forEach((x, i) => {
    const y = ys[i]!;
    const col = colOf(x);
    if (Number.isNaN(y) || col < 0 || col >= width) return;
    out[col] = Number.isNaN(out[col]!) ? y : Math.max(out[col]!, y);
  });
  let j = 0;
  for (let col = 0; col < width; col++) {
    if (!Number.isNaN(out[col]!)) continue;
    const x = xOf(col);
    while (j < xs.length - 1 && xs[j + 1]! < x) j++;
    const [xa, xb, ya, yb] = [xs[j]!, xs[j + 1], ys[j]!, ys[j + 1]];
    if (xb === undefined || yb === undefined || !(xa <= x && x <= xb) || Number.isNaN(ya) || Number.isNaN(yb)) continue;
    // Between a bounded and an unbounded point, the nearer one stands.
    out[col] = Number.isFinite(ya) && Number.isFinite(yb) ? ya + ((yb - ya) * (x - xa)) / (xb - xa) : x - xa < xb - x ? ya : yb;
  }
  return out;
}

/** A row of labels centred on their columns, skipping any that would overlap the previous one (or, stacked, shifted right). */
function placeLabels(items: readonly { col: number; text: string }[], offset: number, length: number, shift = false): string {
  const row = new Array<string>(length).fill(' ');
  let free = 0;
  for (const { col, text } of [...items].sort((a, b) => a.col - b.col)) {
    // Centred on the column, but kept inside the line: a label at the right end moves left.
    let start = Math.min(Math.max(0, offset + col - Math.floor(text.length / 2)), length - text.length);
    if (start < free) {
      if (!shift) continue;
      start = free;
    }
    if (start + text.length > length) continue;
    for (let i = 0; i < text.length; i++) row[start + i] = text[i]!;
    free = start + text.length + 1;
  }
  return row.join('').trimEnd();
}

function centre(text: string, width: number): string {
  return ' '.repeat(Math.max(0, Math.floor((width - text.length) / 2))) + text;
}
