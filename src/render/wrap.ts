/**
 * Prose that fits the terminal: words wrapped at the width, with an indent for the first line
 * and a hanging indent for the rest. Widths are measured as the terminal shows them
 * (colour codes excluded, wide characters counted twice: see measure.ts).
 */
import { isNarrow, measureWidth } from './measure.js';

/** Width of text as a terminal shows it. */
export function visibleWidth(text: string): number {
  return measureWidth(text);
}

/** Indents of a wrapped paragraph. */
export interface WrapOptions {
  /** Prefix of the first line (e.g. "  " or "  ! "). */
  first?: string;
  /** Prefix of every following line; defaults to spaces as wide as `first`. */
  rest?: string;
}

/**
 * Wraps one paragraph of plain text into lines no wider than `width` (Infinity: no wrapping),
 * breaking only at spaces. A word longer than a whole line is never cut (nor split at a hyphen):
 * it takes a line of its own, wider than asked.
 */
export function wrapText(text: string, width: number, opts: WrapOptions = {}): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? ' '.repeat(visibleWidth(first));
  if (!Number.isFinite(width)) return [`${first}${text}`];
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  // Every piece measured below is a substring of `text`: when all of it is one column a
  // character, a piece's width is its length (measuring each candidate line again made a long
  // paragraph cost its words × the line width).
  const measure = isNarrow(text) ? (s: string) => s.length : visibleWidth;
  let lineRoom = Math.max(1, width - visibleWidth(first));
  // A paragraph that fits on its first line (most of them) is that line; the loop below would
  // drop leading spaces, hence the first test.
  if (text.charCodeAt(0) !== 32 && measure(text) <= lineRoom) return [`${first}${text}`.trimEnd()];
  const restWidth = visibleWidth(rest);
  const room = () => lineRoom;
  const flush = () => {
    lines.push(`${prefix}${line}`.trimEnd());
    prefix = rest;
    lineRoom = Math.max(1, width - restWidth);
    line = '';
  };
  // Words keep the spaces before them (two spaces between fields stay two) unless a line breaks
  // there; a number stays on the line of its unit ("10 ms", "99.9 %").
  let lastGap = '';
  let lastWord = '';
  // Each word with the spaces before it, as /( *)([^ ]+)/g would match them, without a match array a word.
  for (let at = 0; ; ) {
    let from = at;
    while (from < text.length && text.charCodeAt(from) === 32) from++;
    if (from >= text.length) break;
    const end = text.indexOf(' ', from);
    const gap = text.slice(at, from);
    const word = text.slice(from, end < 0 ? text.length : end);
    at = end < 0 ? text.length : end;
    const candidate = line === '' ? word : `${line}${gap}${word}`;
    if (measure(candidate) <= room()) {
      line = candidate;
      lastGap = gap;
      lastWord = word;
      continue;
    }
    let start = word;
    if (line !== '') {
      if (isUnit(word) && /\d$/.test(lastWord) && line.length > lastWord.length && measure(`${lastWord}${gap}${word}`) <= width - restWidth) {
        line = line.slice(0, line.length - lastWord.length - lastGap.length);
        start = `${lastWord}${gap}${word}`;
      }
      flush();
    }
    // A word longer than the line (a 63-character component name at 40 columns) goes on a line of
    // its own, whole: a cut name can be neither grepped nor copied (docs/terminal.md).
    line = start;
    lastGap = gap;
    lastWord = word;
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}

/** A unit after a number: "ms", "s", "µs", "%", "req/s", "GiB", "%/month", with trailing punctuation. */
function isUnit(word: string): boolean {
  return word.length <= 9 && /^(?:[µ%]|[a-zA-Z]{1,4})(?:\/[a-z]{1,5})?[,;.:)]*$/.test(word);
}

/** Wraps a paragraph and styles each line (colour codes never span a line break). */
export function wrapStyled(text: string, width: number, style: (s: string) => string, opts: WrapOptions = {}): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? ' '.repeat(visibleWidth(first));
  return wrapText(text, width, { first, rest }).map((l, i) => {
    const prefix = i === 0 ? first : rest;
    return `${prefix}${style(l.slice(prefix.length))}`;
  });
}

/** Texts a rememberedWrap keeps before it starts again (a bound on its memory). */
const REMEMBERED_TEXTS = 50_000;

/**
 * wrapStyled at one width, style and indent, each distinct text wrapped once: thousands of alike
 * components explain themselves, and are told their remedies, in the same few lines. The lines
 * returned are shared: the caller copies them out, never changes them.
 */
export function rememberedWrap(width: number, style: (s: string) => string, opts: WrapOptions = {}): (text: string) => readonly string[] {
  const seen = new Map<string, string[]>();
  return (text) => {
    let lines = seen.get(text);
    if (lines === undefined) {
      if (seen.size >= REMEMBERED_TEXTS) seen.clear();
      seen.set(text, (lines = wrapStyled(text, width, style, opts)));
    }
    return lines;
  };
}
