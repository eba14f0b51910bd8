/**
 * Table-shaped data of a simulation report as plain row arrays (strings), for the text and
 * Markdown renderers (and any table drawer): one row per station and metric — simulated value
 * with its 95 % half-width, the plan's value, and a mark where they disagree.
 */
import { formatDuration, formatNumber } from '../units/format.js';
import { figureGroups, markOf, pathGroup, stationGroup, type FigureGroup, type FigureUnit } from './figures.js';
import type { PathReport, SimReport, StationReport } from './report.js';
import type { Compared, Interval } from './stats.js';

/** Column headers of the comparison table. */
export const COMPARISON_HEADERS = ['station', 'metric', 'simulated ±95%', 'plan', ''] as const;

/** Marks: the plan's value lies outside the interval (beyond the tolerance), or the station is not modelled exactly. */
export const MARK_FLAGGED = '✗';
export const MARK_INEXACT = '≈';
/** The run was too short for the station to settle: its figures are not compared. */
export const MARK_UNSETTLED = '?';

type Kind = FigureUnit;

/** Seconds in the unit formatDuration would pick for a value, and that unit. */
function timeScale(seconds: number): { factor: number; unit: string } {
  const a = Math.abs(seconds);
  if (a < 1e-3) return { factor: 1e-6, unit: 'µs' };
  if (a < 1) return { factor: 1e-3, unit: 'ms' };
  if (a < 120) return { factor: 1, unit: 's' };
  return { factor: 60, unit: 'min' };
}

/** A value in a metric's unit: "6.67%", "20.1 ms", "0.0123". */
export function formatValue(v: number | null, kind: Kind): string {
  if (v === null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return '∞';
  if (kind === 'percent') return `${formatNumber(v * 100)}%`;
  if (kind === 'time') return formatDuration(v);
  return formatNumber(v);
}

/** An interval as "value ± half-width" in one unit: "20.1 ± 0.12 ms", "6.67 ± 0.04%". */
export function formatInterval(x: Interval | null, kind: Kind): string {
  if (x === null) return '–';
  const h = x.halfWidth;
  const half = (k: number) => (Number.isFinite(h) ? ` ± ${formatNumber(h / k, 2)}` : '');
  if (kind === 'percent') return `${formatNumber(x.mean * 100)}${half(0.01)}%`;
  if (kind === 'time') {
    const s = timeScale(x.mean);
    return `${formatNumber(x.mean / s.factor)}${half(s.factor)} ${s.unit}`;
  }
  return `${formatNumber(x.mean)}${half(1)}`;
}

/** The table's glyph for a figure's mark. */
function markText(value: Compared, exact: boolean): string {
  const mark = markOf(value, exact);
  return mark === 'flagged' ? MARK_FLAGGED : mark === 'inexact' ? MARK_INEXACT : '';
}

/** The rows of one block: label on the first, `unstable` in place of the figures an unstable station has none of, ? on the first row when not compared. */
function groupRows(label: string, g: FigureGroup, unstable: string | null): string[][] {
  const rows = g.figures.map((f, k) => [k === 0 ? label : '', f.metric, (f.steadyOnly ? unstable : null) ?? formatInterval(f.value.sim, f.unit), formatValue(f.value.analytic, f.unit), markText(f.value, g.exact)]);
  if (!g.settled && rows[0]) rows[0][4] = MARK_UNSETTLED;
  return rows;
}

/** "fsm ×3 (c=1)", "jobs pool 15×16", "postgres primary ×2". */
export function stationLabel(s: StationReport): string {
  return s.sharedQueue ? `${s.name} ${s.replicas}×${s.servers}` : `${s.name} ×${s.replicas}${s.servers > 1 ? ` c=${s.servers}` : ''}`;
}

/** Rows of one station: utilisation, then per class mean, p95 and P(wait), then the queue length, and the calls its rate limit refused when the plan gives a share. */
export function stationRows(s: StationReport): string[][] {
  return groupRows(stationLabel(s), stationGroup(s), s.stable ? null : `unstable (ρ ${formatNumber(s.offeredLoad)})`);
}

/** Rows of the end-to-end figures, and the share of requests that failed when any did. */
export function pathRows(p: PathReport): string[][] {
  const rows = groupRows('end to end', pathGroup(p), p.stable ? null : 'unbounded');
  if (p.failedShare !== null && p.failedShare.mean > 0) rows.push(['', 'failed', formatInterval(p.failedShare, 'percent'), '–', '']);
  return rows;
}

/** Every row of a report's comparison table (the blocks of figureGroups, in order). */
export function comparisonRows(r: SimReport): string[][] {
  return figureGroups(r).flatMap((g) => (g.station ? stationRows(g.station) : pathRows(r.endToEnd)));
}
