/** `capplan diff`: two saved plans compared, as a terminal table, Markdown or JSON. Pure. */
import type { Palette } from '../render/palette.js';
import { normaliseForJson } from '../render/json.js';
import { mdTable } from '../render/plan-markdown.js';
import { textTable } from '../render/plan-table.js';
import { changeCell, deltaCell, fmt, moneyFmt, STATUS_MARK } from './cells.js';
import type { ComponentDiff, PhaseDiff, PlanDiff } from './diff.js';

/** What the diff renderers are told besides the diff. */
export interface DiffRenderOptions {
  beforeFile: string;
  afterFile: string;
  /** Show unchanged components too. */
  all: boolean;
}

const HEADERS = ['', 'component', 'replicas', 'utilisation', 'p95', 'max req/s', 'headroom', 'monthly cost', 'Δ cost'];
const ALIGN: ('left' | 'right')[] = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'];

function cells(c: ComponentDiff, currency: string | null): string[] {
  const money = moneyFmt(currency);
  return [
    c.name,
    changeCell(c.replicas, fmt.count),
    changeCell(c.utilization, fmt.percent),
    changeCell(c.latencyP95, fmt.latency),
    changeCell(c.maxRps, fmt.rate),
    changeCell(c.headroom, fmt.headroom),
    changeCell(c.monthly, money),
    deltaCell(c.monthly, money),
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
    const d = deltaCell(p.monthly, moneyFmt(p.currency));
    parts.push(`cost ${changeCell(p.monthly, moneyFmt(p.currency))}${d ? `, ${d}` : ''}`);
  }
  if (p.packingWaste.before !== null || p.packingWaste.after !== null) parts.push(`packing waste ${changeCell(p.packingWaste, moneyFmt(p.currency))}`);
  return parts.join(' · ');
}

const shown = (p: PhaseDiff, all: boolean) => p.components.filter((c) => all || c.status !== 'unchanged');

function summaryLine(d: PlanDiff, o: DiffRenderOptions): string {
  const changed = d.phases.filter((p) => p.status !== 'unchanged').length;
  const names = d.before !== null && d.before !== d.after ? `${d.before} → ${d.after}` : d.after;
  return `capplan diff ${o.beforeFile} → ${o.afterFile} (${names}): ${changed} of ${d.phases.length} phase${d.phases.length === 1 ? '' : 's'} changed`;
}

/** The diff for a terminal. */
export function renderDiffText(d: PlanDiff, o: DiffRenderOptions, p: Palette): string {
  const out = [p.bold(summaryLine(d, o))];
  for (const phase of d.phases) {
    out.push('', `${p.bold(p.cyan(`Phase ${phase.name}`))}${phase.status === 'added' || phase.status === 'removed' ? ` (${phase.status})` : ''}  ${p.dim(phaseLine(phase))}`);
    const rows = shown(phase, o.all);
    if (rows.length) out.push(textTable(HEADERS, rows.map((c) => [STATUS_MARK[c.status], ...cells(c, phase.currency)]), p, ALIGN));
    const hidden = phase.components.length - rows.length;
    if (hidden > 0) out.push(p.dim(`  ${hidden} unchanged component${hidden === 1 ? '' : 's'} not shown (--all shows them)`));
  }
  return `${out.join('\n')}\n`;
}

/** The diff as Markdown. */
export function renderDiffMarkdown(d: PlanDiff, o: DiffRenderOptions): string {
  const out = [`### ${summaryLine(d, o).replace(/^capplan diff (\S+) → (\S+)/, 'capplan diff `$1` → `$2`')}`, ''];
  for (const phase of d.phases) {
    out.push(`#### Phase ${phase.name}${phase.status === 'added' || phase.status === 'removed' ? ` (${phase.status})` : ''}`, '', phaseLine(phase), '');
    const rows = shown(phase, o.all);
    if (rows.length) out.push(mdTable(HEADERS, rows.map((c) => [STATUS_MARK[c.status].trim(), ...cells(c, phase.currency)]), ALIGN), '');
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
