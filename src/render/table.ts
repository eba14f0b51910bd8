/**
 * Tables for the terminal, drawn by cli-table3 and fitted to the width: a header with a rule
 * under it, columns two spaces apart, no vertical borders (they cost three columns each). When
 * the table is too wide, columns marked droppable go first (lowest `drop` first), then the
 * columns marked `wrap` wrap at word boundaries. `--wide` (width Infinity) keeps everything.
 */
import Table from 'cli-table3';
// cli-table3's own cell truncation and padding, for tables drawn without it (plainLines).
import tableUtils from 'cli-table3/src/utils.js';
import { glyphsOf, type Layout } from './layout.js';
import type { Palette } from './palette.js';
import { visibleWidth } from './wrap.js';

/** Column alignment. */
export type Align = 'left' | 'right';

/** One column of a table. */
export interface Column {
  header: string;
  align?: Align;
  /** Dropped when the table does not fit: lower numbers go first; absent: never dropped. */
  drop?: number;
  /** May wrap at word boundaries when the table does not fit. */
  wrap?: boolean;
  /** Narrowest a wrapped column gets (default 12). */
  minWidth?: number;
}

/** How a table is drawn. */
export interface TableOptions {
  layout: Pick<Layout, 'width' | 'unicode'>;
  palette: Palette;
  /** Spaces before every line (default 2). */
  indent?: number;
  /** Draw the header row (default true). */
  head?: boolean;
}

/** A drawn table and the columns it kept. */
export interface DrawnTable {
  text: string;
  /** Indices of the columns shown, in order. */
  kept: number[];
}

const GAP = 2;
/** Rows cli-table3 lays out at once. */
const BLOCK_ROWS = 16;

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', right: '', 'right-mid': '',
  middle: ' '.repeat(GAP),
};

/** Natural width of each column: its widest cell or header. */
function naturalWidths(columns: readonly Column[], rows: readonly (readonly string[])[], head: boolean, style: (s: string) => string = (s) => s): number[] {
  return columns.map((c, i) => Math.max(head ? visibleWidth(style(c.header)) : 0, ...rows.map((r) => maxLineWidth(r[i] ?? ''))));
}

function maxLineWidth(cell: string): number {
  return Math.max(0, ...cell.split('\n').map(visibleWidth));
}

const total = (widths: readonly number[], indent: number) => indent + widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);

/**
 * Which columns to keep and how wide to make the wrapping ones so the table fits `width`:
 * drop in `drop` order until the rest fits, then shrink wrapping columns (widest first) down to
 * their minimum.
 */
export function fitColumns(columns: readonly Column[], natural: readonly number[], width: number, indent: number): { kept: number[]; widths: number[] } {
  let kept = columns.map((_, i) => i);
  const widthsOf = (ks: number[]) => ks.map((i) => natural[i]!);
  if (Number.isFinite(width)) {
    const droppable = kept.filter((i) => columns[i]!.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop! || b - a);
    for (const i of droppable) {
      if (total(widthsOf(kept), indent) <= width) break;
      kept = kept.filter((k) => k !== i);
    }
  }
  const widths = widthsOf(kept);
  let excess = Number.isFinite(width) ? total(widths, indent) - width : 0;
  while (excess > 0) {
    // Shrink the widest wrapping column that can still give.
    let best = -1;
    kept.forEach((col, j) => {
      const c = columns[col]!;
      if (c.wrap && widths[j]! > (c.minWidth ?? 12) && (best < 0 || widths[j]! > widths[best]!)) best = j;
    });
    if (best < 0) break;
    const give = Math.min(excess, widths[best]! - (columns[kept[best]!]!.minWidth ?? 12), Math.max(1, widths[best]! - secondWidest(kept, widths, columns, best)));
    widths[best]! -= give;
    excess -= give;
  }
  return { kept, widths };
}

/** Width of the next-widest wrapping column, so that shrinking spreads over columns evenly. */
function secondWidest(kept: readonly number[], widths: readonly number[], columns: readonly Column[], best: number): number {
  let w = 0;
  kept.forEach((col, j) => {
    if (j !== best && columns[col]!.wrap) w = Math.max(w, widths[j]!);
  });
  return w;
}

/** Draws a table fitted to the layout's width. Cells may carry colour codes. */
export function drawTable(columns: readonly Column[], rows: readonly (readonly string[])[], opts: TableOptions): DrawnTable {
  const indent = opts.indent ?? 2;
  const head = opts.head !== false;
  const natural = naturalWidths(columns, rows, head, opts.palette.bold);
  const { kept, widths } = fitColumns(columns, natural, opts.layout.width, indent);
  const wraps = kept.some((c, j) => widths[j]! < natural[c]!);
  const rule = glyphsOf(opts.layout).rule;
  const headRow = head ? kept.map((i) => opts.palette.bold(columns[i]!.header)) : null;
  const bodyRows = rows.map((r) => kept.map((i) => r[i] ?? ''));
  const aligns = kept.map((i) => columns[i]!.align ?? 'left');
  const oneLine = !wraps && !(headRow ?? []).some((c) => c.includes('\n')) && !bodyRows.some((r) => r.some((c) => c.includes('\n')));
  const lines = oneLine ? plainLines(headRow, bodyRows, widths, aligns, rule) : cliTableLines(headRow, bodyRows, widths, aligns, rule, wraps);
  const pad = ' '.repeat(indent);
  return { text: lines.map((l) => `${pad}${l}`.trimEnd()).join('\n'), kept };
}

/**
 * The lines of a table whose cells are one line each and fit their columns, as cli-table3 draws
 * them with these options (no borders, columns GAP apart, a rule under the header), using
 * cli-table3's own truncation and padding of a cell. cli-table3 itself costs tens of
 * microseconds a cell (it merges the table's options into every cell, and lays a table out in
 * time quadratic in its rows), which a plan of thousands of components would spend many seconds
 * on; `cliTableLines` draws everything else. test/render/table.test.ts holds the two to the same
 * output.
 */
export function plainLines(head: readonly string[] | null, rows: readonly (readonly string[])[], widths: readonly number[], aligns: readonly Align[], rule: string): string[] {
  const middle = NO_BORDERS.middle;
  // cli-table3 makes every column at least one wide, and closes colours a line leaves open.
  const w1 = widths.map((w) => Math.max(1, w));
  const line = (cells: readonly string[]) => {
    let out = '';
    for (let j = 0; j < w1.length; j++) {
      const w = w1[j]!;
      const cell = cells[j] ?? '';
      if (j > 0) out += middle;
      out += tableUtils.pad(tableUtils.truncate(cell.includes('\u001b') ? tableUtils.colorizeLines([cell])[0]! : cell, w, '…'), w, ' ', aligns[j]!);
    }
    return out;
  };
  const out: string[] = [];
  if (head) out.push(line(head));
  if (head && rows.length > 0) out.push(w1.map((w) => rule.repeat(w)).join(rule.repeat(GAP)));
  for (const r of rows) out.push(line(r));
  return out.filter((l) => l.length > 0);
}

/** The lines of a table drawn by cli-table3 (any cells: several lines, wrapping at word boundaries). */
export function cliTableLines(head: readonly string[] | null, rows: readonly (readonly string[])[], widths: readonly number[], aligns: readonly Align[], rule: string, wraps: boolean): string[] {
  const options = {
    chars: { ...NO_BORDERS, mid: rule, 'mid-mid': rule.repeat(GAP) },
    colAligns: [...aligns],
    colWidths: [...widths],
    wordWrap: wraps,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  };
  // cli-table3's layout checks each cell against every cell above it (quadratic in rows), so long
  // tables are drawn in blocks; the column widths are fixed, so the blocks line up as one table.
  const blocks: string[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += BLOCK_ROWS) {
    const table = new Table({ ...options, ...(head && start === 0 ? { head: [...head] } : {}) });
    for (const r of rows.slice(start, start + BLOCK_ROWS)) table.push([...r]);
    blocks.push(table.toString());
  }
  return blocks.join('\n').split('\n');
}

/** Width of a table drawn at its natural column widths, indent included. */
export function tableWidth(columns: readonly Column[], rows: readonly (readonly string[])[], indent = 2, head = true): number {
  return total(naturalWidths(columns, rows, head), indent);
}
