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
 * Wraps one paragraph of plain text into lines no wider than `width` (Infinity: no wrapping).
 * A word longer than a whole line is cut, so that no line is ever wider than asked.
 */
export function wrapText(text: string, width: number, opts: WrapOptions = {}): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? ' '.repeat(visibleWidth(first));
  if (!Number.isFinite(width)) return [`${first}${text}`];
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  const room = () => Math.max(1, width - visibleWidth(prefix));
  const flush = () => {
    lines.push(`${prefix}${line}`.trimEnd());
    prefix = rest;
    line = '';
  };
  // Words keep the spaces before them (two spaces between fields stay two) unless a line breaks
  // there; a number stays on the line of its unit ("10 ms", "99.9 %").
  let lastGap = '';
  let lastWord = '';
  for (const [, gap, word] of text.matchAll(/( *)([^ ]+)/g) as Iterable<[string, string, string]>) {
    const candidate = line === '' ? word : `${line}${gap}${word}`;
    if (visibleWidth(candidate) <= room()) {
      line = candidate;
      lastGap = gap;
      lastWord = word;
      continue;
    }
    let start = word;
    if (line !== '') {
      if (isUnit(word) && /\d$/.test(lastWord) && line.length > lastWord.length && visibleWidth(`${lastWord}${gap}${word}`) <= width - visibleWidth(rest)) {
        line = line.slice(0, line.length - lastWord.length - lastGap.length);
        start = `${lastWord}${gap}${word}`;
      }
      flush();
    }
    let w = start;
    // A word of one-column characters is cut by length (what cutAt finds), not measured again after every cut.
    if (isNarrow(w)) {
      while (w.length > room()) {
        const n = room();
        line = w.slice(0, n);
        flush();
        w = w.slice(n);
      }
    }
    while (visibleWidth(w) > room()) {
      const [head, tail] = cutAt(w, room());
      line = head;
      flush();
      w = tail;
    }
    line = w;
    lastGap = gap;
    lastWord = word;
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}

/** A unit after a number: "ms", "s", "µs", "%", "req/s", "GiB", with trailing punctuation. */
function isUnit(word: string): boolean {
  return word.length <= 9 && /^(?:[µ%]|[a-zA-Z]{1,4}(?:\/[a-z]{1,3})?)[,;.:)]*$/.test(word);
}

/** Splits a word after `n` visible columns. */
function cutAt(word: string, n: number): [string, string] {
  let head = '';
  for (const ch of word) {
    if (visibleWidth(head + ch) > n) break;
    head += ch;
  }
  if (head === '') head = [...word][0] ?? '';
  return [head, word.slice(head.length)];
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
