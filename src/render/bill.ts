/** Renders a phase's bill: priced lines, packing efficiency, sources and dates. */
import type { Bill, BillLine } from '../plan/types.js';
import { formatBytes, formatNumber, formatPercent, formatUsd } from '../units/format.js';
import { DEFAULT_LAYOUT, type Layout } from './layout.js';
import { mdTable, mdTextWithCode } from './markdown.js';
import type { Palette } from './palette.js';
import { remembered } from './select.js';
import { drawTable, longestWord, type Column } from './table.js';
import { wrapStyled } from './wrap.js';

const HEADERS = ['item', 'quantity', 'unit', 'unit price', 'monthly', 'source (as of)'] as const;

/**
 * Terminal columns: quantity and unit in one cell, the source dropped first (the dated sources
 * are listed once under the plan), the item wrapped, and on a narrower terminal the quantity
 * too, between its amount and its unit (its narrowest is set from the cells: textColumns).
 */
const TEXT_COLUMNS: readonly Column[] = [
  { header: 'item', wrap: true, minWidth: 16 },
  { header: 'quantity', align: 'right', wrap: true },
  { header: 'unit price', align: 'right' },
  { header: 'monthly', align: 'right' },
  { header: 'source (as of)', drop: 1, wrap: true, minWidth: 14 },
];

/**
 * TEXT_COLUMNS with each wrapping column's narrowest width at least its longest word (an amount,
 * a unit, an instance type such as `m7g.4xlarge-equivalent`) and its header: a word is never cut
 * (a bill at 60 columns showed `m7g.large-equiv…`); a bill that cannot fit so is drawn a block a line.
 */
function textColumns(rows: readonly (readonly string[])[]): Column[] {
  return TEXT_COLUMNS.map((c, i) => (c.wrap ? { ...c, minWidth: Math.max(c.minWidth ?? 0, c.header.length, longestWord(rows.map((r) => r[i]!))) } : c));
}

/** Notes of priced lines, numbered in the table and listed under it. */
function lineNotes(bill: Bill): string[] {
  return [...new Set(bill.lines.filter((l) => l.note && l.unitPrice !== null).map((l) => l.note!))];
}

interface Packing {
  components: string[];
  pool: string; instance: string; nodes: number; utilization: { cpu: number; memory: number; gpu: number | null };
  wastedFraction: number; monthly: number; lowerBound: number; ratioToLowerBound: number | null;
}

/** How a bill's lines are written: notes numbered, amounts formatted once per distinct value (a bill of thousands of components repeats a few). */
interface LineFormat {
  noteNumbers: Map<string, number>;
  number: (n: number) => string;
  usd: (n: number) => string;
}

function lineFormat(notes: readonly string[]): LineFormat {
  const noteNumbers = new Map<string, number>();
  notes.forEach((n, i) => noteNumbers.set(n, i + 1));
  return { noteNumbers, number: remembered((n: number) => formatNumber(n)), usd: remembered((n: number) => formatUsd(n)) };
}

function mark(l: BillLine, f: LineFormat): string {
  return l.note && l.unitPrice !== null ? ` [${f.noteNumbers.get(l.note) ?? 0}]` : '';
}

function cells(l: BillLine, f: LineFormat): string[] {
  return [
    `${l.description}${mark(l, f)}`,
    f.number(l.quantity),
    l.unit,
    l.unitPrice === null ? 'unpriced' : f.usd(l.unitPrice),
    f.usd(l.monthly),
    `${l.source}${l.asOf ? ` (${l.asOf})` : ''}`,
  ];
}

function textCells(l: BillLine, f: LineFormat): string[] {
  const [item, quantity, unit, unitPrice, monthly, source] = cells(l, f);
  return [item!, `${quantity} ${unit}`, unitPrice!, monthly!, source!];
}

function packingOf(bill: Bill): Packing[] {
  return (bill.packing as Packing[] | undefined) ?? [];
}

/** The bill's line on node capacity when daemonsets take some of it ("node capacity: allocatable less daemonset overhead of …"), or none. */
function capacityLines(bill: Bill): string[] {
  const summary = (bill.daemonsets as { summary?: string } | undefined)?.summary;
  return summary ? [summary] : [];
}

/** One line on how well the nodes are packed, per pool, and the line on node capacity. */
export function packingLines(bill: Bill): string[] {
  return [...packingOf(bill).map((p) => {
    const gpu = p.utilization.gpu === null ? '' : `, GPU ${formatPercent(p.utilization.gpu)}`;
    const bound = p.ratioToLowerBound === null ? '' : `; ${formatNumber(p.ratioToLowerBound)}× the lower bound ${formatUsd(p.lowerBound)} (requests × cheapest unit prices)`;
    return `${p.pool} pool (${p.components.join(', ')}): ${p.nodes} × ${p.instance}, CPU ${formatPercent(p.utilization.cpu)}, memory ${formatPercent(p.utilization.memory)}${gpu} requested, ${formatPercent(p.wastedFraction)} wasted${bound}`;
  }), ...capacityLines(bill)];
}

/** The pools' cost beyond what components request, and the fixed unit prices components are charged at (JSON: byComponent). */
export function wasteLines(bill: Bill): string[] {
  if (typeof bill.packingWaste !== 'number') return [];
  const prices = ((bill.allocation as { unitPrices?: { pool: string; usdPerCoreHour: number; usdPerGiBHour: number; usdPerGpuHour: number; gpuMemoryPerGpu?: number }[] } | undefined)?.unitPrices ?? [])
    .map((u) => `${u.pool}${u.gpuMemoryPerGpu !== undefined ? ` with ${formatBytes(u.gpuMemoryPerGpu)} per GPU or more` : ''} $${formatNumber(u.usdPerCoreHour)}/core-h, $${formatNumber(u.usdPerGiBHour)}/GiB-h${u.usdPerGpuHour > 0 ? `, $${formatNumber(u.usdPerGpuHour)}/GPU-h` : ''}`);
  return [
    `packing waste ${formatUsd(bill.packingWaste)} per month (node capacity bought, not requested)`,
    ...(prices.length ? [`components pay their requests at ${prices.join('; ')}`] : []),
  ];
}

/** The packing in short: "general pool: 3 × c7i.4xlarge, CPU 49%, memory 89% requested, 11% wasted". */
function shortPackingLines(bill: Bill): string[] {
  return [...packingOf(bill).map((p) => {
    const gpu = p.utilization.gpu === null ? '' : `, GPU ${formatPercent(p.utilization.gpu)}`;
    return `${p.pool} pool: ${p.nodes} × ${p.instance}, CPU ${formatPercent(p.utilization.cpu)}, memory ${formatPercent(p.utilization.memory)}${gpu} requested, ${formatPercent(p.wastedFraction)} wasted`;
  }), ...capacityLines(bill)];
}

/** Where the prices come from: "prices as of DATE from SOURCES" (a bill that priced nothing says so instead of naming no source). */
export function provenanceLine(bill: Bill): string {
  const sources = (bill.sources as { id: string; title: string }[]).filter((s) => s.id !== 'no-dated-source').map((s) => s.title).join('; ');
  const asOf = `prices as of ${String(bill.pricesAsOf ?? 'undated')}`;
  return sources ? `${asOf} from ${sources}` : `${asOf}: no line of this bill was priced`;
}

/** "Bill, aws us-east-1: $1,704.64 per month". */
export function billHeadline(bill: Bill): string {
  const where = bill.target === 'onprem' ? 'on-prem build' : `${String(bill.provider)} ${String(bill.region)}`;
  const capex = typeof bill.capex === 'number' ? ` (capex ${formatUsd(bill.capex)} over ${String(bill.amortisationMonths)} months)` : '';
  return `Bill, ${where}: ${formatUsd(bill.monthly)} per month${capex}`;
}

/** The warnings of a bill. */
export function billWarnings(bill: Bill): string[] {
  return (bill.warnings as string[] | undefined) ?? [];
}

/** What the terminal bill shows besides its own lines. */
export interface BillTextOptions {
  palette: Palette;
  layout?: Layout;
  /**
   * Print the provenance, notice and warnings under this bill (a bill on its own). A plan of
   * several phases says them once, at the end of the run, instead.
   */
  standalone?: boolean;
}

/** The bill as terminal text, fitted to the layout's width. */
export function renderBillText(bill: Bill, opts: BillTextOptions): string {
  const p = opts.palette;
  const layout = opts.layout ?? DEFAULT_LAYOUT;
  const verbose = layout.detail === 'verbose';
  const notes = lineNotes(bill);
  // Unpriced lines cost nothing and are named once among the run's warnings.
  const lines = verbose || opts.standalone ? bill.lines : bill.lines.filter((l) => l.unitPrice !== null);
  const out = [...wrapStyled(billHeadline(bill), layout.width, p.bold, { first: '  ' })];
  if (lines.length) {
    const f = lineFormat(notes);
    const rows = lines.map((l) => textCells(l, f));
    out.push(drawTable(textColumns(rows), rows, { layout, palette: p, indent: 4 }).text);
  }
  if (layout.detail === 'quiet') return out.join('\n');
  notes.forEach((n, i) => out.push(...wrapStyled(n, layout.width, p.dim, { first: `    [${i + 1}] ` })));
  for (const l of verbose ? packingLines(bill) : shortPackingLines(bill)) out.push(...wrapStyled(l, layout.width, p.dim, { first: '    ' }));
  for (const l of wasteLines(bill)) out.push(...wrapStyled(l, layout.width, p.dim, { first: '    ', rest: '      ' }));
  if (opts.standalone || verbose) out.push(...wrapStyled(provenanceLine(bill), layout.width, p.dim, { first: '    ' }));
  if (opts.standalone) {
    if (bill.disclaimer) out.push(...wrapStyled(String(bill.disclaimer), layout.width, p.dim, { first: '    ' }));
    for (const w of billWarnings(bill)) out.push(...wrapStyled(w, layout.width, p.yellow, { first: '    ! ' }));
  }
  return out.join('\n');
}

/** The bill as Markdown (its warnings and notice are said once, under the plan). */
export function renderBillMarkdown(bill: Bill): string {
  const notes = lineNotes(bill);
  const f = lineFormat(notes);
  const out = [`**${billHeadline(bill)}**`, '', mdTable(HEADERS, bill.lines.map((l) => cells(l, f)), ['left', 'right', 'left', 'right', 'right', 'left']), ''];
  notes.forEach((n, i) => out.push(`${i + 1}. ${n}`));
  for (const l of packingLines(bill)) out.push(`- ${mdTextWithCode(l)}`);
  for (const l of wasteLines(bill)) out.push(`- ${mdTextWithCode(l)}`);
  return out.join('\n');
}
