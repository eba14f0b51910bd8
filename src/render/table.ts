/**
 * Tables for the terminal, drawn by cli-table3 and fitted to the width: a header with a rule
 * under it, columns two spaces apart, no vertical borders (they cost three columns each). When
 * the table is too wide, columns marked droppable go first (lowest `drop` first), then the
 * columns marked `wrap` wrap at word boundaries. `--wide` (width Infinity) keeps everything.
 */
// cli-table3's own cell functions (wrapping, colours, truncation, padding); tableLines lays the table out.
import tableUtils from 'cli-table3/src/utils.js';
import { glyphsOf, type Layout } from './layout.js';
import type { Palette } from './palette.js';
import { allNarrow, isNarrow } from './measure.js';
import { remembered } from './select.js';
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
  /** Each column's natural width (its widest cell or styled header), when the caller has measured it already. */
  natural?: readonly number[];
  /** Per column, true where the caller found every body cell narrow (allNarrow, as measureCells does): not scanned again. */
  narrow?: readonly boolean[];
}

/** A drawn table and the columns it kept. */
export interface DrawnTable {
  text: string;
  /** Indices of the columns shown, in order. */
  kept: number[];
  /** Drawn a block a row (stackedLines): no table of its columns fitted the width. */
  stacked?: true;
}

const GAP = 2;

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', right: '', 'right-mid': '',
  middle: ' '.repeat(GAP),
};

/** Natural width of each column: its widest cell or header. */
export function naturalWidths(columns: readonly Column[], rows: readonly (readonly string[])[], head: boolean, style: (s: string) => string = (s) => s): number[] {
  return columns.map((c, i) => Math.max(head ? visibleWidth(style(c.header)) : 0, widestCell(rows.map((r) => r[i] ?? ''))));
}

/**
 * The widest line of any of the cells (0 for none): of narrow cells (all of a column's, most
 * often), the longest, as each one's width is its length; else each cell measured.
 */
/**
 * The visible width of the longest word (a run without spaces) in any of the cells: the narrowest
 * a column of them may wrap to without cutting a word (a column of amounts and their units,
 * `2,000 query/s`, wraps between the two).
 */
export function longestWord(cells: readonly string[]): number {
  let w = 0;
  // Each distinct cell once (a roadmap's column of thousands of components repeats a few sizes).
  for (const cell of new Set(cells)) {
    // Of a narrow cell (a character a column), the longest word is its longest run without a
    // space, and a cell no longer than the longest word so far has none longer.
    if (isNarrow(cell)) {
      if (cell.length > w) w = Math.max(w, longestRun(cell));
    } else if (!cell.includes(' ')) w = Math.max(w, visibleWidth(cell));
    else for (const word of cell.split(' ')) if (word.length > 0) w = Math.max(w, visibleWidth(word));
  }
  return w;
}

/** The length of the longest run of characters without a space (a narrow cell's longest word), found without splitting it. */
function longestRun(cell: string): number {
  let w = 0;
  for (let from = 0; from < cell.length; ) {
    const end = cell.indexOf(' ', from);
    const to = end < 0 ? cell.length : end;
    if (to - from > w) w = to - from;
    from = to + 1;
  }
  return w;
}

export function widestCell(cells: readonly string[]): number {
  return measureCells(cells).width;
}

/** widestCell's width, and whether every cell is narrow (allNarrow), from one scan of their characters. */
export function measureCells(cells: readonly string[]): { width: number; narrow: boolean } {
  let w = 0;
  if (allNarrow(cells)) {
    for (let i = 0; i < cells.length; i++) if (cells[i]!.length > w) w = cells[i]!.length;
    return { width: w, narrow: true };
  }
  for (let i = 0; i < cells.length; i++) w = Math.max(w, maxLineWidth(cells[i]!));
  return { width: w, narrow: false };
}

/** The widest line of a cell. */
export function maxLineWidth(cell: string): number {
  if (!cell.includes('\n')) return visibleWidth(cell);
  let w = 0;
  for (const line of cell.split('\n')) w = Math.max(w, visibleWidth(line));
  return w;
}

/** A table's width as drawn: cli-table3 makes every column at least one wide (an empty column of marks still takes one). */
const total = (widths: readonly number[], indent: number) => indent + widths.reduce((a, b) => a + Math.max(1, b), 0) + GAP * Math.max(0, widths.length - 1);

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

/**
 * The columns with each wrapping one's narrowest width raised to its longest word (of its cells
 * and its header): a column wraps between words and no word is cut with "…" (at 80 columns a
 * roadmap showed a phase's monthly cost as `$36,0…`); a table that cannot fit so is stacked.
 */
function uncut(columns: readonly Column[], rows: readonly (readonly string[])[], head: boolean): readonly Column[] {
  if (!columns.some((c) => c.wrap)) return columns;
  return columns.map((c, i) => (c.wrap ? { ...c, minWidth: Math.max(c.minWidth ?? 12, longestWord([...(head ? [c.header] : []), ...rows.map((r) => r[i] ?? '')])) } : c));
}

/** A line String.prototype.trimEnd would shorten: \s is the white space and line terminators it trims. */
const ENDS_IN_SPACE = /\s$/;

/** Draws a table fitted to the layout's width. Cells may carry colour codes. */
export function drawTable(columns: readonly Column[], rows: readonly (readonly string[])[], opts: TableOptions): DrawnTable {
  const indent = opts.indent ?? 2;
  const head = opts.head !== false;
  const natural = opts.natural ?? naturalWidths(columns, rows, head, opts.palette.bold);
  const { kept, widths } = fitColumns(Number.isFinite(opts.layout.width) ? uncut(columns, rows, head) : columns, natural, opts.layout.width, indent);
  if (kept.length > 1 && total(widths, indent) > opts.layout.width) return { text: stackedLines(columns, rows, kept, head, indent, opts.layout.width, opts.palette).join('\n'), kept, stacked: true };
  const wraps = kept.some((c, j) => widths[j]! < natural[c]!);
  const rule = glyphsOf(opts.layout).rule;
  const headRow = head ? kept.map((i) => opts.palette.bold(columns[i]!.header)) : null;
  // Rows of every column, each full, are drawn as they are (a plan's table is thousands of rows).
  const whole = kept.length === columns.length && rows.every((r) => r.length === columns.length && r.every((cell) => typeof cell === 'string'));
  const bodyRows = whole ? rows : rows.map((r) => kept.map((i) => r[i] ?? ''));
  const aligns = kept.map((i) => columns[i]!.align ?? 'left');
  const narrow = opts.narrow ? kept.map((i) => opts.narrow![i] === true) : undefined;
  const lines = tableLines(headRow, bodyRows, widths, aligns, glyphsOf(opts.layout).rule, wraps, narrow);
  const pad = ' '.repeat(indent);
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // Trimmed only where it ends in white space (or is empty): trimEnd copies every line (a plan's table is thousands).
    text += `${i ? '\n' : ''}${line === '' || ENDS_IN_SPACE.test(line) ? `${pad}${line}`.trimEnd() : `${pad}${line}`}`;
  }
  return { text, kept };
}

/** What stands between two fields of a stacked row. */
const FIELD_GAP = ' · ';

/**
 * A table that no dropping or wrapping of columns fits into `width`, as one block a row: the first
 * column's cell on a line of its own at the indent (after the row's mark, where the first column is
 * one without a header; no line where it is empty: the row goes on with the block above), then the other kept columns as `header value`
 * fields (an empty cell left out; the value alone where the table has no header), FIELD_GAP
 * apart, packed into lines two spaces further in. A field is never split across lines unless it
 * is wider than a line by itself; then it wraps at its spaces (cli-table3's wordWrap, its colours
 * closed and reopened line by line). Everything fits but a word wider than the line.
 */
export function stackedLines(columns: readonly Column[], rows: readonly (readonly string[])[], kept: readonly number[], head: boolean, indent: number, width: number, palette: Palette): string[] {
  const pad = ' '.repeat(indent);
  const inner = `${pad}  `;
  const room = Math.max(1, width - inner.length);
  const split = (text: string, w: number): string[] => {
    const lines = w > 0 && visibleWidth(text) > w ? tableUtils.wordWrap(w, text, true) : [text];
    return lines.some((l) => l.includes('\u001b')) ? tableUtils.colorizeLines(lines) : lines;
  };
  const label = remembered((header: string) => (head && header !== '' ? `${palette.dim(header)} ` : ''));
  // A first column without a header (a status mark) leads the title: `✗ initial`.
  const lead = head && kept.length > 2 && columns[kept[0]!]!.header === '' ? 2 : 1;
  const out: string[] = [];
  for (const row of rows) {
    const cellOf = (i: number) => (row[i] ?? '').replace(/\n/g, ' ').trim();
    // A row without a first cell goes on with the block above (a table that names a group once).
    const title = kept.slice(0, lead).map(cellOf).filter((c) => c !== '').join(' ');
    if (title !== '') for (const l of split(title, Math.max(1, width - indent))) out.push(`${pad}${l}`.trimEnd());
    let line = '';
    let used = 0;
    for (let j = lead; j < kept.length; j++) {
      const value = cellOf(kept[j]!);
      if (value === '') continue;
      // A field with colours stands alone: what it opens it closes (as split's lines do).
      const field = value.includes('\u001b') ? split(`${label(columns[kept[j]!]!.header)}${value}`, 0)[0]! : `${label(columns[kept[j]!]!.header)}${value}`;
      const w = visibleWidth(field);
      if (used > 0 && used + FIELD_GAP.length + w <= room) {
        line += FIELD_GAP + field;
        used += FIELD_GAP.length + w;
        continue;
      }
      if (used > 0) out.push(`${inner}${line}`);
      const pieces = split(field, room);
      for (const piece of pieces.slice(0, -1)) out.push(`${inner}${piece}`.trimEnd());
      line = pieces[pieces.length - 1]!;
      used = visibleWidth(line);
    }
    if (used > 0) out.push(`${inner}${line}`);
  }
  return out;
}

/**
 * The lines of a table as cli-table3 0.6.5 draws one with these options (no borders, columns GAP
 * apart, a rule under the header, compact, `wordWrap` when the table had to be narrowed): each
 * column at least one wide; each cell split into lines (wrapped at word boundaries to its
 * column's width when wrapping), colours a line leaves open closed at its end and reopened on the
 * next; a row as tall as its tallest cell, shorter cells padded with blank lines below; each line
 * of a cell cut to the width with "…" and padded to it on the column's side; lines with nothing
 * on them left out. The cell functions are cli-table3's own (wordWrap, colorizeLines, truncate,
 * pad); the layout is done here because cli-table3's Table merges the table's options into every
 * cell and lays a table out in time quadratic in its rows, tens of microseconds a cell: seconds
 * for a plan of thousands of components. test/render/table.test.ts holds this to cli-table3's
 * Table, byte for byte.
 */
export function tableLines(head: readonly string[] | null, rows: readonly (readonly string[])[], widths: readonly number[], aligns: readonly Align[], rule: string, wraps: boolean, narrow?: readonly boolean[]): string[] {
  // cli-table3 wraps a column only when it was given a width (a zero width is none), then makes every column at least one wide.
  const wrapAt = widths.map((w) => (wraps && w > 0 ? w : 0));
  const w1 = widths.map((w) => Math.max(1, w));
  const cellLines = (cell: string, j: number): string[] => {
    // A cell of one-column characters (so no line break, tab or colour) that starts with a word
    // and fits its column is the one line cli-table3's wordWrap makes of it.
    if (wrapAt[j]! > 0 && cell.length > 0 && cell.length <= wrapAt[j]! && cell.charCodeAt(0) !== 32 && cell.charCodeAt(0) !== 0xa0 && isNarrow(cell)) return [cell];
    if (wrapAt[j]! > 0 && isNarrow(cell)) return wordWrapNarrow(wrapAt[j]!, cell);
    const split = wrapAt[j]! > 0 ? tableUtils.wordWrap(wrapAt[j]!, cell, true) : cell.includes('\n') ? cell.split('\n') : [cell];
    return split.some((l) => l.includes('\u001b')) ? tableUtils.colorizeLines(split) : split;
  };
  // Per column, what a cell comes to (its lines) and what a line comes to (fitted to the column):
  // a plan's tables repeat a few sizes, percentages and latencies down thousands of rows.
  const linesOf = w1.map((_, j) => remembered((cell: string) => cellLines(cell, j)));
  const fittedOf = w1.map((w, j) => remembered((text: string) => fitCell(text, w, aligns[j]!)));
  // A cell of a simple column (simpleColumn) is its own one line, padded to the column.
  const simple = w1.map((w, j) => simpleColumn(head, rows, j, w, wrapAt[j]!, narrow?.[j] === true));
  const spaces: string[] = [];
  const padded = (cell: string, j: number): string => {
    const n = w1[j]! - cell.length;
    const pad = (spaces[n] ??= ' '.repeat(n));
    return aligns[j] === 'right' ? pad + cell : cell + pad;
  };
  const lines = (cell: string, j: number): string[] => (simple[j] ? [cell] : linesOf[j]!(cell));
  const fitted = (text: string, j: number): string => (simple[j] ? padded(text, j) : fittedOf[j]!(text));
  const out: string[] = [];
  // A table of simple columns only is each row's cells padded, side by side.
  if (w1.length > 0 && simple.every(Boolean)) {
    const row = (cells: readonly string[]) => {
      let line = '';
      for (let j = 0; j < w1.length; j++) line += `${j > 0 ? NO_BORDERS.middle : ''}${padded(cells[j]!, j)}`;
      out.push(line);
    };
    if (head) row(head);
    if (head && rows.length > 0) out.push(w1.map((w) => rule.repeat(w)).join(rule.repeat(GAP)));
    for (let i = 0; i < rows.length; i++) row(rows[i]!);
    return out;
  }
  const push = (cells: readonly string[]) => {
    const cellsLines = cells.map(lines);
    let height = 1;
    for (const l of cellsLines) if (l.length > height) height = l.length;
    for (let n = 0; n < height; n++) {
      let line = '';
      for (let j = 0; j < w1.length; j++) {
        if (j > 0) line += NO_BORDERS.middle;
        const text = cellsLines[j]![n];
        line += text === undefined ? ' '.repeat(w1[j]!) : fitted(text, j);
      }
      if (line.length > 0) out.push(line);
    }
  };
  if (head) push(head);
  if (head && rows.length > 0) out.push(w1.map((w) => rule.repeat(w)).join(rule.repeat(GAP)));
  for (let i = 0; i < rows.length; i++) push(rows[i]!);
  return out;
}

/**
 * cli-table3's wordWrap of a cell of one-column characters (isNarrow: so no line break and no
 * colour, which its multiLineWordWrap and colorizeLines would see to): its own loop, with a word's
 * width its length where cli-table3 measures each word (strlen: a regular expression, a split and
 * string-width, twice). A bill's items wrap a line each: ~1,000 cells of every phase of 5,000 components.
 */
function wordWrapNarrow(maxLength: number, input: string): string[] {
  const lines: string[] = [];
  const split = input.split(/(\s+)/g);
  let line = '';
  let lineLength = 0;
  let whitespace: string | undefined;
  for (let i = 0; i < split.length; i += 2) {
    const word = split[i]!;
    let newLength = lineLength + word.length;
    if (lineLength > 0 && whitespace) newLength += whitespace.length;
    if (newLength > maxLength) {
      if (lineLength !== 0) lines.push(line);
      line = word;
      lineLength = word.length;
    } else {
      line += (whitespace || '') + word;
      lineLength = newLength;
    }
    whitespace = split[i + 1];
  }
  if (lineLength) lines.push(line);
  return lines;
}

/**
 * Whether every cell of column j (the header's too) is one line as cellLines makes it, the cell
 * itself, which fitCell only pads: narrow characters only (so no colour, tab or line break, and a
 * width equal to the length), at most `w` long, and, when the column wraps, not empty and not
 * starting with a space (the cells cellLines keeps whole without wordWrap).
 */
function simpleColumn(head: readonly string[] | null, rows: readonly (readonly string[])[], j: number, w: number, wrapAt: number, bodyNarrow: boolean): boolean {
  const fits = (cell: unknown): cell is string =>
    typeof cell === 'string' && cell.length <= w && !(wrapAt > 0 && (cell.length === 0 || cell.charCodeAt(0) === 32 || cell.charCodeAt(0) === 0xa0));
  if (head && !(fits(head[j]) && isNarrow(head[j]))) return false;
  for (let i = 0; i < rows.length; i++) if (!fits(rows[i]![j])) return false;
  // The body's characters, unless the caller has scanned them (TableOptions.narrow).
  return bodyNarrow || allNarrow(rows.map((r) => r[j] as string));
}

/**
 * A cell's line cut to `w` columns with "…" and padded to it on the `align` side, as cli-table3's
 * truncate and pad make it. A line without escape codes (and no line break, which cellLines has
 * split on) that fits is only padded: cli-table3's strlen of it is its width, and its pad adds
 * w − width spaces; every other line goes to cli-table3's own functions.
 */
function fitCell(text: string, w: number, align: Align): string {
  if (!text.includes('\u001b')) {
    const width = visibleWidth(text);
    if (width <= w) return align === 'right' ? ' '.repeat(w - width) + text : text + ' '.repeat(w - width);
  }
  return tableUtils.pad(tableUtils.truncate(text, w, '…'), w, ' ', align);
}

/**
 * Whether drawTable fits a table into `width` (its wrapping columns narrowed to their minimum at
 * most), indent included, from its columns' natural widths (naturalWidths): a slice of a measured
 * table's columns is measured by slicing its widths.
 */
export function fitsNatural(columns: readonly Column[], natural: readonly number[], width: number, indent = 2): boolean {
  return total(fitColumns(columns, natural, width, indent).widths, indent) <= width;
}

/** Width of a table drawn at its columns' natural widths (naturalWidths), indent included. */
export function naturalTableWidth(natural: readonly number[], indent = 2): number {
  return total(natural, indent);
}
