/**
 * Tables for the terminal, drawn by cli-table3 and fitted to the width: a header with a rule
 * under it, columns two spaces apart, no vertical borders (they cost three columns each). When
 * the table is too wide, columns marked droppable go first (lowest `drop` first), then the
 * columns marked `wrap` wrap at word boundaries. `--wide` (width Infinity) keeps everything.
 */
import Table from 'cli-table3';
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
  const options = {
    chars: { ...NO_BORDERS, mid: rule, 'mid-mid': rule.repeat(GAP) },
    colAligns: kept.map((i) => columns[i]!.align ?? 'left'),
    colWidths: widths,
    wordWrap: wraps,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  };
  // cli-table3's layout checks each cell against every cell above it (quadratic in rows), so long
  // tables are drawn in blocks; the column widths are fixed, so the blocks line up as one table.
  const blocks: string[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += BLOCK_ROWS) {
    const table = new Table({ ...options, ...(head && start === 0 ? { head: kept.map((i) => opts.palette.bold(columns[i]!.header)) } : {}) });
    for (const r of rows.slice(start, start + BLOCK_ROWS)) table.push(kept.map((i) => r[i] ?? ''));
    blocks.push(table.toString());
  }
  const pad = ' '.repeat(indent);
  const text = blocks
    .join('\n')
    .split('\n')
    .map((l) => `${pad}${l}`.trimEnd())
    .join('\n');
  return { text, kept };
}

/** Width of a table drawn at its natural column widths, indent included. */
export function tableWidth(columns: readonly Column[], rows: readonly (readonly string[])[], indent = 2, head = true): number {
  return total(naturalWidths(columns, rows, head), indent);
}
