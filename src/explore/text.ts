/** The terminal pieces the explore renderers share: tables and prose fitted to the layout (render/table.ts, render/wrap.ts). */
import { DEFAULT_LAYOUT, type Layout } from '../render/layout.js';
import { mdCell } from '../render/markdown.js';
import type { Palette } from '../render/palette.js';
import { drawTable, type Column } from '../render/table.js';
import { wrapStyled } from '../render/wrap.js';

/** How a report is drawn: colours and the terminal's width and character set. */
export interface TextOptions {
  palette: Palette;
  layout?: Layout;
}

/** Table data as plain rows, with each column's header, alignment and what it may give up. */
export interface Rows {
  columns: Column[];
  rows: string[][];
}

/** A table fitted to the width. */
export function table(t: Rows, opts: TextOptions): string {
  return drawTable(t.columns, t.rows, { layout: opts.layout ?? DEFAULT_LAYOUT, palette: opts.palette }).text;
}

/** A paragraph wrapped to the width: `first` before its first line, `rest` (default: as wide) before the others, each line styled. */
export function prose(text: string, opts: TextOptions, style: (s: string) => string = (s) => s, first = '', rest?: string): string[] {
  return wrapStyled(text, (opts.layout ?? DEFAULT_LAYOUT).width, style, { first, ...(rest !== undefined ? { rest } : {}) });
}

/** The width a chart is drawn at: the terminal's, or 100 columns when nothing limits it (--wide). */
export function chartWidth(opts: Pick<TextOptions, 'layout'>): number {
  const w = (opts.layout ?? DEFAULT_LAYOUT).width;
  return Number.isFinite(w) ? Math.max(40, w) : 100;
}

/** The same table as Markdown. */
export function markdownTable(t: Rows): string[] {
  return [
    `| ${t.columns.map((c) => mdCell(c.header)).join(' | ')} |`,
    `| ${t.columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
  ];
}

/** Whether the report is trimmed to its tables and findings (--quiet). */
export function quiet(opts: Pick<TextOptions, 'layout'>): boolean {
  return opts.layout?.detail === 'quiet';
}
