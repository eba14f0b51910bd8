/** `capplan diff`: two saved plans compared, as a terminal table, Markdown or JSON. Pure. */
import { normaliseForJson } from '../render/json.js';
import { DEFAULT_LAYOUT, glyphsOf, type Layout } from '../render/layout.js';
import { mdCode, mdTable, mdText } from '../render/markdown.js';
import type { Palette } from '../render/palette.js';
import { drawTable, type Column } from '../render/table.js';
import { abbreviateSize, sizeLegend } from '../render/size-abbrev.js';
import { wrapStyled } from '../render/wrap.js';
import { changeCell, fmt, moneyDeltaCell, moneyFmt, STATUS_MARK } from './cells.js';
import type { ComponentDiff, PhaseDiff, PlanDiff } from './diff.js';

/** What the diff renderers are told besides the diff. */
export interface DiffRenderOptions {
  beforeFile: string;
  afterFile: string;
  /** Show unchanged components too. */
  all: boolean;
  /** The terminal's width and character set (text only). */
  layout?: Layout;
}

const HEADERS = ['', 'component', 'replicas', 'utilisation', 'p95', 'max req/s', 'headroom', 'monthly cost', 'Δ cost'];
const ALIGN: ('left' | 'right')[] = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];

/** Terminal columns, dropped when narrow in this order: Δ cost, max req/s, p95, utilisation. */
const TEXT_COLUMNS: readonly Column[] = [
  { header: '' },
  { header: 'component', wrap: true, minWidth: 10 },
  { header: 'replicas', align: 'right' },
  { header: 'util', align: 'right', drop: 4 },
  { header: 'p95', align: 'right', drop: 3 },
  { header: 'max req/s', align: 'right', drop: 2 },
  { header: 'headroom', align: 'right' },
  { header: 'monthly', align: 'right', wrap: true, minWidth: 9 },
  { header: 'Δ cost', align: 'right', drop: 1, wrap: true, minWidth: 9 },
];
/**
 * The units before → after: the count ("3 → 6"), or where the layout is more than a count and
 * changed, the plan table's short sizes ("2×1g → 2×2g", "1p+2r → 1p+3r"), whose letters join
 * `letters` for the legend: a GPU more per replica leaves the count as it was.
 */
function unitsCell(c: ComponentDiff, letters: Set<string>): string {
  const { before, after } = c.topology;
  if (before === null || after === null || before === after) return changeCell(c.replicas, fmt.count);
  const a = abbreviateSize(before);
  const b = abbreviateSize(after);
  if (a.letters.length === 0 && b.letters.length === 0) return changeCell(c.replicas, fmt.count);
  for (const l of [...a.letters, ...b.letters]) letters.add(l);
  return `${a.text} → ${b.text}`;
}

function cells(c: ComponentDiff, currency: string | null, letters: Set<string>): string[] {
  const money = moneyFmt(currency);
  return [
    c.name,
    unitsCell(c, letters),
    changeCell(c.utilization, fmt.percent),
    changeCell(c.latencyP95, fmt.latency),
    changeCell(c.maxRps, fmt.rate),
    changeCell(c.headroom, fmt.headroom),
    changeCell(c.monthly, money),
    moneyDeltaCell(c.monthly, currency),
  ];
}

function phaseLine(p: PhaseDiff): string {
  const parts = [
    `peak ${changeCell(p.peakRps, fmt.rate)} req/s`,
    `headroom ${changeCell(p.headroom, fmt.headroom)}`,
    `bottleneck ${changeCell(p.bottleneck, fmt.text)}`,
    `p95 ${changeCell(p.latencyP95, fmt.latency)}`,
    `replicas ${changeCell(p.replicas, fmt.count)}`,
  ];
  if (p.monthly.before !== null || p.monthly.after !== null) {
    const d = moneyDeltaCell(p.monthly, p.currency);
    parts.push(`cost ${changeCell(p.monthly, moneyFmt(p.currency))}${d ? `, ${d}` : ''}`);
  }
  if (p.packingWaste.before !== null || p.packingWaste.after !== null) parts.push(`packing waste ${changeCell(p.packingWaste, moneyFmt(p.currency))}`);
  return parts.join(' · ');
}

const shown = (p: PhaseDiff, all: boolean) => p.components.filter((c) => all || c.status !== 'unchanged');

function summaryLine(d: PlanDiff, o: DiffRenderOptions, file = (s: string) => s, name = (s: string) => s): string {
  const changed = d.phases.filter((p) => p.status !== 'unchanged').length;
  const names = d.before !== null && d.before !== d.after ? `${name(d.before)} → ${name(d.after)}` : name(d.after);
  return `capplan diff ${file(o.beforeFile)} → ${file(o.afterFile)} (${names}): ${changed} of ${d.phases.length} phase${d.phases.length === 1 ? '' : 's'} changed`;
}

/** The diff for a terminal. */
export function renderDiffText(d: PlanDiff, o: DiffRenderOptions, p: Palette): string {
  const layout = o.layout ?? DEFAULT_LAYOUT;
  const arrow = (s: string) => s.replace(/ → /g, ` ${glyphsOf(layout).arrow} `);
  const out = [...wrapStyled(arrow(summaryLine(d, o)), layout.width, p.bold)];
  for (const phase of d.phases) {
    const title = `Phase ${phase.name}${phase.status === 'added' || phase.status === 'removed' ? ` (${phase.status})` : ''}`;
    out.push('', ...wrapStyled(title, layout.width, (s) => p.bold(p.cyan(s))));
    if (layout.detail !== 'quiet') out.push(...wrapStyled(arrow(phaseLine(phase)), layout.width, p.dim, { first: '  ' }));
    const rows = shown(phase, o.all);
    const letters = new Set<string>();
    if (rows.length) out.push(drawTable(TEXT_COLUMNS, rows.map((c) => [STATUS_MARK[c.status], ...cells(c, phase.currency, letters)].map(arrow)), { layout, palette: p }).text);
    if (letters.size > 0) out.push(...wrapStyled(`units: ${sizeLegend(letters)}`, layout.width, p.dim, { first: '  ' }));
    const hidden = phase.components.length - rows.length;
    if (hidden > 0 && layout.detail !== 'quiet') out.push(...wrapStyled(`${hidden} unchanged component${hidden === 1 ? '' : 's'} not shown (--all shows them)`, layout.width, p.dim, { first: '  ' }));
  }
  return `${out.join('\n')}\n`;
}

/** The diff as Markdown. */
export function renderDiffMarkdown(d: PlanDiff, o: DiffRenderOptions): string {
  const out = [`### ${summaryLine(d, o, mdCode, mdText)}`, ''];
  for (const phase of d.phases) {
    out.push(`#### Phase ${mdText(phase.name)}${phase.status === 'added' || phase.status === 'removed' ? ` (${phase.status})` : ''}`, '', phaseLine(phase), '');
    const rows = shown(phase, o.all);
    const letters = new Set<string>();
    if (rows.length) out.push(mdTable(HEADERS, rows.map((c) => [STATUS_MARK[c.status].trim(), ...cells(c, phase.currency, letters)]), ALIGN), '');
    if (letters.size > 0) out.push(`Units: ${sizeLegend(letters)}.`, '');
    const hidden = phase.components.length - rows.length;
    if (hidden > 0) out.push(`${hidden} unchanged component${hidden === 1 ? '' : 's'} not shown.`, '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** The diff as JSON (6 significant digits, stable key order). */
export function renderDiffJson(d: PlanDiff, o: DiffRenderOptions): string {
  const doc = { apiVersion: 'capplan/v1', kind: 'capplan-diff', before: { file: o.beforeFile, profile: d.before }, after: { file: o.afterFile, profile: d.after }, changed: d.changed, phases: d.phases };
  return `${JSON.stringify(normaliseForJson(doc), null, 2)}\n`;
}
