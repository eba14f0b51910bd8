/**
 * Renderers of a runway: the headline, a timeline chart of the peak load with each event's month
 * marked, the events, and the months where the plan changes (terminal and Markdown); JSON with
 * every month. Table data is built as plain row arrays.
 */
import { normaliseForJson } from '../render/json.js';
import { abbreviateSize, sizeLegend } from '../render/size-abbrev.js';
import { formatBytesDecimal, formatNumber, formatUsd } from '../units/format.js';
import { renderLineChart } from './line-chart.js';
import type { RunwayMonth, RunwayResult } from './runway.js';
import { chartWidth, markdownTable, prose, quiet, table, type Rows, type TextOptions } from './text.js';
import { mdText, mdTextWithCode } from '../render/markdown.js';
import { byName } from '../plan/by-name.js';

/** The events as rows: #, when, component, what. */
export function runwayEventRows(r: RunwayResult): Rows {
  return {
    columns: [{ header: '#', align: 'right' }, { header: 'when' }, { header: 'component' }, { header: 'what', wrap: true, minWidth: 20 }],
    rows: r.events.map((e, i) => [String(i + 1), e.label, e.component ?? 'system', e.component === null ? e.summary : e.summary.replace(new RegExp(`^${e.component}:? `), '')]),
  };
}

/**
 * Units of each component that changed since the previous month: "fsm 3→4", or in the plan
 * table's short form where the layout changes ("agents 2×1g→2×2g", "postgres 1p+2r→1p+3r"), its
 * letters added to `letters` for the legend.
 */
function changes(month: RunwayMonth, previous: RunwayMonth | undefined, letters: Set<string>): string[] {
  if (!previous) return [];
  const out: string[] = [];
  const earlier = byName(previous.components);
  for (const c of month.components) {
    const before = earlier.get(c.name);
    if (before === undefined || (before.replicas === c.replicas && before.topology === c.topology)) continue;
    out.push(`${c.name} ${unitsText(before, letters)}→${unitsText(c, letters)}`);
  }
  return out;
}

/** The node pools' change since the previous month, "nodes 3×m7i.4xlarge→3×c7i.8xlarge", or null. */
function nodeChange(month: RunwayMonth, previous: RunwayMonth | undefined): string | null {
  if (!previous || month.nodes === previous.nodes || month.nodes === null || previous.nodes === null) return null;
  return `nodes ${previous.nodes}→${month.nodes}`;
}

/** A component's units in a few characters: the count alone for plain replicas ("1,200"), else the short size ("1p+2r"). */
function unitsText(c: RunwayMonth['components'][number], letters: Set<string>): string {
  const short = abbreviateSize(c.topology);
  if (short.letters.length === 0 && /^\d+$/.test(short.text)) return formatNumber(c.replicas);
  for (const l of short.letters) letters.add(l);
  return short.text;
}

/** Changes joined up to `width` characters, the rest counted: "fsm 3→4, redis 2→3, +2". */
function fitChanges(changed: readonly string[], width: number): string {
  let out = '';
  for (let i = 0; i < changed.length; i++) {
    const rest = changed.length - i - 1;
    const next = out ? `${out}, ${changed[i]}` : changed[i]!;
    if (next.length + (rest > 0 ? `, +${rest}`.length : 0) > width && out) return `${out}, +${changed.length - i}`;
    out = next;
  }
  return out;
}

/** The months where the plan changes (and the first and last) as rows: when, peak, monthly, data held, units that change; with the legend of the short sizes' letters ('' when none). */
export function runwayMonthRows(r: RunwayResult, changesWidth = 30): Rows & { legend: string } {
  const rows: string[][] = [];
  const letters = new Set<string>();
  const stores = r.months[0]!.components.some((c) => c.storageBytes !== null);
  r.months.forEach((m, i) => {
    const changed = changes(m, r.months[i - 1], letters);
    // The node pools last, never counted away in "+N": a new instance type can move the bill
    // more than the units that changed would suggest.
    const nodes = nodeChange(m, r.months[i - 1]);
    if (i !== 0 && i !== r.months.length - 1 && changed.length === 0 && nodes === null) return;
    const data = m.components.reduce((s, c) => s + (c.storageBytes ?? 0), 0);
    rows.push([
      m.label,
      formatNumber(m.peakRps),
      m.monthly === null ? '–' : formatUsd(m.monthly, 0),
      ...(stores ? [formatBytesDecimal(data)] : []),
      i === 0 ? 'today’s plan' : [fitChanges(changed, changesWidth), nodes].filter(Boolean).join(', ') || '–',
    ]);
  });
  return {
    columns: [
      { header: 'when' },
      { header: 'peak req/s', align: 'right' },
      { header: 'monthly', align: 'right' },
      ...(stores ? [{ header: 'data', align: 'right' as const, drop: 1 }] : []),
      { header: 'units that change', wrap: true, minWidth: 16 },
    ],
    rows,
    legend: sizeLegend(letters),
  };
}

function intro(r: RunwayResult): string {
  return `phase ${r.phase}: growth ${r.growth}, ${r.horizonMonths} months; a component must scale when the month's plan needs more units than today's, or today's leave under ${formatNumber(r.minHeadroom)}× headroom`;
}

/** The timeline chart: peak req/s by month, each event's month marked with its number. */
export function runwayChart(r: RunwayResult, opts: Pick<TextOptions, 'layout'> = {}): string {
  const marks = r.events.map((e, i) => ({ x: e.month, label: String(i + 1) }));
  return renderLineChart(
    r.months.map((m) => m.month),
    [{ label: 'peak load', glyph: '*', ys: r.months.map((m) => m.peakRps) }],
    { width: chartWidth(opts) - 2, height: 10, xLabel: 'month; n = event n (below)', yLabel: 'peak (user req/s)', marks, unicode: opts.layout?.unicode !== false },
  );
}

/** The terminal rendering. */
export function renderRunwayText(r: RunwayResult, opts: TextOptions): string {
  const p = opts.palette;
  const ev = runwayEventRows(r);
  const urgent = r.runwayMonths !== null;
  const mark = urgent ? '▶' : (opts.layout?.unicode === false ? '+' : '✓');
  const out = [
    ...(quiet(opts) ? [] : [...prose(`capplan runway: ${r.profile}`, opts, p.bold), ...prose(intro(r), opts, p.dim), '']),
    ...prose(r.headline, opts, (s) => (urgent ? p.bold(p.yellow(s)) : p.green(s)), `${urgent && opts.layout?.unicode === false ? '>' : mark} `),
    ...(r.firstViolation ? prose(`first violation: ${r.firstViolation}`, opts, (s) => s, '  ', '    ') : []),
    '',
    runwayChart(r, opts).split('\n').map((l) => (l ? `  ${l}` : l)).join('\n'),
  ];
  if (ev.rows.length) out.push('', ...prose('Events', opts, p.bold), table(ev, opts));
  const monthRows = runwayMonthRows(r);
  out.push('', ...prose('Months where the plan changes', opts, p.bold), table(monthRows, opts));
  if (monthRows.legend) out.push(...prose(`units: ${monthRows.legend}`, opts, p.dim, '  ', '    '));
  if (!quiet(opts)) for (const n of r.notes) out.push(...prose(`note: ${n}`, opts, p.dim, '', '  '));
  return `${out.join('\n')}\n`;
}

/** The Markdown rendering. */
export function renderRunwayMarkdown(r: RunwayResult): string {
  const ev = runwayEventRows(r);
  const monthRows = runwayMonthRows(r);
  return [
    `## Growth runway: ${mdText(r.profile)}`,
    '',
    `${mdTextWithCode(intro(r))}.`,
    '',
    `**${mdTextWithCode(r.headline)}**`,
    ...(r.firstViolation ? ['', `First violation: ${mdTextWithCode(r.firstViolation)}.`] : []),
    '',
    ...(ev.rows.length ? [...markdownTable(ev), ''] : []),
    ...markdownTable(monthRows),
    ...(monthRows.legend ? ['', `Units: ${monthRows.legend}.`] : []),
    '',
    '```text',
    runwayChart(r),
    '```',
    ...r.notes.map((n) => `\n_${n}_`),
    '',
  ].join('\n');
}

/** The JSON document of a runway (docs/explore.md). */
export function runwayJson(r: RunwayResult): unknown {
  return normaliseForJson({ apiVersion: 'capplan/v1', kind: 'runway', ...r });
}

/** The JSON rendering. */
export function renderRunwayJson(r: RunwayResult): string {
  return `${JSON.stringify(runwayJson(r), null, 2)}\n`;
}
