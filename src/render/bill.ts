/** Renders a phase's bill: priced lines, packing efficiency, sources and dates. */
import type { Bill, BillLine } from '../plan/types.js';
import { formatNumber, formatPercent, formatUsd } from '../units/format.js';
import { mdTable } from './plan-markdown.js';
import type { Palette } from './palette.js';
import { textTable } from './plan-table.js';

const HEADERS = ['item', 'quantity', 'unit', 'unit price', 'monthly', 'source (as of)'] as const;

/** Notes of priced lines, numbered in the table and listed under it. */
function lineNotes(bill: Bill): string[] {
  return [...new Set(bill.lines.filter((l) => l.note && l.unitPrice !== null).map((l) => l.note!))];
}

interface Packing {
  components: string[];
  pool: string; instance: string; nodes: number; utilization: { cpu: number; memory: number; gpu: number | null };
  wastedFraction: number; monthly: number; lowerBound: number; ratioToLowerBound: number | null;
}

function cells(l: BillLine, notes: readonly string[]): string[] {
  const mark = l.note && l.unitPrice !== null ? ` [${notes.indexOf(l.note) + 1}]` : '';
  return [
    `${l.description}${mark}`,
    formatNumber(l.quantity),
    l.unit,
    l.unitPrice === null ? 'unpriced' : formatUsd(l.unitPrice),
    formatUsd(l.monthly),
    `${l.source}${l.asOf ? ` (${l.asOf})` : ''}`,
  ];
}

/** One line on how well the nodes are packed, per pool. */
export function packingLines(bill: Bill): string[] {
  return ((bill.packing as Packing[] | undefined) ?? []).map((p) => {
    const gpu = p.utilization.gpu === null ? '' : `, GPU ${formatPercent(p.utilization.gpu)}`;
    const bound = p.ratioToLowerBound === null ? '' : `; ${formatNumber(p.ratioToLowerBound)}× the lower bound ${formatUsd(p.lowerBound)} (requests × cheapest unit prices)`;
    return `${p.pool} pool (${p.components.join(', ')}): ${p.nodes} × ${p.instance}, CPU ${formatPercent(p.utilization.cpu)}, memory ${formatPercent(p.utilization.memory)}${gpu} requested, ${formatPercent(p.wastedFraction)} wasted${bound}`;
  });
}

/** The pools' cost beyond what components request, and the fixed unit prices components are charged at (JSON: byComponent). */
export function wasteLines(bill: Bill): string[] {
  if (typeof bill.packingWaste !== 'number') return [];
  const prices = ((bill.allocation as { unitPrices?: { pool: string; usdPerCoreHour: number; usdPerGiBHour: number; usdPerGpuHour: number }[] } | undefined)?.unitPrices ?? [])
    .map((u) => `${u.pool} $${formatNumber(u.usdPerCoreHour)}/core-h, $${formatNumber(u.usdPerGiBHour)}/GiB-h${u.usdPerGpuHour > 0 ? `, $${formatNumber(u.usdPerGpuHour)}/GPU-h` : ''}`);
  return [
    `packing waste ${formatUsd(bill.packingWaste)} per month (node capacity bought, not requested)`,
    ...(prices.length ? [`components pay their requests at ${prices.join('; ')}`] : []),
  ];
}

/** Where the prices come from: "prices as of DATE from SOURCES". */
export function provenanceLine(bill: Bill): string {
  const sources = (bill.sources as { id: string; title: string }[]).filter((s) => s.id !== 'no-dated-source').map((s) => s.title).join('; ');
  return `prices as of ${String(bill.pricesAsOf ?? 'undated')} from ${sources}`;
}

function headline(bill: Bill): string {
  const where = bill.target === 'onprem' ? 'on-prem build' : `${String(bill.provider)} ${String(bill.region)}`;
  const capex = typeof bill.capex === 'number' ? ` (capex ${formatUsd(bill.capex)} over ${String(bill.amortisationMonths)} months)` : '';
  return `Bill, ${where}: ${formatUsd(bill.monthly)} per month${capex}`;
}

/** The bill as terminal text. */
export function renderBillText(bill: Bill, p: Palette): string {
  const notes = lineNotes(bill);
  const out = [`  ${p.bold(headline(bill))}`, textTable(HEADERS, bill.lines.map((l) => cells(l, notes)), p, ['left', 'right', 'left', 'right', 'right', 'left'])];
  notes.forEach((n, i) => out.push(`  [${i + 1}] ${n}`));
  for (const l of packingLines(bill)) out.push(`  ${l}`);
  for (const l of wasteLines(bill)) out.push(`  ${l}`);
  out.push(`  ${p.dim(provenanceLine(bill))}`);
  if (bill.disclaimer) out.push(`  ${p.dim(String(bill.disclaimer))}`);
  for (const w of (bill.warnings as string[] | undefined) ?? []) out.push(`  ${p.yellow(`! ${w}`)}`);
  return out.join('\n');
}

/** The bill as Markdown. */
export function renderBillMarkdown(bill: Bill): string {
  const notes = lineNotes(bill);
  const out = [`**${headline(bill)}**`, '', mdTable(HEADERS, bill.lines.map((l) => cells(l, notes)), ['left', 'right', 'left', 'right', 'right', 'left']), ''];
  notes.forEach((n, i) => out.push(`${i + 1}. ${n}`));
  for (const l of packingLines(bill)) out.push(`- ${l}`);
  for (const l of wasteLines(bill)) out.push(`- ${l}`);
  out.push(`- ${provenanceLine(bill)}`);
  if (bill.disclaimer) out.push(`- ${String(bill.disclaimer)}`);
  for (const w of (bill.warnings as string[] | undefined) ?? []) out.push(`- ⚠ ${w}`);
  return out.join('\n');
}
