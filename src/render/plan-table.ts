/**
 * The terminal rendering of a plan, fitted to the width: a table per phase (utilisation bars,
 * the bottleneck marked), the system summary, violations, the bill, then a roadmap with
 * sparklines, a cost chart, and what the run says once (warnings, price sources, notices).
 */
import type { PlanSource } from '../plan/solve.js';
import type { ComponentPlan, PhasePlan, Plan } from '../plan/types.js';
import { byCodePoint } from '../pricing/compare.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { renderBillText } from './bill.js';
import { BAR_CELLS, utilisationBar } from './charts.js';
import { DEFAULT_LAYOUT, glyphsOf, type Glyphs, type Layout } from './layout.js';
import type { Palette } from './palette.js';
import { costChart, roadmapTable } from './plan-roadmap.js';
import { explainSection, wrapperOf, type Wrappers } from './plan-explain.js';
import { formatDemand, formatLatency, phaseHeadline, systemLines, violationLines } from './plan-text.js';
import { runNotesOf } from './run-notes.js';
import { summarisePhase, type PhaseSummary, type PlanSummary } from './plan-summary.js';
import { firstSorted, remembered } from './select.js';
import { abbreviateSize, sizeLegend } from './size-abbrev.js';
import { drawTable, longestWord, measureCells, type Column } from './table.js';
import { rememberedWrap, visibleWidth, wrapStyled } from './wrap.js';

/** Options of the plan renderers. */
export interface PlanRenderOptions {
  palette: Palette;
  layout?: Layout;
  explain?: boolean;
  /** Extra sections appended per phase, rendered by their own modules. */
  phaseSections?: (phaseIndex: number) => string[];
}

/** A column of the component table, with its cell. */
interface ComponentColumn extends Column {
  id: 'component' | 'kind' | 'demand' | 'size' | 'binding' | 'util' | 'p95' | 'max';
}

/**
 * The component table's layouts, widest first; the first that fits is drawn. The stated order
 * in which a narrow terminal gives things up: full sizes become `1p+2r` (with a legend), then
 * `max req/s` moves to the summary, then the utilisation bar goes (the percentage stays), then
 * the kind column. `--wide` always gets the first.
 */
const LAYOUTS: readonly { abbreviate: boolean; max: boolean; bar: boolean; kind: boolean }[] = [
  { abbreviate: false, max: true, bar: true, kind: true },
  { abbreviate: true, max: true, bar: true, kind: true },
  { abbreviate: true, max: false, bar: true, kind: true },
  { abbreviate: true, max: false, bar: false, kind: true },
  { abbreviate: true, max: false, bar: false, kind: false },
];

type Variant = (typeof LAYOUTS)[number];

/** The fields of a component table too wide for the terminal in every layout, drawn a block a component. */
const STACKED: Variant = { abbreviate: false, max: true, bar: false, kind: true };

function columnsOf(v: Variant): ComponentColumn[] {
  const cols: ComponentColumn[] = [{ id: 'component', header: 'component' }];
  if (v.kind) cols.push({ id: 'kind', header: 'kind' });
  cols.push({ id: 'demand', header: 'demand', align: 'right' }, { id: 'size', header: 'size' }, { id: 'binding', header: 'binding' });
  cols.push({ id: 'util', header: 'util', align: 'right' }, { id: 'p95', header: 'p95', align: 'right' });
  if (v.max) cols.push({ id: 'max', header: 'max req/s', align: 'right' });
  return cols;
}

/**
 * Every cell a component may show, computed once for all the layouts, by column (a column is
 * measured whole, and a row read from a few arrays): each field's cells in component order.
 */
interface ComponentCells {
  component: string[];
  kind: string[];
  demand: string[];
  sizeFull: string[];
  sizeShort: string[];
  letters: (readonly string[])[];
  binding: string[];
  utilBar: string[];
  utilPlain: string[];
  p95: string[];
  max: string[];
}

function allCells(phase: PhasePlan, g: Glyphs, p: Palette): ComponentCells {
  const percent = remembered(formatPercent);
  // Each component's percentage, formatted once: the width of the widest, then the bar and the plain cell.
  const percents = phase.components.map((c) => percent(c.utilization));
  let pctWidth = -Infinity;
  for (const pct of percents) pctWidth = Math.max(pctWidth, pct.length);
  const demandBy = new Map<string, (value: number) => string>();
  const latency = remembered(formatLatency);
  const max = remembered((rps: number) => (Number.isFinite(rps) ? formatNumber(rps) : '∞'));
  const barOf = remembered((u: number) => utilisationBar(u, g));
  const red = remembered(p.red);
  const out: ComponentCells = { component: [], kind: [], demand: [], sizeFull: [], sizeShort: [], letters: [], binding: [], utilBar: [], utilPlain: [], p95: [], max: [] };
  phase.components.forEach((c, i) => {
    const pct = percents[i]!;
    const short = abbreviateSize(c.topology);
    const name = `${c.name}${c.name === phase.system.bottleneck ? ` ${g.bottleneck}` : ''}`;
    let demand = demandBy.get(c.demandUnit);
    if (demand === undefined) demandBy.set(c.demandUnit, (demand = remembered((v: number) => formatDemand(v, c.demandUnit))));
    // Above the target the component is under-provisioned; over 100 % it cannot keep up at all.
    const over = c.utilization > c.targetUtilization + 1e-9;
    const bar = `${barOf(c.utilization)} ${pct.padStart(pctWidth)}`;
    out.component.push(c.violations.length ? p.red(name) : name);
    out.kind.push(c.kind);
    out.demand.push(demand(c.demand));
    out.sizeFull.push(c.topology);
    out.sizeShort.push(short.text);
    out.letters.push(short.letters);
    out.binding.push(c.binding);
    out.utilBar.push(over ? red(bar) : bar);
    out.utilPlain.push(over ? red(pct) : pct);
    out.p95.push(latency(c.latencyP95));
    out.max.push(max(c.maxRps));
  });
  return out;
}

/** The field of ComponentCells a column shows in a layout. */
type CellField = Exclude<keyof ComponentCells, 'letters'>;
function fieldOf(id: ComponentColumn['id'], v: Variant): CellField {
  return id === 'size' ? (v.abbreviate ? 'sizeShort' : 'sizeFull') : id === 'util' ? (v.bar ? 'utilBar' : 'utilPlain') : id;
}

function rowsOf(cells: ComponentCells, v: Variant): string[][] {
  const columns = columnsOf(v).map((col) => cells[fieldOf(col.id, v)]);
  return cells.component.map((_, i) => columns.map((column) => column[i]!));
}

/** The width of the table in a layout (tableWidth's), from each field's widest cell, measured once for all the layouts. */
function layoutWidth(v: Variant, widest: (f: CellField) => number): number {
  const cols = columnsOf(v);
  return cols.reduce((w, col) => w + Math.max(visibleWidth(col.header), widest(fieldOf(col.id, v))), 2) + 2 * (cols.length - 1);
}

/** The component table of a phase in the widest layout that fits, and what the layout left out. */
function componentTable(phase: PhasePlan, layout: Layout, p: Palette): { text: string; variant: Variant; letters: string[] } {
  const cells = allCells(phase, glyphsOf(layout), p);
  // Each field's cells scanned once: their widest, and whether all are narrow (drawTable then does not scan them again).
  const measured = new Map<CellField, { width: number; narrow: boolean }>();
  const measure = (f: CellField): { width: number; narrow: boolean } => {
    let m = measured.get(f);
    if (m === undefined) measured.set(f, (m = measureCells(cells[f])));
    return m;
  };
  const widest = (f: CellField): number => measure(f).width;
  const chosen = LAYOUTS.find((v) => layoutWidth(v, widest) <= layout.width) ?? LAYOUTS[LAYOUTS.length - 1]!;
  const letters = chosen.abbreviate ? [...new Set(cells.letters.flat())] : [];
  const columns = columnsOf(chosen);
  // The widths drawTable would measure again: each column's widest cell or (bold) header.
  const natural = columns.map((col) => Math.max(visibleWidth(p.bold(col.header)), widest(fieldOf(col.id, chosen))));
  // Still wider than the terminal with the fewest columns: the demand wraps between its amount
  // and its unit (`2,000` over `query/s`), down to its longest word, where that makes the table
  // fit (a table that overflows anyway is left one line a row).
  const over = layoutWidth(chosen, widest) - layout.width;
  if (over > 0) {
    const d = columns.findIndex((col) => col.id === 'demand');
    const minWidth = Math.max(visibleWidth(columns[d]!.header), longestWord(cells.demand));
    if (natural[d]! - minWidth >= over) columns[d] = { ...columns[d]!, wrap: true, minWidth };
    // Narrower still, a block a component (drawTable's stackedLines), where every field has room:
    // the kind, the size in full, the percentage and max req/s.
    else return { text: drawTable(columnsOf(STACKED), rowsOf(cells, STACKED), { layout, palette: p }).text, variant: STACKED, letters: [] };
  }
  const narrow = columns.map((col) => measure(fieldOf(col.id, chosen)).narrow);
  return { text: drawTable(columns, rowsOf(cells, chosen), { layout, palette: p, natural, narrow }).text, variant: chosen, letters };
}

/** "next limits: analytics 840 · tracking 1,167 req/s", for when the max req/s column is not shown. */
function nextLimits(phase: PhasePlan): string | null {
  const others = phase.components.filter((c) => c.name !== phase.system.bottleneck && Number.isFinite(c.maxRps));
  // Names are DNS labels ([a-z0-9-]), which ICU's root collation orders exactly as their code
  // points (test/render/plan-table-order.test.ts); comparing code points needs no ICU collator
  // (~7 ms to start) and does not change with the user's locale (LANG=da_DK sorts "aa" after "z").
  const first = firstSorted(others, 3, (a, b) => a.maxRps - b.maxRps || byCodePoint(a.name, b.name));
  if (first.length === 0) return null;
  return `next limits: ${first.map((c) => `${c.name} ${formatNumber(c.maxRps)}`).join(' · ')} req/s`;
}

function phaseHeading(phase: PhasePlan, layout: Layout, p: Palette): string[] {
  const title = `Phase ${phase.name}`;
  const headline = phaseHeadline(phase);
  if (visibleWidth(`${title}  ${headline}`) <= layout.width) return [`${p.bold(p.cyan(title))}  ${p.dim(headline)}`];
  return [...wrapStyled(title, layout.width, (s) => p.bold(p.cyan(s))), ...wrapStyled(headline, layout.width, p.dim, { first: '  ' })];
}

/** Whether two request paths name the same components in the same order. */
function samePath(a: readonly string[] | null, b: readonly string[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function renderPhase(phase: PhasePlan, previousPath: readonly string[] | null, i: number, opts: PlanRenderOptions, layout: Layout, wrappers: Wrappers): string[] {
  const p = opts.palette;
  const g = glyphsOf(layout);
  const quiet = layout.detail === 'quiet';
  const out: string[] = ['', ...phaseHeading(phase, layout, p)];
  const table = componentTable(phase, layout, p);
  out.push(table.text);
  if (!quiet) {
    const legend = [sizeLegend(table.letters), phase.system.bottleneck !== null ? `${g.bottleneck} bottleneck` : ''].filter(Boolean).join(' · ');
    if (legend) out.push(...wrapStyled(table.letters.length ? `size: ${legend}` : legend, layout.width, p.dim, { first: '  ' }));
    // A phase repeating the path of the one before does not show it again (but for --verbose).
    const path = layout.detail === 'verbose' || !samePath(previousPath, phase.system.path);
    for (const line of systemLines(phase, { path })) {
      const isPath = line.startsWith('request path: ');
      out.push(...wrapStyled(isPath ? line.replace(/ → /g, ` ${g.arrow} `) : line.replace(' ≤ ', ` ${g.le} `), layout.width, (s) => s, { first: '  ', rest: '    ' }));
    }
    if (!table.variant.max) {
      const limits = nextLimits(phase);
      if (limits) out.push(...wrapStyled(limits, layout.width, (s) => s, { first: '  ', rest: '    ' }));
    }
  }
  if (phase.violations.length) {
    out.push(p.red(p.bold(`  ${phase.violations.length} violation${phase.violations.length === 1 ? '' : 's'}:`)));
    const remedyLines = wrapperOf(wrappers, 'remedy', () => rememberedWrap(layout.width, p.dim, { first: '    ' }));
    for (const v of phase.violations) {
      const [what, remedy] = violationLines(v);
      for (const l of wrapStyled(what, layout.width, (s) => s, { first: `  ${p.red(g.fail)} `, rest: '    ' })) out.push(l);
      for (const l of remedyLines(remedy)) out.push(l);
    }
  } else if (!quiet) {
    out.push(`  ${p.green(g.ok)} no violations`);
  }
  if (!quiet && phase.findings.length) {
    out.push(p.bold(`  ${phase.findings.length} finding${phase.findings.length === 1 ? '' : 's'}:`));
    for (const f of phase.findings) out.push(...wrapStyled(f, layout.width, (s) => s, { first: `  ${p.yellow(g.warn)} `, rest: '    ' }));
  }
  if (phase.bill) out.push(renderBillText(phase.bill, { palette: p, layout }));
  for (const s of opts.phaseSections?.(i) ?? []) out.push(s);
  // Pushed one by one: a section of thousands of components is more lines than a call takes arguments.
  if (opts.explain) for (const line of explainSection(phase, layout, p, wrappers)) out.push(line);
  return out;
}

/** What the run says once, at its end: warnings, price sources, notices, notes. */
function closingLines(plan: PlanSummary & Pick<Plan, 'profileNotes'>, layout: Layout, p: Palette): string[] {
  const notes = runNotesOf(plan);
  const out: string[] = [];
  const quiet = layout.detail === 'quiet';
  if (!quiet && notes.warnings.length) {
    out.push('', p.bold('Warnings'));
    for (const w of notes.warnings) out.push(...wrapStyled(w, layout.width, p.yellow, { first: `  ${p.yellow(glyphsOf(layout).warn)} `, rest: '    ' }));
  }
  const said = [...(quiet ? [] : notes.provenance), ...notes.notices];
  if (said.length) out.push('');
  for (const s of said) out.push(...wrapStyled(s, layout.width, p.dim));
  if (!quiet && plan.profileNotes.length) {
    out.push('', p.bold('Notes from the profile'));
    for (const n of plan.profileNotes) out.push(...wrapStyled(n, layout.width, (s) => s, { first: '  - ', rest: '    ' }));
  }
  if (!quiet && notes.notes.length) {
    out.push('');
    for (const n of notes.notes) out.push(...wrapStyled(`note: ${n}`, layout.width, p.dim, { rest: '  ' }));
  }
  return out;
}

/** Renders the plan for a terminal. */
export function renderPlanTable(plan: Plan, opts: PlanRenderOptions): string {
  return [...planTableChunks(plan, opts)].join('');
}

/**
 * renderPlanTable's text in pieces, a phase at a time (the same bytes): 5,000 components over 20
 * phases print about 35 MB, and with --explain several hundred, which need not be held whole.
 * The phases are read once, in order (a PlanSource solves each as it is read), and only the
 * one before and each one's summary (plan-summary.ts) are kept for the roadmap and closing lines.
 */
export function* planTableChunks(plan: PlanSource, opts: PlanRenderOptions): Generator<string> {
  const p = opts.palette;
  const layout = opts.layout ?? DEFAULT_LAYOUT;
  yield p.bold(`capplan plan: ${plan.profile}`);
  const wrappers: Wrappers = new Map();
  const summaries: PhaseSummary[] = [];
  // Of the phase before, only its request path is kept (a phase repeating it does not show it again).
  let previousPath: readonly string[] | null = null;
  // The next phase's text, or undefined after the last: a function of its own, so that this
  // generator holds no phase while the next one is solved (pipelines solve it as it is read).
  const phases = plan.phases[Symbol.iterator]();
  const nextText = (): string | undefined => {
    const next = phases.next();
    if (next.done) return undefined;
    const phase = next.value;
    const lines = renderPhase(phase, previousPath, summaries.length, opts, layout, wrappers);
    summaries.push(summarisePhase(phase, summaries[summaries.length - 1] ?? null));
    previousPath = phase.system.path;
    return lines.length > 0 ? `\n${lines.join('\n')}` : '';
  };
  for (let text = nextText(); text !== undefined; text = nextText()) if (text !== '') yield text;
  const summary = { phases: summaries, notes: [...plan.notes], profileNotes: plan.profileNotes };
  const out: string[] = [];
  if (summaries.length > 1) {
    out.push('', p.bold('Roadmap'), roadmapTable(summary, layout, p));
    if (layout.detail !== 'quiet') {
      const chart = costChart(summary, layout, p);
      if (chart) out.push('', p.bold('Monthly cost per phase'), chart);
    }
  }
  for (const line of closingLines(summary, layout, p)) out.push(line);
  yield out.length > 0 ? `\n${out.join('\n')}\n` : '\n';
}
