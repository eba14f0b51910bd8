/**
 * Renderers of a runway: the headline, a timeline chart of the peak load with each event's month
 * marked, the events, and the months where the plan changes (terminal and Markdown); JSON with
 * every month. Table data is built as plain row arrays.
 */
import type { Palette } from '../render/palette.js';
import { normaliseForJson } from '../render/json.js';
import { renderTextTable } from '../render/text-table.js';
import { formatBytesDecimal, formatNumber, formatUsd } from '../units/format.js';
import { renderLineChart } from './line-chart.js';
import type { RunwayMonth, RunwayResult } from './runway.js';
import { wrap } from './wrap.js';

/** The events as rows: #, when, component, what. */
export function runwayEventRows(r: RunwayResult): { headers: string[]; rows: string[][] } {
  return {
    headers: ['#', 'when', 'component', 'what'],
    rows: r.events.map((e, i) => [String(i + 1), e.label, e.component ?? 'system', e.component === null ? e.summary : e.summary.replace(new RegExp(`^${e.component}:? `), '')]),
  };
}

/** Units of each component that changed since the previous month: "fsm 3→4". */
function changes(month: RunwayMonth, previous: RunwayMonth | undefined): string[] {
  if (!previous) return [];
  return month.components
    .map((c) => ({ c, before: previous.components.find((p) => p.name === c.name) }))
    .filter(({ c, before }) => before !== undefined && before.replicas !== c.replicas)
    .map(({ c, before }) => `${c.name} ${formatNumber(before!.replicas)}→${formatNumber(c.replicas)}`);
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

/** The months where the plan changes (and the first and last) as rows: when, peak, monthly, data held, units that change. */
export function runwayMonthRows(r: RunwayResult, changesWidth = 30): { headers: string[]; rows: string[][] } {
  const rows: string[][] = [];
  const stores = r.months[0]!.components.some((c) => c.storageBytes !== null);
  r.months.forEach((m, i) => {
    const changed = changes(m, r.months[i - 1]);
    if (i !== 0 && i !== r.months.length - 1 && changed.length === 0) return;
    const data = m.components.reduce((s, c) => s + (c.storageBytes ?? 0), 0);
    rows.push([
      m.label,
      formatNumber(m.peakRps),
      m.monthly === null ? '–' : formatUsd(m.monthly, 0),
      ...(stores ? [formatBytesDecimal(data)] : []),
      i === 0 ? 'today’s plan' : fitChanges(changed, changesWidth) || '–',
    ]);
  });
  return { headers: ['when', 'peak req/s', 'monthly', ...(stores ? ['data'] : []), 'units that change'], rows };
}

function intro(r: RunwayResult): string {
  return `phase ${r.phase}: growth ${r.growth}, ${r.horizonMonths} months; a component must scale when today's units leave under ${formatNumber(r.minHeadroom)}× headroom`;
}

/** The timeline chart: peak req/s by month, each event's month marked with its number. */
export function runwayChart(r: RunwayResult, width = 78): string {
  const marks = r.events.map((e, i) => ({ x: e.month, label: String(i + 1) }));
  return renderLineChart(
    r.months.map((m) => m.month),
    [{ label: 'peak load', glyph: '*', ys: r.months.map((m) => m.peakRps) }],
    { width, height: 10, xLabel: 'month; n = event n (below)', yLabel: 'peak (user req/s)', marks },
  );
}

/** The terminal rendering. */
export function renderRunwayText(r: RunwayResult, palette: Palette): string {
  const ev = runwayEventRows(r);
  const mo = runwayMonthRows(r);
  const urgent = r.runwayMonths !== null;
  const out = [
    palette.bold(`capplan runway: ${r.profile}`),
    ...wrap(intro(r)).map(palette.dim),
    '',
    ...wrap(`${urgent ? '▶' : '✓'} ${r.headline}`, 80, '  ').map((l) => (urgent ? palette.bold(palette.yellow(l)) : palette.green(l))),
    ...(r.firstViolation ? wrap(`  first violation: ${r.firstViolation}`, 80, '    ') : []),
    '',
    runwayChart(r),
  ];
  if (ev.rows.length) out.push('', palette.bold('Events'), renderTextTable(ev.headers, ev.rows, { style: palette.bold, align: ['right', 'left', 'left', 'left'] }));
  out.push('', palette.bold('Months where the plan changes'), renderTextTable(mo.headers, mo.rows, { style: palette.bold, align: mo.headers.map((h) => (h === 'when' || h === 'units that change' ? 'left' : 'right')) }));
  for (const n of r.notes) out.push(...wrap(`note: ${n}`, 80, '  ').map(palette.dim));
  return `${out.join('\n')}\n`;
}

/** The Markdown rendering. */
export function renderRunwayMarkdown(r: RunwayResult): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const table = (t: { headers: string[]; rows: string[][] }) => ['| ' + t.headers.map(cell).join(' | ') + ' |', '| ' + t.headers.map(() => '---').join(' | ') + ' |', ...t.rows.map((row) => '| ' + row.map(cell).join(' | ') + ' |')];
  const ev = runwayEventRows(r);
  return [
    `## Growth runway: ${r.profile}`,
    '',
    `${intro(r)}.`,
    '',
    `**${r.headline}**`,
    ...(r.firstViolation ? ['', `First violation: ${r.firstViolation}.`] : []),
    '',
    ...(ev.rows.length ? [...table(ev), ''] : []),
    ...table(runwayMonthRows(r)),
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
