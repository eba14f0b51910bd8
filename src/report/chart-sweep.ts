/**
 * The sweep's charts: the end-to-end p95 against the user load, with the target, the knee and
 * the planned peak marked, and each component's utilisation against the same load with its
 * target. They draw `capplan sweep`'s own series (src/explore/sweep.ts, fixed topology); the
 * figures they are read from are in their data table. Pure.
 */
import { formatDuration, formatNumber, formatPercent } from '../units/format.js';
import { lineChartBody, type ChartLine } from './chart-line.js';
import { colourClass } from './colours.js';
import { esc, scrollBox } from './escape.js';
import { chartFigure, svgChart } from './svg.js';

/** What the charts read of a sweep (a subset of explore's SweepResult). */
export interface SweepSeries {
  phase: string;
  percentile: number;
  peakRps: number;
  latencyTarget: number | null;
  rps: readonly number[];
  /** End-to-end p95 at each load (seconds; Infinity when a queue on the path saturates). */
  latencyP95: readonly number[];
  components: readonly { name: string; utilization: readonly number[] }[];
  knee: { rps: number; latencyS: number } | null;
  latencyLimitRps: number | null;
  /** The first limit no replica count lifts (explore/sweep.ts): past it requests fail, which the p95 leaves out. */
  hardBreak?: { rps: number; component: string; limitedBy: string } | null;
  /** Where the first queue on the request path saturates (the hard break is said wherever it lies, as the sweep's JSON has it). */
  pathSaturationRps?: number | null;
}

/** How high the p95 axis goes: twice the target, else four times the p95 at the lowest load. */
function latencyAxisTop(s: SweepSeries): number {
  if (s.latencyTarget !== null) return 2 * s.latencyTarget;
  const first = s.latencyP95.find((v) => Number.isFinite(v) && v > 0);
  return first === undefined ? 1 : 4 * first;
}

/** The two sweep figures of a phase. */
export function renderSweepCharts(s: SweepSeries, opts: { id: string; colours: ReadonlyMap<string, number>; targetUtilization: ReadonlyMap<string, number> }): string {
  const rate = (v: number) => formatNumber(v);
  const marks: ChartLine[] = [{ at: s.peakRps, label: 'planned peak', cls: 'peak' }];
  if (s.knee) marks.push({ at: s.knee.rps, label: 'knee', cls: 'knee' });
  const hb = s.hardBreak ?? null;
  if (hb && hb.rps <= s.rps.at(-1)!) marks.push({ at: hb.rps, label: `${hb.component} breaks (${hb.limitedBy})`, cls: 'knee' });
  const pct = `p${formatNumber(s.percentile * 100)}`;
  const latency = lineChartBody({
    xs: s.rps,
    series: [{ name: `end-to-end ${pct}`, values: s.latencyP95, cls: 'path' }],
    yMax: latencyAxisTop(s),
    formatX: rate,
    formatY: (v) => (v === 0 ? '0' : formatDuration(v)),
    xLabel: 'user requests per second',
    yLabel: `end-to-end ${pct}`,
    rules: s.latencyTarget !== null ? [{ at: s.latencyTarget, label: `target ${formatDuration(s.latencyTarget)}`, cls: 'target' }] : [],
    marks,
  });
  const latencyDesc =
    `End-to-end ${pct} of phase ${s.phase} from ${rate(s.rps[0]!)} to ${rate(s.rps.at(-1)!)} user req/s: ` +
    `${formatDuration(firstFinite(s.latencyP95) ?? Number.NaN)} at the lowest load` +
    (s.knee ? `, the knee at ${rate(s.knee.rps)} req/s (${formatDuration(s.knee.latencyS)})` : '') +
    (s.latencyLimitRps !== null ? `, the target reached at ${rate(s.latencyLimitRps)} req/s` : '') +
    (hb ? `, a hard break at ${rate(hb.rps)} req/s (${hb.component}: ${hb.limitedBy}, which no replica count lifts)` : '') +
    `; the planned peak is ${rate(s.peakRps)} req/s.`;
  const util = lineChartBody({
    xs: s.rps,
    series: s.components.map((c) => ({ name: c.name, values: c.utilization, cls: colourClass(opts.colours.get(c.name)) })),
    yMax: 1,
    formatX: rate,
    formatY: (v) => formatPercent(v),
    xLabel: 'user requests per second',
    yLabel: 'utilisation',
    rules: [...new Set(opts.targetUtilization.values())].map((u) => ({ at: u, label: `target ${formatPercent(u)}`, cls: 'target' })),
    marks: [{ at: s.peakRps, label: 'planned peak', cls: 'peak' }],
  });
  const first = s.components.map((c) => ({ name: c.name, at: s.rps[c.utilization.findIndex((u) => u >= (opts.targetUtilization.get(c.name) ?? 1))] }));
  const utilDesc = `Utilisation of each component of phase ${s.phase} as the load rises, the planned topology held: ${first.map((f) => `${f.name} ${f.at === undefined ? 'stays under its target' : `reaches its target at ${rate(f.at)} req/s`}`).join('; ')}.`;
  const legend = `<ul class="legend">${s.components.map((c) => `<li><span class="swatch ${colourClass(opts.colours.get(c.name))}"></span>${esc(c.name)}</li>`).join('')}</ul>`;
  return (
    chartFigure({ id: `${opts.id}-latency`, caption: `End-to-end ${pct} as the load rises with the planned topology held (the curve leaves the chart above twice the target, or where a queue saturates).`, svg: svgChart({ id: `${opts.id}-latency-svg`, width: latency.width, height: latency.height, title: `End-to-end ${pct} against load, phase ${s.phase}`, desc: latencyDesc }, latency.body), table: sweepTable(s, 'latency') }) +
    chartFigure({ id: `${opts.id}-util`, caption: 'Utilisation of each component against the same load; each component is sized to stay under its target at the planned peak.', svg: svgChart({ id: `${opts.id}-util-svg`, width: util.width, height: util.height, title: `Utilisation against load, phase ${s.phase}`, desc: utilDesc }, util.body), table: sweepTable(s, 'utilization'), extra: legend })
  );
}

function firstFinite(values: readonly number[]): number | undefined {
  return values.find((v) => Number.isFinite(v));
}

/** The data of one sweep chart: the load and the end-to-end percentile, or the load and each component's utilisation. */
function sweepTable(s: SweepSeries, what: 'latency' | 'utilization'): string {
  const head = ['req/s', ...(what === 'latency' ? [`p${formatNumber(s.percentile * 100)}`] : s.components.map((c) => c.name))];
  const rows = s.rps.map((r, k) => {
    const cells = what === 'latency' ? [Number.isFinite(s.latencyP95[k]!) ? formatDuration(s.latencyP95[k]!) : '∞'] : s.components.map((c) => formatPercent(c.utilization[k]!));
    return `<tr><th scope="row" class="num">${esc(formatNumber(r))}</th>${cells.map((c) => `<td class="num">${esc(c)}</td>`).join('')}</tr>`;
  });
  return scrollBox(`<table><thead><tr>${head.map((h) => `<th scope="col" class="num">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
}
