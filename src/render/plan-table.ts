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
import { abbreviateSize, sizeLegend, type ShortSize } from './size-abbrev.js';
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

/** The fields a component table's columns show: a column's cells in one layout or another. */
type CellField = 'component' | 'kind' | 'demand' | 'sizeFull' | 'sizeShort' | 'binding' | 'utilBar' | 'utilPlain' | 'p95' | 'max';

function fieldOf(id: ComponentColumn['id'], v: Variant): CellField {
  return id === 'size' ? (v.abbreviate ? 'sizeShort' : 'sizeFull') : id === 'util' ? (v.bar ? 'utilBar' : 'utilPlain') : id;
}

/**
 * The cells of a phase's component table, by field (each field's cells in component order), each
 * field made at its first use: the layouts are measured a column at a time and one that already
 * overflows is not measured further, so a field no layout gets to (max req/s, the utilisation
 * bars on an 80-column terminal) is never made for thousands of components.
 */
class ComponentCells {
  private readonly made = new Map<CellField, string[]>();
  private readonly measured = new Map<CellField, { width: number; narrow: boolean }>();
  private percentCells: string[] | undefined;
  private shortSizes: ShortSize[] | undefined;

  constructor(
    private readonly phase: PhasePlan,
    private readonly g: Glyphs,
    private readonly p: Palette,
  ) {}

  /** A field's cells. */
  cells(f: CellField): string[] {
    let cells = this.made.get(f);
    if (cells === undefined) this.made.set(f, (cells = this.make(f)));
    return cells;
  }

  /** A field's widest cell, and whether every cell is narrow (measureCells), measured once. */
  measure(f: CellField): { width: number; narrow: boolean } {
    let m = this.measured.get(f);
    if (m === undefined) this.measured.set(f, (m = measureCells(this.cells(f))));
    return m;
  }

  /**
   * A field's widest cell. The bars' is known before they are made: a bar is BAR_CELLS one-column
   * glyphs, a space and the percentage padded to the widest.
   */
  widest(f: CellField): number {
    if (f === 'utilBar' && !this.made.has(f) && this.phase.components.length > 0) return visibleWidth(utilisationBar(1, this.g)) + 1 + this.percentWidth();
    return this.measure(f).width;
  }

  /** The letters the abbreviated sizes use, in order of first use. */
  letters(): string[] {
    const letters = new Set<string>();
    for (const short of this.shorts()) for (const l of short.letters) letters.add(l);
    return [...letters];
  }

  /** Each component's utilisation as a percentage, formatted once for the bars and the plain cells. */
  private percents(): string[] {
    if (this.percentCells === undefined) {
      const percent = remembered(formatPercent);
      this.percentCells = this.phase.components.map((c) => percent(c.utilization));
    }
    return this.percentCells;
  }

  private percentWidth(): number {
    let w = 0;
    for (const pct of this.percents()) if (pct.length > w) w = pct.length;
    return w;
  }

  private shorts(): ShortSize[] {
    return (this.shortSizes ??= this.phase.components.map((c) => abbreviateSize(c.topology)));
  }

  private make(f: CellField): string[] {
    const { phase, g, p } = this;
    const components = phase.components;
    switch (f) {
      case 'component':
        return components.map((c) => {
          const name = c.name === phase.system.bottleneck ? `${c.name} ${g.bottleneck}` : c.name;
          return c.violations.length ? p.red(name) : name;
        });
      case 'kind':
        return components.map((c) => c.kind);
      case 'demand': {
        const demandBy = new Map<string, (value: number) => string>();
        return components.map((c) => {
          let demand = demandBy.get(c.demandUnit);
          if (demand === undefined) demandBy.set(c.demandUnit, (demand = remembered((v: number) => formatDemand(v, c.demandUnit))));
          return demand(c.demand);
        });
      }
      case 'sizeFull':
        return components.map((c) => c.topology);
      case 'sizeShort':
        return this.shorts().map((short) => short.text);
      case 'binding':
        return components.map((c) => c.binding);
      case 'utilBar':
      case 'utilPlain': {
        const percents = this.percents();
        const pctWidth = this.percentWidth();
        const barOf = remembered((u: number) => utilisationBar(u, g));
        const red = remembered(p.red);
        return components.map((c, i) => {
          const pct = percents[i]!;
          const cell = f === 'utilBar' ? `${barOf(c.utilization)} ${pct.padStart(pctWidth)}` : pct;
          // Above the target the component is under-provisioned; over 100 % it cannot keep up at all.
          return c.utilization > c.targetUtilization + 1e-9 ? red(cell) : cell;
        });
      }
      case 'p95': {
        const latency = remembered(formatLatency);
        return components.map((c) => latency(c.latencyP95));
      }
      case 'max': {
        const max = remembered((rps: number) => (Number.isFinite(rps) ? formatNumber(rps) : '∞'));
        return components.map((c) => max(c.maxRps));
      }
    }
  }
}

function rowsOf(cells: ComponentCells, v: Variant): string[][] {
  const columns = columnsOf(v).map((col) => cells.cells(fieldOf(col.id, v)));
  return cells.cells('component').map((_, i) => columns.map((column) => column[i]!));
}

/** The width of the table in a layout (tableWidth's), from each field's widest cell. */
function layoutWidth(v: Variant, cells: ComponentCells): number {
  const cols = columnsOf(v);
  return cols.reduce((w, col) => w + Math.max(visibleWidth(col.header), cells.widest(fieldOf(col.id, v))), 2) + 2 * (cols.length - 1);
}

/** Whether the table in a layout is at most `width` wide (layoutWidth), its fields measured only until it is not. */
function layoutFits(v: Variant, cells: ComponentCells, width: number): boolean {
  const cols = columnsOf(v);
  let w = 2 + 2 * (cols.length - 1);
  for (const col of cols) {
    w += Math.max(visibleWidth(col.header), cells.widest(fieldOf(col.id, v)));
    if (w > width) return false;
  }
  return true;
}

/** The component table of a phase in the widest layout that fits, and what the layout left out. */
function componentTable(phase: PhasePlan, layout: Layout, p: Palette): { text: string; variant: Variant; letters: string[] } {
  const cells = new ComponentCells(phase, glyphsOf(layout), p);
  const chosen = LAYOUTS.find((v) => layoutFits(v, cells, layout.width)) ?? LAYOUTS[LAYOUTS.length - 1]!;
  const letters = chosen.abbreviate ? cells.letters() : [];
  const columns = columnsOf(chosen);
  // The widths drawTable would measure again: each column's widest cell or (bold) header.
  const natural = columns.map((col) => Math.max(visibleWidth(p.bold(col.header)), cells.measure(fieldOf(col.id, chosen)).width));
  // Still wider than the terminal with the fewest columns: the demand wraps between its amount
  // and its unit (`2,000` over `query/s`), down to its longest word, where that makes the table
  // fit (a table that overflows anyway is left one line a row).
  const over = layoutWidth(chosen, cells) - layout.width;
  if (over > 0) {
    const d = columns.findIndex((col) => col.id === 'demand');
    const minWidth = Math.max(visibleWidth(columns[d]!.header), longestWord(cells.cells('demand')));
    if (natural[d]! - minWidth >= over) columns[d] = { ...columns[d]!, wrap: true, minWidth };
    // Narrower still, a block a component (drawTable's stackedLines), where every field has room:
    // the kind, the size in full, the percentage and max req/s.
    else return { text: drawTable(columnsOf(STACKED), rowsOf(cells, STACKED), { layout, palette: p }).text, variant: STACKED, letters: [] };
  }
  const narrow = columns.map((col) => cells.measure(fieldOf(col.id, chosen)).narrow);
  return { text: drawTable(columns, rowsOf(cells, chosen), { layout, palette: p, natural, narrow }).text, variant: chosen, letters };
}

/** "next limits: analytics 840 · tracking 1,167 req/s", for when the max req/s column is not shown. */
function nextLimits(phase: PhasePlan): string | null {
  // Names are DNS labels ([a-z0-9-]), which ICU's root collation orders exactly as their code
  // points (test/render/plan-table-order.test.ts); comparing code points needs no ICU collator
  // (~7 ms to start) and does not change with the user's locale (LANG=da_DK sorts "aa" after "z").
  const others = (c: ComponentPlan) => c.name !== phase.system.bottleneck && Number.isFinite(c.maxRps);
  const first = firstSorted(phase.components, 3, (a, b) => a.maxRps - b.maxRps || byCodePoint(a.name, b.name), others);
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
