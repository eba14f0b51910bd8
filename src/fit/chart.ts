/**
 * A terminal chart of measured points and the fitted USL curve, as a plain string:
 * axes with ticks and labels, one glyph for measurements, another for the curve, a third
 * for the peak. Deterministic; plain ASCII unless `unicode` is asked for.
 */

import { type LoadPoint, type UslParams, uslPeak, uslThroughput } from './usl-model.js';
import { maxOf } from '../model/extremes.js';

/** Chart options. Width and height are the plot area in characters, axes excluded. */
export interface ChartOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Right end of the x axis; defaults to the largest N (or the peak N*, when it is near). */
  xMax?: number;
  /** Box-drawing axes and round glyphs instead of ASCII. */
  unicode?: boolean;
}

const ASCII = { point: 'o', curve: '.', peak: '*', tick: '+', vertical: '|', horizontal: '-' };
const UNICODE = { point: '●', curve: '·', peak: '★', tick: '┼', vertical: '│', horizontal: '─' };

/** Points to draw: objects, or columns where point i is (n[i], x[i]) (a fit's points, FittedPoints). */
export type ChartPoints = readonly LoadPoint[] | { readonly n: ArrayLike<number>; readonly x: ArrayLike<number> };

/** The points' N and X as columns. */
function columnsOf(points: ChartPoints): { n: ArrayLike<number>; x: ArrayLike<number> } {
  if (!Array.isArray(points)) return points as { n: ArrayLike<number>; x: ArrayLike<number> };
  const list = points as readonly LoadPoint[];
  return { n: list.map((p) => p.n), x: list.map((p) => p.x) };
}

/** Draw the points and, when given, the fitted curve X(N) and its peak. */
export function renderChart(points: ChartPoints, params: UslParams | null, options: ChartOptions = {}): string {
  const { n: ns, x: xs } = columnsOf(points);
  const width = Math.max(10, Math.floor(options.width ?? 60));
  const height = Math.max(5, Math.floor(options.height ?? 15));
  const g = options.unicode ? UNICODE : ASCII;
  const nMax = Math.max(1, maxOf(ns));
  const peak = params ? uslPeak(params) : null;
  const nStar = peak?.concurrency ?? null;
  const wantX = options.xMax ?? (nStar !== null && nStar > nMax && nStar <= 2 * nMax ? nStar * 1.1 : nMax);
  const xAxis = niceAxis(wantX);
  const curveAt = (n: number): number => (params ? Math.max(0, uslThroughput(params, n)) : 0);
  let yWant = Math.max(0, maxOf(xs));
  if (params) for (let c = 0; c < width; c++) yWant = Math.max(yWant, curveAt((c / (width - 1)) * xAxis.max));
  const yAxis = niceAxis(yWant > 0 ? yWant * 1.02 : 1);

  const grid: string[][] = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  const colOf = (n: number): number => Math.round((n / xAxis.max) * (width - 1));
  const rowOf = (x: number): number => height - 1 - Math.round((x / yAxis.max) * (height - 1));
  const put = (row: number, col: number, glyph: string): void => {
    if (row >= 0 && row < height && col >= 0 && col < width) (grid[row] as string[])[col] = glyph;
  };

  if (params) {
    let previous: number | null = null;
    for (let c = 0; c < width; c++) {
      const row = rowOf(curveAt((c / (width - 1)) * xAxis.max));
      put(row, c, g.curve);
      if (previous !== null && Math.abs(row - previous) > 1) {
        // Join steep segments so the curve reads as one line.
        const step = row > previous ? 1 : -1;
        for (let r: number = previous + step; r !== row; r += step) put(r, c, g.curve);
      }
      previous = row;
    }
  }
  for (let i = 0; i < ns.length; i++) if ((ns[i] as number) <= xAxis.max) put(rowOf(xs[i] as number), colOf(ns[i] as number), g.point);
  // The peak is drawn last so a nearby measurement cannot hide it.
  if (nStar !== null && peak?.throughput != null && nStar <= xAxis.max) put(rowOf(peak.throughput), colOf(nStar), g.peak);

  const yTicks = new Map<number, string>();
  for (let v = 0; v <= yAxis.max + yAxis.step / 2; v += yAxis.step) yTicks.set(rowOf(v), formatTick(v, yAxis.step));
  const labelWidth = Math.max(...[...yTicks.values()].map((s) => s.length));
  const pad = ' '.repeat(labelWidth);
  const lines: string[] = [];
  if (options.yLabel) lines.push(`${pad} ${options.yLabel}`);
  grid.forEach((cells, row) => {
    const label = yTicks.get(row);
    const axis = label === undefined ? `${pad} ${g.vertical}` : `${label.padStart(labelWidth)} ${g.tick}`;
    lines.push(`${axis}${cells.join('')}`.trimEnd());
  });

  const xTickCols: { col: number; text: string }[] = [];
  for (let v = 0; v <= xAxis.max + xAxis.step / 2; v += xAxis.step) xTickCols.push({ col: colOf(v), text: formatTick(v, xAxis.step) });
  // Column 0 sits right after the corner, which already marks the origin.
  const axisLine = Array.from({ length: width }, (_, c) => (c > 0 && xTickCols.some((t) => t.col === c) ? g.tick : g.horizontal));
  lines.push(`${pad} ${g.tick}${axisLine.join('')}`);
  const labels = new Array<string>(labelWidth + 2 + width + 8).fill(' ');
  let free = 0;
  for (const { col, text } of xTickCols) {
    const start = Math.max(labelWidth + 2 + col - Math.floor(text.length / 2), 0);
    if (start < free) continue;
    for (let i = 0; i < text.length; i++) labels[start + i] = text[i] as string;
    free = start + text.length + 1;
  }
  lines.push(labels.join('').trimEnd());
  if (options.xLabel) lines.push(`${pad}  ${centre(options.xLabel, width)}`.trimEnd());
  const legend = [`${g.point} measured`];
  if (params) legend.push(`${g.curve} USL fit`);
  if (params && nStar !== null && nStar <= xAxis.max) legend.push(`${g.peak} peak N*`);
  if (params && nStar !== null && nStar > xAxis.max) legend.push(`(peak N* = ${formatTick(nStar, nStar / 100)} is off the chart)`);
  lines.push(`${pad}  ${legend.join('   ')}`);
  return `${lines.join('\n')}\n`;
}

/*
 * "Nice" axis (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990):
 *   step = nice(max / 5) with nice(v) ∈ {1, 2, 5} × 10^k, axis max = ⌈max / step⌉ · step.
 */
/** A 0-based axis covering `max` with about five ticks at 1, 2 or 5 × 10^k. */
export function niceAxis(max: number): { max: number; step: number } {
  const target = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = target / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  const step = nice * magnitude;
  return { max: Math.ceil(target / step - 1e-9) * step, step };
}

/** A tick label with as many decimals as the step needs, and k/M for large values. */
export function formatTick(value: number, step: number): string {
  const abs = Math.abs(value);
  for (const [scale, suffix, from] of [[1e6, 'M', 1e6], [1e3, 'k', 1e4]] as const) {
    if (abs >= from && step >= scale / 100) return `${trim((value / scale).toFixed(decimals(step / scale)))}${suffix}`;
  }
  return trim(value.toFixed(decimals(step)));
}

function decimals(step: number): number {
  if (!(step > 0)) return 0;
  return Math.min(10, Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function centre(text: string, width: number): string {
  const left = Math.max(0, Math.floor((width - text.length) / 2));
  return ' '.repeat(left) + text;
}
