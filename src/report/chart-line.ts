/**
 * A line chart in SVG: series over a shared x axis, gaps where a value is missing, infinite or
 * above the axis (a saturated queue), horizontal rules (targets) and vertical marks (the peak,
 * the knee). Axes from Heckbert's nice ticks. Pure.
 */
import { attrs, esc } from './escape.js';
import { linearScale, niceTicks, px, svgText } from './svg.js';

/** One line. */
export interface LineSeries {
  name: string;
  /** y at each x; null, non-finite or above the axis leaves a gap. */
  values: readonly (number | null)[];
  /** Colour class (`k3`, `path`). */
  cls: string;
}

/** A labelled horizontal or vertical line. */
export interface ChartLine {
  at: number;
  label: string;
  cls: string;
}

/** What a line chart draws. */
export interface LineChartSpec {
  xs: readonly number[];
  series: readonly LineSeries[];
  /** Top of the y axis (values above it leave the chart); the axis ends at the nice tick at or above it. */
  yMax: number;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  xLabel: string;
  yLabel: string;
  rules?: readonly ChartLine[];
  marks?: readonly ChartLine[];
}

const WIDTH = 720;
const HEIGHT = 280;
const M = { left: 64, right: 18, top: 16, bottom: 42 };

/** The chart's body (to wrap with svgChart) and its size. */
export function lineChartBody(spec: LineChartSpec): { body: string; width: number; height: number } {
  const xTicks = niceTicks(Math.min(...spec.xs), Math.max(...spec.xs), 6);
  const yTicks = niceTicks(0, spec.yMax > 0 ? spec.yMax : 1, 5);
  const x = linearScale(xTicks[0]!, xTicks.at(-1)!, M.left, WIDTH - M.right);
  const y = linearScale(0, yTicks.at(-1)!, HEIGHT - M.bottom, M.top);
  const yTop = yTicks.at(-1)!;
  let body = '';
  for (const t of yTicks) body += `<line class="grid" x1="${M.left}" x2="${WIDTH - M.right}" y1="${px(y(t))}" y2="${px(y(t))}"/>` + svgText(M.left - 6, y(t) + 4, spec.formatY(t), { class: 'tick', 'text-anchor': 'end' });
  for (const t of xTicks) body += svgText(x(t), HEIGHT - M.bottom + 16, spec.formatX(t), { class: 'tick', 'text-anchor': 'middle' });
  body += `<line class="axis" x1="${M.left}" x2="${WIDTH - M.right}" y1="${px(y(0))}" y2="${px(y(0))}"/>`;
  body += svgText((M.left + WIDTH - M.right) / 2, HEIGHT - 6, spec.xLabel, { class: 'note', 'text-anchor': 'middle' });
  body += svgText(14, (M.top + HEIGHT - M.bottom) / 2, spec.yLabel, { class: 'note', 'text-anchor': 'middle', transform: `rotate(-90 14 ${px((M.top + HEIGHT - M.bottom) / 2)})` });
  for (const r of spec.rules ?? []) {
    if (!(r.at >= 0 && r.at <= yTop)) continue;
    body += `<line${attrs({ class: `rule ${r.cls}`, x1: M.left, x2: WIDTH - M.right, y1: px(y(r.at)), y2: px(y(r.at)) })}/>` + svgText(WIDTH - M.right - 4, y(r.at) - 4, r.label, { class: `rule-label ${r.cls}`, 'text-anchor': 'end' });
  }
  (spec.marks ?? []).forEach((m, i) => {
    if (!(m.at >= xTicks[0]! && m.at <= xTicks.at(-1)!)) return;
    // Labels alternate between two heights, so that marks close together stay readable.
    body += `<line${attrs({ class: `mark ${m.cls}`, x1: px(x(m.at)), x2: px(x(m.at)), y1: M.top, y2: px(y(0)) })}/>` + svgText(x(m.at) + 4, M.top + 10 + 13 * (i % 2), m.label, { class: `mark-label ${m.cls}` });
  });
  for (const s of spec.series) {
    const d = linePath(spec.xs, s.values, yTop, x, y);
    if (d) body += `<path class="line ${esc(s.cls)}" d="${d}"><title>${esc(s.name)}</title></path>`;
  }
  return { body, width: WIDTH, height: HEIGHT };
}

/** An SVG path through the drawable points, starting a new run after each gap. */
export function linePath(xs: readonly number[], ys: readonly (number | null)[], yTop: number, x: (v: number) => number, y: (v: number) => number): string {
  let d = '';
  let open = false;
  xs.forEach((xv, i) => {
    const yv = ys[i];
    if (yv === null || yv === undefined || !Number.isFinite(yv) || yv > yTop || yv < 0) {
      open = false;
      return;
    }
    d += `${open ? 'L' : 'M'}${px(x(xv))},${px(y(yv))}`;
    open = true;
  });
  return d;
}
