/**
 * Box-drawn text tables. Hand-written rather than cli-table3: measured here, cli-table3 cost
 * 16–23 ms to import and ~18 ms for its first render (string-width's emoji regex), about half of
 * a whole `capplan plan` run's budget; capplan's cells hold no wide (CJK, emoji) characters, so
 * a cell's width is its count of code points once colour codes are stripped.
 */

const ANSI = /\x1b\[[0-9;]*m/g;

/** Column alignment. */
export type Align = 'left' | 'right';

/** Width of a cell as a terminal shows it: code points, colour codes excluded. */
export function visibleWidth(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI, '')) n++;
  return n;
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders a table with a header row; `style` colours the header cells. */
export function renderTextTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  opts: { align?: readonly Align[]; style?: (s: string) => string } = {},
): string {
  const columns = Math.max(headers.length, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(visibleWidth(headers[i] ?? ''), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const line = (cells: readonly string[], style: (s: string) => string, align: (i: number) => Align) =>
    `│${widths.map((w, i) => ` ${pad(style(cells[i] ?? ''), w, align(i))} `).join('│')}│`;
  const header = opts.style ?? ((s: string) => s);
  return [
    rule('┌', '┬', '┐'),
    line(headers, header, (i) => opts.align?.[i] ?? 'left'),
    rule('├', '┼', '┤'),
    ...rows.map((r) => line(r, (s) => s, (i) => opts.align?.[i] ?? 'left')),
    rule('└', '┴', '┘'),
  ].join('\n');
}
