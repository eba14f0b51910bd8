/**
 * Tables as data, shared by the HTML and Markdown reports: each cell is its text and, when the
 * text is a plan figure, the figure's path in the plan JSON. Pure.
 */
import type { Plan } from '../plan/types.js';
import { bottleneckLabel, formatHeadroom, formatLatency } from '../render/plan-text.js';
import { formatNumber, formatUsd } from '../units/format.js';
import { attrs, esc, planFigure, planPath, scrollBox } from './escape.js';

/** One table cell. */
export interface Cell {
  text: string;
  /** Path of the figure in the plan JSON, when the text is one. */
  path?: string;
  /** Link target within the page. */
  href?: string;
  /** Right-aligned (numbers). */
  num?: boolean;
  cls?: string;
}

/** A table with a header row; the first cell of each row heads the row. */
export interface CellTable {
  headers: Cell[];
  rows: Cell[][];
  /** Class names of rows (e.g. `total`), aligned with rows. */
  rowClass?: (string | null)[];
}

/** The phases side by side: load, capacity, headroom, bottleneck, p95, violations, cost. */
export function overviewTable(plan: Plan, anchor: (phaseIndex: number) => string): CellTable {
  const headers: Cell[] = [{ text: 'phase' }, ...['peak req/s', 'max req/s', 'headroom'].map((text) => ({ text, num: true })), { text: 'bottleneck' }, ...['p95', 'violations', 'monthly'].map((text) => ({ text, num: true }))];
  const rows = plan.phases.map((p, i): Cell[] => {
    const path = planPath('phases', i);
    return [
      { text: p.name, path: `${path}.name`, href: `#${anchor(i)}` },
      { text: formatNumber(p.peakRps), path: `${path}.peakRps`, num: true },
      { text: formatNumber(p.system.maxRps), path: `${path}.system.maxRps`, num: true },
      { text: formatHeadroom(p.system.headroom), path: `${path}.system.headroom`, num: true },
      { text: bottleneckLabel(p.system.bottleneck), path: `${path}.system.bottleneck` },
      { text: formatLatency(p.system.latencyP95), path: `${path}.system.latencyP95`, num: true },
      { text: String(p.violations.length), num: true, ...(p.violations.length ? { cls: 'sat' } : {}) },
      p.bill ? { text: formatUsd(p.bill.monthly), path: `${path}.bill.monthly`, num: true } : { text: '–', num: true },
    ];
  });
  return { headers, rows };
}

/** One part of a phase's monthly bill: a component's own cost, the packing waste, the shared services, or the whole bill when it is not split. */
export interface CostPart {
  name: string;
  usd: number;
  /** Path of the figure in the plan JSON. */
  path: string;
  /** The component's name for a component's part; null for the other parts. */
  component: string | null;
}

/**
 * The parts a bill splits into, all plan figures: each component's cost (`byComponent`, in the
 * phase's order), the capacity bought but not requested (`packingWaste`) and the shared services
 * (`shared`); they add up to `monthly`. A bill without that split (an on-prem build) is one part.
 */
export function costParts(plan: Plan, phaseIndex: number): CostPart[] {
  const p = plan.phases[phaseIndex]!;
  const bill = p.bill;
  if (!bill) return [];
  const path = (...s: (string | number)[]) => planPath('phases', phaseIndex, 'bill', ...s);
  const by = bill.byComponent as Record<string, number> | undefined;
  if (!by) return [{ name: 'whole bill (not split by component)', usd: bill.monthly, path: path('monthly'), component: null }];
  const parts: CostPart[] = p.components.filter((c) => (by[c.name] ?? 0) > 0).map((c) => ({ name: c.name, usd: by[c.name]!, path: path('byComponent', c.name), component: c.name }));
  if (typeof bill.packingWaste === 'number' && bill.packingWaste > 0) parts.push({ name: 'packing waste (bought, not requested)', usd: bill.packingWaste, path: path('packingWaste'), component: null });
  if (typeof bill.shared === 'number' && bill.shared > 0) parts.push({ name: 'shared (load balancer, control plane)', usd: bill.shared, path: path('shared'), component: null });
  return parts;
}

/** Monthly cost by part (rows) and phase (columns), with the total. */
export function costTable(plan: Plan): CellTable | null {
  const priced = plan.phases.map((p, index) => ({ p, index, parts: costParts(plan, index) })).filter(({ p }) => p.bill);
  if (priced.length === 0) return null;
  const names: string[] = [];
  for (const { parts } of priced) for (const part of parts) if (!names.includes(part.name)) names.push(part.name);
  const headers: Cell[] = [{ text: 'part' }, ...priced.map(({ p }) => ({ text: p.name, num: true }))];
  const rows: Cell[][] = names.map((n) => [
    { text: n },
    ...priced.map(({ parts }): Cell => {
      const part = parts.find((x) => x.name === n);
      return part ? { text: formatUsd(part.usd), path: part.path, num: true } : { text: '–', num: true };
    }),
  ]);
  rows.push([{ text: 'monthly' }, ...priced.map(({ p, index }): Cell => ({ text: formatUsd(p.bill!.monthly), path: planPath('phases', index, 'bill', 'monthly'), num: true }))]);
  return { headers, rows, rowClass: rows.map((_r, i) => (i === rows.length - 1 ? 'total' : null)) };
}

function htmlCell(c: Cell, tag: 'th' | 'td', scope?: 'col' | 'row'): string {
  const cls = [c.num ? 'num' : '', c.cls ?? ''].filter(Boolean).join(' ');
  return `<${tag}${attrs({ scope: scope ?? null, class: cls || null })}>${cellHtml(c)}</${tag}>`;
}

/** A CellTable as an HTML table (in a horizontally scrolling box on narrow screens). */
export function renderCellTable(t: CellTable, className: string): string {
  const head = `<tr>${t.headers.map((h) => htmlCell(h, 'th', 'col')).join('')}</tr>`;
  const rows = t.rows.map((r, i) => `<tr${attrs({ class: t.rowClass?.[i] ?? null })}>${r.map((c, k) => htmlCell(c, k === 0 ? 'th' : 'td', k === 0 ? 'row' : undefined)).join('')}</tr>`);
  return scrollBox(`<table${attrs({ class: className })}><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`);
}

/** One headline figure of the report. */
export interface HeadlineFact {
  label: string;
  value: Cell;
  /** Prefix of the value (the phase of the first violation), not a plan figure. */
  lead?: Cell;
  tone: 'bad' | 'ok' | '';
}

/** The headline: the first phase's bottleneck, headroom and monthly cost, and the roadmap's first violation. */
export function headlineFacts(plan: Plan, anchor: (phaseIndex: number) => string): HeadlineFact[] {
  const first = plan.phases[0]!;
  const fp = planPath('phases', 0);
  const facts: HeadlineFact[] = [
    { label: `bottleneck (${first.name})`, value: { text: bottleneckLabel(first.system.bottleneck), path: `${fp}.system.bottleneck` }, tone: '' },
    {
      label: `headroom (${first.name})`,
      value: { text: formatHeadroom(first.system.headroom), path: `${fp}.system.headroom` },
      tone: first.targets.minHeadroom !== null && first.system.headroom < first.targets.minHeadroom ? 'bad' : '',
    },
  ];
  if (first.bill) facts.push({ label: `monthly cost (${first.name})`, value: { text: formatUsd(first.bill.monthly), path: `${fp}.bill.monthly` }, tone: '' });
  const phase = plan.phases.findIndex((p) => p.violations.length > 0);
  if (phase >= 0) {
    const v = plan.phases[phase]!.violations[0]!;
    facts.push({
      label: 'first violation',
      lead: { text: `${plan.phases[phase]!.name}: ${v.component ?? 'system'} —`, href: `#${anchor(phase)}` },
      value: { text: v.message, path: planPath('phases', phase, 'violations', 0, 'message') },
      tone: 'bad',
    });
  } else {
    facts.push({ label: 'violations', value: { text: `none in ${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'}` }, tone: 'ok' });
  }
  return facts;
}

/** A cell's content as HTML: the figure marked with its path, inside a link when it has one. */
export function cellHtml(c: Cell): string {
  const inner = c.path ? planFigure(c.path, c.text) : esc(c.text);
  return c.href ? `<a href="${esc(c.href)}">${inner}</a>` : inner;
}

/** The catalog date of the first priced phase. */
export function pricesAsOf(plan: Plan): string | null {
  const bill = plan.phases.find((p) => p.bill)?.bill;
  return bill ? String(bill.pricesAsOf ?? '') || null : null;
}
