/**
 * The runway timeline and the sensitivity tornado, from `capplan runway` and
 * `capplan plan --uncertain` (src/explore/): the load month by month with the month each
 * component must scale and each first violation marked, and for each uncertain input the
 * monthly cost (or, unpriced, the headroom) of the plan sized with that input at its p10 and at
 * its p90, the others at their medians. Pure.
 */
import { formatHeadroom } from '../render/plan-text.js';
import { formatNumber, formatUsd } from '../units/format.js';
import { lineChartBody } from './chart-line.js';
import { esc, scrollBox } from './escape.js';
import { chartFigure, fitText, linearScale, niceTicks, px, svgChart, svgText } from './svg.js';

/** What the timeline reads of a runway (a subset of explore's RunwayResult). */
export interface RunwaySeries {
  phase: string;
  months: readonly { month: number; label: string; peakRps: number; monthly: number | null }[];
  events: readonly { month: number; label: string; kind: string; summary: string }[];
  headline: string;
}

/** The runway as a timeline: peak load by month, each event a numbered mark listed under it. */
export function renderRunwayTimeline(r: RunwaySeries, id: string): string {
  const xs = r.months.map((m) => m.month);
  const chart = lineChartBody({
    xs,
    series: [{ name: 'peak user req/s', values: r.months.map((m) => m.peakRps), cls: 'path' }],
    yMax: Math.max(...r.months.map((m) => m.peakRps)),
    formatX: (m) => formatNumber(m),
    formatY: (v) => formatNumber(v),
    xLabel: 'month',
    yLabel: 'peak user req/s',
    marks: r.events.map((e, i) => ({ at: e.month, label: String(i + 1), cls: e.kind === 'scale' || e.kind === 'storage' ? 'event' : 'event violation' })),
  });
  const desc = `Runway of phase ${r.phase} over ${r.months.length - 1} months: ${r.headline}. ${r.events.map((e, i) => `${i + 1}: ${e.label}, ${e.summary}`).join('; ')}.`;
  const list = r.events.length ? `<ol class="events">${r.events.map((e) => `<li><strong>${esc(e.label)}</strong>: ${esc(e.summary)}</li>`).join('')}</ol>` : '<p class="ok">✓ Nothing to do within the horizon.</p>';
  const rows = r.months.map((m) => `<tr><th scope="row">${esc(m.label)}</th><td class="num">${esc(formatNumber(m.peakRps))}</td><td class="num">${m.monthly === null ? '–' : esc(formatUsd(m.monthly))}</td></tr>`);
  const table = scrollBox(`<table><thead><tr><th scope="col">month</th><th scope="col" class="num">peak req/s</th><th scope="col" class="num">monthly</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  return chartFigure({ id, caption: `Runway: ${r.headline}. Numbered marks are the months something must change (amber: a component must scale; red: a violation no added unit fixes).`, svg: svgChart({ id: `${id}-svg`, width: chart.width, height: chart.height, title: `Runway of phase ${r.phase}`, desc }, chart.body), table, extra: list });
}

/** What the tornado reads of one uncertain input (explore's TornadoRow). */
export interface TornadoBar {
  input: string;
  monthlyLow: number | null;
  monthlyHigh: number | null;
  headroomLow: number;
  headroomHigh: number;
}

const WIDTH = 720;
const LABEL_W = 230;
const ROW_H = 26;
const BAR_H = 16;
const PAD = 8;
const AXIS_H = 28;

/** The tornado, largest swing first as given: monthly cost when priced, else headroom, around the plan at the medians. */
export function renderTornado(bars: readonly TornadoBar[], base: { monthly: number | null; headroom: number }, opts: { id: string; phase: string }): string {
  const priced = base.monthly !== null && bars.every((b) => b.monthlyLow !== null && b.monthlyHigh !== null);
  const low = (b: TornadoBar) => (priced ? b.monthlyLow! : b.headroomLow);
  const high = (b: TornadoBar) => (priced ? b.monthlyHigh! : b.headroomHigh);
  const centre = priced ? base.monthly! : base.headroom;
  const fmt = (v: number) => (priced ? formatUsd(v, 0) : formatHeadroom(v));
  const values = [centre, ...bars.flatMap((b) => [low(b), high(b)])].filter(Number.isFinite);
  const ticks = niceTicks(Math.min(...values), Math.max(...values), 5);
  const x = linearScale(ticks[0]!, ticks.at(-1)!, PAD + LABEL_W, WIDTH - PAD - 60);
  const height = PAD + bars.length * ROW_H + AXIS_H;
  let body = '';
  for (const t of ticks) body += `<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${PAD}" y2="${px(PAD + bars.length * ROW_H)}"/>` + svgText(x(t), PAD + bars.length * ROW_H + 16, fmt(t), { class: 'tick', 'text-anchor': 'middle' });
  bars.forEach((b, i) => {
    const y = PAD + i * ROW_H + (ROW_H - BAR_H) / 2;
    body += svgText(PAD + LABEL_W - 8, y + BAR_H - 4, fitText(b.input, 12, LABEL_W - 12), { class: 'label', 'text-anchor': 'end' });
    for (const [v, cls, at] of [[low(b), 'bar-low', 'p10'], [high(b), 'bar-high', 'p90']] as const) {
      if (!Number.isFinite(v)) continue;
      const [a, c] = [Math.min(x(centre), x(v)), Math.max(x(centre), x(v))];
      body += `<rect class="${cls}" x="${px(a)}" y="${px(y)}" width="${px(Math.max(1, c - a))}" height="${BAR_H}"><title>${esc(`${b.input} at its ${at}: ${fmt(v)}`)}</title></rect>`;
    }
  });
  body += `<line class="base" x1="${px(x(centre))}" x2="${px(x(centre))}" y1="${PAD - 2}" y2="${px(PAD + bars.length * ROW_H + 2)}"/>`;
  const what = priced ? 'monthly cost' : 'headroom';
  const desc = `Sensitivity of the ${what} of phase ${opts.phase} (${fmt(centre)} with every input at its median): ${bars.map((b) => `${b.input} ${fmt(low(b))} at its p10, ${fmt(high(b))} at its p90`).join('; ')}.`;
  const rows = bars.map((b) => `<tr><th scope="row">${esc(b.input)}</th><td class="num">${esc(fmt(low(b)))}</td><td class="num">${esc(fmt(high(b)))}</td></tr>`);
  const table = scrollBox(`<table><thead><tr><th scope="col">input</th><th scope="col" class="num">${what} at p10</th><th scope="col" class="num">${what} at p90</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  const legend = '<ul class="legend"><li><span class="swatch k0"></span>input at its p10</li><li><span class="swatch k1"></span>input at its p90</li></ul>';
  return chartFigure({ id: opts.id, caption: `Each uncertain input from its p10 to its p90, the others at their medians: the ${what} of the plan sized for it (the line is the plan at the medians).`, svg: svgChart({ id: `${opts.id}-svg`, width: WIDTH, height, title: `Sensitivity of the ${what}, phase ${opts.phase}`, desc }, body), table, extra: legend });
}
