/** GitHub-flavoured Markdown tables, shared by every Markdown renderer. */

/** Escapes a table cell for GitHub-flavoured Markdown. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub-flavoured Markdown table. */
export function mdTable(headers: readonly string[], rows: readonly string[][], align?: readonly ('left' | 'right')[]): string {
  const sep = headers.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.map((c, i) => (r === sep ? c : mdCell(c ?? ''))).join(' | ')} |`).join('\n');
}

/**
 * Escapes free text (a profile's or a phase's name) for Markdown prose and headings: the
 * characters that would start emphasis, code, a link, raw HTML or a table cell are written
 * escaped, so `shop *beta*` or `a <b>` print as written instead of formatting the page.
 */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}
