/**
 * How terminal output is laid out: the width it must fit, whether the terminal shows Unicode
 * (block characters for bars and sparklines) or only ASCII, and how much detail to print.
 * Plain data, decided once by the command layer (src/cli/terminal.ts) and passed to renderers.
 */

/** How much a text report says: tables and violations only, the default, or everything. */
export type Detail = 'quiet' | 'normal' | 'verbose';

/** The terminal a report is drawn for. */
export interface Layout {
  /** Columns every line must fit in; Infinity with --wide. */
  width: number;
  /** Unicode block characters (▇ ▁ █ ─ ◀ ✓); false: ASCII only. */
  unicode: boolean;
  detail: Detail;
}

/** An 80-column Unicode terminal at normal detail: what tests and goldens render for. */
export const DEFAULT_LAYOUT: Layout = { width: 80, unicode: true, detail: 'normal' };

/** The characters charts, rules and marks are drawn with. */
export interface Glyphs {
  /** A filled and an empty cell of a utilisation bar. */
  barFull: string;
  barEmpty: string;
  /** Sparkline levels, lowest first. */
  spark: readonly string[];
  /** Horizontal bar eighths, ⅛ to full (index 0 is one eighth). */
  eighths: readonly string[];
  /** The rule under a table's header. */
  rule: string;
  /** The bottleneck's mark. */
  bottleneck: string;
  ok: string;
  fail: string;
  warn: string;
  /** "≤" and ">" in comparisons. */
  le: string;
  /** The arrow of a request path and of before → after. */
  arrow: string;
}

const UNICODE: Glyphs = {
  barFull: '▇',
  barEmpty: '▁',
  spark: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  eighths: ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'],
  rule: '─',
  bottleneck: '◀',
  ok: '✓',
  fail: '✗',
  warn: '!',
  le: '≤',
  arrow: '→',
};

const ASCII: Glyphs = {
  barFull: '#',
  barEmpty: '.',
  spark: ['_', '.', '-', '=', '#'],
  eighths: ['', '', '', '', '', '', '', '#'],
  rule: '-',
  bottleneck: '<',
  ok: '+',
  fail: 'x',
  warn: '!',
  le: '<=',
  arrow: '->',
};

/** The glyphs for a layout. */
export function glyphsOf(layout: Pick<Layout, 'unicode'>): Glyphs {
  return layout.unicode ? UNICODE : ASCII;
}
