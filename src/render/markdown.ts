/**
 * GitHub-flavoured Markdown, shared by every Markdown renderer: one way to write text a user
 * gave (a profile's, a phase's or a file's name, a note, a message that quotes them) so that it
 * prints as written, in prose, in a table cell and in a code span.
 *
 * The rules followed are CommonMark 0.31.2's (https://spec.commonmark.org/0.31.2/) and the GFM
 * spec's (https://github.github.com/gfm/): any ASCII punctuation character may be backslash-
 * escaped and then renders as itself (CommonMark §2.4); emphasis opens and closes only at `*` and
 * `_` delimiter runs, and a `_` with a letter or digit on both sides can do neither (§6.2, rules
 * 2 and 4); autolinks and raw HTML start only at `<` followed by a letter, `/`, `!` or `?`
 * (§6.5, §6.6); entity and numeric character references are `&name;`, `&#123;` and `&#x1f;`
 * (§2.5); strikethrough is a run of one or two `~` (GFM §6.5); a table cell ends at an unescaped
 * `|`, inside code spans too (GFM §4.10).
 */

/**
 * What mdText escapes: `\`, backtick, `*`, `[` and `~` wherever they stand (a `]` closes no link
 * text once every `[` is escaped, so `[1]` reads `\[1]`); `_` unless emphasis cannot open or
 * close there; `<` where a tag or an autolink could start; `&` where a reference could; a `#`
 * in a run that ends the text, which in a heading would be cut as its closing sequence (§4.2).
 */
const SPECIAL = /[\\`*[~_]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|#(?=#*[ \t]*$)/g;

/** What mdCell escapes: mdText's characters but the `#` (a cell is no heading), and every `|`, which would end the cell (GFM §4.10). */
const CELL_SPECIAL = /[\\`*[~_|]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)/g;

/**
 * Escapes text for inline Markdown (prose, a heading after its `#`s, a list item after its
 * marker): every character that could start code, emphasis, a link, raw HTML, an entity or
 * strikethrough is backslash-escaped, the rest is left alone so the source stays readable
 * (`max_connections`, `p95 < 2 s`, `R&D` and `r^|i−j|` are written as they are); line breaks
 * become spaces. A `|` is left alone too: one line of prose starts no table (in a cell, mdCell).
 * A bare address (`http://…`, `www.…`) stays what GitHub makes of it, a link showing the same
 * text (GFM's autolinks extension; no escape stops it). Not for the start of a line, where `#`,
 * `>`, `-` and `1.` begin blocks: callers put a prefix first.
 */
export function mdText(s: string): string {
  return escaped(s, SPECIAL);
}

/** `s` on one line, each match of `special` backslash-escaped but a `_` inside a word. */
function escaped(s: string, special: RegExp): string {
  return s.replace(/\r\n?|\n/g, ' ').replace(special, (c, at: number, text: string) => (c === '_' && inWord(text[at - 1]) && inWord(text[at + 1]) ? c : `\\${c}`));
}

/**
 * Whether `_` beside this character on both sides is inside a word: neither whitespace nor Unicode
 * punctuation (CommonMark 0.31 counts the P and S categories), so the `_` is both left- and
 * right-flanking and, not preceded or followed by punctuation, neither opens nor closes emphasis.
 * Half a surrogate pair (an emoji, a symbol) is taken as punctuation: the `_` is then escaped.
 */
function inWord(c: string | undefined): boolean {
  return c !== undefined && /^[^\s\p{P}\p{S}\p{Cs}]$/u.test(c);
}

/**
 * Text capplan wrote that may hold code spans (`capplan simulate`, a command to run) around what
 * a user wrote (a phase's name in a message): each complete code span, a run of backticks and
 * the next run of exactly as many (CommonMark §6.1), is kept as written, and the text between
 * them is escaped by mdText; a backtick run that closes nothing is escaped with it.
 */
export function mdTextWithCode(s: string): string {
  const text = s.replace(/\r\n?|\n/g, ' ');
  let out = '';
  let from = 0;
  let at = text.indexOf('`');
  while (at !== -1) {
    const open = runAt(text, at);
    const close = closingRun(text, at + open, open);
    if (close === -1) {
      // No run of the same length closes it: its backticks are text.
      out += mdText(text.slice(from, at + open));
      from = at + open;
      at = text.indexOf('`', from);
      continue;
    }
    out += mdText(text.slice(from, at)) + text.slice(at, close + open);
    from = close + open;
    at = text.indexOf('`', from);
  }
  return out + mdText(text.slice(from));
}

/** The length of the run of backticks starting at `at`. */
function runAt(text: string, at: number): number {
  let n = 0;
  while (text.charCodeAt(at + n) === 96) n++;
  return n;
}

/** Where the next run of exactly `n` backticks from `from` starts, or -1. */
function closingRun(text: string, from: number, n: number): number {
  for (let at = text.indexOf('`', from); at !== -1; ) {
    const run = runAt(text, at);
    if (run === n) return at;
    at = text.indexOf('`', at + run);
  }
  return -1;
}

/** Escapes a table cell's text: as mdText (a `#` aside), and `|`, which would end the cell (GFM §4.10). */
export function mdCell(s: string): string {
  return escaped(s, CELL_SPECIAL);
}

/** A GitHub-flavoured Markdown table; every header and cell is plain text, escaped by mdCell. */
export function mdTable(headers: readonly string[], rows: readonly string[][], align?: readonly ('left' | 'right')[]): string {
  const sep = headers.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.map((c) => (r === sep ? c : mdCell(c ?? ''))).join(' | ')} |`).join('\n');
}

/**
 * Text as an inline code span that shows it exactly (CommonMark §6.1): fenced by one more
 * backtick than its longest run of backticks, with a space inside each end when it begins or
 * ends with a backtick or a space (one space each side is stripped again; text of spaces only is
 * left unpadded, as the spec keeps it whole). Line breaks become spaces, as a code span renders
 * them. For prose only: in a table cell a `|` would still end the cell (mdCell there).
 */
export function mdCode(s: string): string {
  const text = s.replace(/\r\n|\r|\n/g, ' ');
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.trim() !== '' && /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
