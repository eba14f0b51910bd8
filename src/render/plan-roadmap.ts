/**
 * The roadmap of a plan with growth phases, for the terminal: each component's size per phase
 * with a sparkline of its replicas, the system figures per phase, and a chart of the monthly
 * cost per phase.
 */
import { formatNumber } from '../units/format.js';
import { horizontalBar, sparkline } from './charts.js';
import { glyphsOf, type Layout } from './layout.js';
import type { Palette } from './palette.js';
import { bottleneckLabel, formatHeadroom, formatLatency } from './plan-text.js';
import { indexOfNames, summaryNames, type PhaseSummary } from './plan-summary.js';
import { abbreviateSize, sizeLegend } from './size-abbrev.js';
import { drawTable, fitsNatural, longestWord, naturalTableWidth, naturalWidths, type Column } from './table.js';
import { wrapStyled } from './wrap.js';

/** The phases the roadmap and the cost chart read (summaries: plan-summary.ts). */
type Phases = { phases: readonly PhaseSummary[] };

/** Roadmap rows (component sizes in full, then system figures), the trend of each, and how many rows are components. */
function roadmapRows(plan: Phases, layout: Layout): { rows: string[][]; components: number } {
  const g = glyphsOf(layout);
  const byName = plan.phases.map((p) => indexOfNames(p.names));
  const rows = summaryNames(plan.phases).map((n) => {
    const at = byName.map((m) => m.get(n));
    const cells = at.map((i, j) => (i === undefined ? '–' : plan.phases[j]!.topologies[i]!));
    return [n, ...cells, sparkline(at.map((i, j) => (i === undefined ? 0 : plan.phases[j]!.replicas[i]!)), g)];
  });
  const components = rows.length;
  rows.push(['peak req/s', ...plan.phases.map((p) => formatNumber(p.peakRps)), sparkline(plan.phases.map((p) => p.peakRps), g)]);
  rows.push(['headroom', ...plan.phases.map((p) => formatHeadroom(p.system.headroom)), '']);
  rows.push(['bottleneck', ...plan.phases.map((p) => bottleneckLabel(p.system.bottleneck)), '']);
  rows.push(['p95', ...plan.phases.map((p) => formatLatency(p.system.latencyP95)), '']);
  rows.push(['violations', ...plan.phases.map((p) => String(p.violations)), '']);
  if (plan.phases.some((p) => p.bill)) {
    rows.push(['monthly', ...plan.phases.map((p) => (p.bill ? `$${formatNumber(p.bill.monthly)}` : '–')), sparkline(plan.phases.map((p) => p.bill?.monthly ?? 0), g)]);
  }
  return { rows, components };
}

/** The rows with each component's sizes abbreviated ("–" stays "–"), and the letters used. */
function abbreviatedRows(rows: readonly string[][], components: number): { rows: string[][]; letters: Set<string> } {
  const letters = new Set<string>();
  const size = (topology: string) => {
    const s = abbreviateSize(topology);
    for (const l of s.letters) letters.add(l);
    return s.text;
  };
  const short = rows.map((r, i) => (i < components ? [r[0]!, ...r.slice(1, -1).map(size), r[r.length - 1]!] : r));
  return { rows: short, letters };
}

/**
 * The roadmap table: sizes in full when they fit, abbreviated (with a legend) when not; and when
 * even that cannot fit the terminal with its phase columns wrapped to their narrowest (many
 * phases), the phases in consecutive tables of as many as fit, each with the row names, the
 * trend column after the last phases (or alone after them).
 */
export function roadmapTable(plan: Phases, layout: Layout, p: Palette): string {
  const full = roadmapRows(plan, layout);
  let rows = full.rows;
  let letters = new Set<string>();
  const phaseColumns = (): Column[] => [{ header: '' }, ...plan.phases.map((ph, j) => ({ header: ph.name, wrap: true, minWidth: narrowest(ph.name, rows, j + 1) })), { header: 'trend' }];
  let columns = phaseColumns();
  // Each column measured once: a slice's widths are its columns' (thousands of rows, tried for every slice).
  let natural = naturalWidths(columns, rows, true);
  if (naturalTableWidth(natural) > layout.width) {
    ({ rows, letters } = abbreviatedRows(full.rows, full.components));
    columns = phaseColumns();
    natural = naturalWidths(columns, rows, true);
  }
  const tables = phaseSlices(columns.length - 2, (from, to, trend) => fitsNatural(sliceColumns(columns, from, to, trend), sliceColumns(natural, from, to, trend), layout.width))
    // drawTable's own measure of a slice is these widths (its bold headers are as wide as plain ones).
    .map(([from, to, trend]) => drawTable(sliceColumns(columns, from, to, trend), sliceRows(rows, from, to, trend), { layout, palette: p, natural: sliceColumns(natural, from, to, trend) }).text);
  const out = [tables.join('\n\n')];
  if (letters.size && layout.detail !== 'quiet') out.push(...wrapStyled(`size: ${sizeLegend(letters)}; trend: replicas, peak and cost across phases`, layout.width, p.dim, { first: '  ' }));
  return out.join('\n');
}

/**
 * The narrowest a phase's column wraps to: its longest word, of its name or of its cells (a size,
 * a rate, a cost, a component's name), never less than 6. A cell is never cut: before, at 80
 * columns one bundled roadmap showed a phase's monthly cost as `$36,0…`.
 */
function narrowest(name: string, rows: readonly (readonly string[])[], j: number): number {
  return Math.max(6, longestWord([name]), longestWord(rows.map((r) => r[j]!)));
}

/**
 * Phases [from, to) per table, and whether the trend column closes it: all in one table when it
 * fits, else as many phases as fit per table (at least one), the trend with the last ones when
 * it fits there, else in a table of its own (an empty phase range).
 */
function phaseSlices(phases: number, fits: (from: number, to: number, trend: boolean) => boolean): [number, number, boolean][] {
  if (fits(0, phases, true)) return [[0, phases, true]];
  const slices: [number, number, boolean][] = [];
  for (let from = 0; from < phases;) {
    let to = from + 1;
    while (to < phases && fits(from, to + 1, false)) to++;
    slices.push([from, to, false]);
    from = to;
  }
  const last = slices[slices.length - 1]!;
  if (fits(last[0], last[1], true)) last[2] = true;
  else slices.push([phases, phases, true]);
  return slices;
}

function sliceColumns<T>(columns: readonly T[], from: number, to: number, trend: boolean): T[] {
  return [columns[0]!, ...columns.slice(1 + from, 1 + to), ...(trend ? [columns[columns.length - 1]!] : [])];
}

function sliceRows(rows: readonly string[][], from: number, to: number, trend: boolean): string[][] {
  return rows.map((r) => [r[0]!, ...r.slice(1 + from, 1 + to), ...(trend ? [r[r.length - 1]!] : [])]);
}

/** Bars of the monthly cost per phase, scaled to the most expensive; null without bills. */
export function costChart(plan: Phases, layout: Layout, p: Palette): string | null {
  const billed = plan.phases.filter((ph) => ph.bill);
  if (billed.length < 2) return null;
  const g = glyphsOf(layout);
  const max = Math.max(...billed.map((ph) => ph.bill!.monthly));
  const amounts = billed.map((ph) => `$${formatNumber(ph.bill!.monthly)}`);
  const nameWidth = Math.min(24, Math.max(...billed.map((ph) => ph.name.length)));
  const amountWidth = Math.max(...amounts.map((a) => a.length));
  const room = Number.isFinite(layout.width) ? layout.width - 2 - nameWidth - amountWidth - 4 : 40;
  const cells = Math.max(8, Math.min(40, room));
  const rows = billed.map((ph, i) => [ph.name, p.cyan(horizontalBar(ph.bill!.monthly, max, cells, g)), amounts[i]!]);
  return drawTable([{ header: '', wrap: true, minWidth: 10 }, { header: '' }, { header: '', align: 'right' }], rows, { layout, palette: p, head: false }).text;
}
