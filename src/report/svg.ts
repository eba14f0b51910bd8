/**
 * Hand-written SVG: coordinates, linear scales, axis ticks and the accessible chart wrapper
 * (`role="img"`, `<title>`, `<desc>`, a caption and a data table to read instead). Pure.
 */
import { attrs, esc } from './escape.js';

/** A coordinate as SVG text: at most one decimal, no `-0`, so that output bytes are stable. */
export function px(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

/** A linear map from a data domain onto a pixel range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
}

/*
 * "Nice numbers for graph labels" (Paul S. Heckbert, Graphics Gems, 1990): the tick step is
 * 1, 2, 5 or 10 × 10^k, chosen from the range divided by the wanted number of ticks, and the
 * axis runs from floor(min / step) × step to ceil(max / step) × step.
 */
function niceNumber(x: number, round: boolean): number {
  const exp = Math.floor(Math.log10(x));
  const f = x / 10 ** exp;
  const nice = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * 10 ** exp;
}

/** Ticks of an axis covering [min, max] in about `count` nice steps (Heckbert); the axis bounds are the first and last tick. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [0, 1];
  if (max <= min) max = min === 0 ? 1 : min + Math.abs(min);
  const step = niceNumber(niceNumber(max - min, false) / Math.max(1, count - 1), true);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounded to the step's decimals so that 0.1 + 0.2 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let i = 0; lo + i * step <= hi + step / 2; i++) ticks.push(Number((lo + i * step).toFixed(decimals)));
  return ticks;
}

/** What an accessible chart needs besides its drawing. */
export interface ChartFrame {
  /** Unique in the page; prefixes the ids of the title and description. */
  id: string;
  width: number;
  height: number;
  /** Short name, read first by screen readers and shown on hover. */
  title: string;
  /** What the chart shows, in words and numbers. */
  desc: string;
  /** Extra class of the <svg>. */
  className?: string;
}

/** An <svg> with role="img", labelled by its <title> and <desc>, scaling down to its container. */
export function svgChart(frame: ChartFrame, body: string): string {
  const t = `${frame.id}-title`;
  const d = `${frame.id}-desc`;
  return (
    `<svg${attrs({ class: `chart${frame.className ? ` ${frame.className}` : ''}`, xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${px(frame.width)} ${px(frame.height)}`, width: px(frame.width), height: px(frame.height), role: 'img', 'aria-labelledby': `${t} ${d}` })}>` +
    `<title id="${t}">${esc(frame.title)}</title><desc id="${d}">${esc(frame.desc)}</desc>${body}</svg>`
  );
}

/** A <figure> holding a chart and its caption, followed by its data as a table behind a disclosure. */
export function chartFigure(opts: { id: string; caption: string; svg: string; table: string; extra?: string }): string {
  return (
    `<div class="chart-block" id="${esc(opts.id)}"><figure>${opts.svg}${opts.extra ?? ''}<figcaption>${esc(opts.caption)}</figcaption></figure>` +
    `<details class="data"><summary>The data of this chart as a table</summary>${opts.table}</details></div>`
  );
}

/** SVG text, escaped, with optional attributes. */
export function svgText(x: number, y: number, text: string, extra: Record<string, string | number | null> = {}): string {
  return `<text${attrs({ x: px(x), y: px(y), ...extra })}>${esc(text)}</text>`;
}

/** Approximate width of text in a sans-serif face: 0.58 em per character (no font metrics offline). */
export function textWidth(text: string, fontPx: number): number {
  return [...text].length * fontPx * 0.58;
}

/** Text cut to fit `maxPx` with an ellipsis (the full text belongs in a <title>). */
export function fitText(text: string, fontPx: number, maxPx: number): string {
  if (textWidth(text, fontPx) <= maxPx) return text;
  const chars = [...text];
  const keep = Math.max(1, Math.floor(maxPx / (fontPx * 0.58)) - 1);
  return `${chars.slice(0, keep).join('')}…`;
}
