/**
 * The fast road through CSV text for readers that need two cells a row (issue 18: `fit` of
 * 100,000 rows). Most load-test CSV is plain: no quote characters, so a line is one record and a
 * field is the text between two delimiters. For such lines this module finds the line ends and
 * delimiters with `indexOf` (native code, whatever tier the caller runs in) and reads a number
 * straight from the text, with no field objects, no record and no substring per cell: the
 * tokenizer built all three for every cell, and that garbage fed the collector. A line that holds a quote ends the fast road: the caller hands that line and
 * the rest of the text to the tokenizer (eachCsvRecordFrom), which numbers lines on from there.
 */

import type { CsvField, CsvRecord } from './csv-text.js';
import { parseNumber } from './types.js';

/**
 * 10^0 … 10^22: every one an exact double (5^22 < 2^53), so a product or quotient of one of them
 * with an integer below 2^53 is one correctly rounded operation on exact operands.
 */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Space or tab, the blanks a plain cell is padded with. */
function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * `parseNumber(s.slice(start, end))`, read in place: the same strings accepted, the same doubles.
 * A cell of at most 15 digits with a decimal exponent within ±22 (after the point is moved) is
 * an integer m < 10^15 < 2^53 times or over an exact power of ten: one IEEE operation, so
 * correctly rounded, which is what `Number` gives for the decimal string (Clinger's fast path,
 * W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990: the fast path). Anything else
 * (more digits, larger exponents, blanks other than spaces and tabs, text) goes to parseNumber
 * itself, which also refuses what is not a number.
 */
export function numberIn(s: string, start: number, end: number): number | null {
  let a = start;
  let b = end;
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  let i = a;
  let c = s.charCodeAt(i);
  const negative = c === 45;
  if (c === 43 || c === 45) c = s.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  while (i < b && c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = s.charCodeAt(++i);
  }
  let fraction = 0;
  if (i < b && c === 46) {
    c = s.charCodeAt(++i);
    while (i < b && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      fraction++;
      c = s.charCodeAt(++i);
    }
  }
  let exponent = 0;
  if (i < b && (c === 101 || c === 69)) {
    c = s.charCodeAt(++i);
    const negativeExponent = c === 45;
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    let exponentDigits = 0;
    while (i < b && c >= 48 && c <= 57 && exponentDigits < 4) {
      exponent = exponent * 10 + (c - 48);
      exponentDigits++;
      c = s.charCodeAt(++i);
    }
    if (exponentDigits === 0) i = -1;
    if (negativeExponent) exponent = -exponent;
  }
  const scale = exponent - fraction;
  if (i !== b || digits + fraction === 0 || digits + fraction > 15 || scale < -22 || scale > 22) return parseNumber(s.slice(start, end));
  const magnitude = scale < 0 ? mantissa / (POW10[-scale] as number) : mantissa * (POW10[scale] as number);
  const value = negative ? -magnitude : magnitude;
  // A whole number as a small integer, as Number gives it (-0 stays a double): the points keep
  // the field representation (small-integer N) they had from the tokenizer, which the code
  // reading them was tuned with; the value is the same either way.
  return value === (value | 0) && !(value === 0 && negative) ? value | 0 : value;
}

/**
 * A cursor over the plain lines of CSV text (without its BOM). Line ends are CR, LF or CRLF, each
 * one line, as the tokenizer counts them. The next line end, quote and delimiter are each found
 * once and kept until passed, so a file is scanned a bounded number of times whatever its shape
 * (a search per line for a character the file lacks would read the rest of the file every line).
 */
export class PlainLines {
  readonly src: string;
  readonly delimiter: string;
  /** The current line: its number (1-based), first character and end (its line break, or the end of the text). */
  line = 0;
  start = 0;
  end = 0;
  /** Set when the cursor stopped at a line holding a quote: `start` and `line` are where the tokenizer takes over. */
  quoted = false;
  private next = 0;
  private lf = -1;
  private cr = -1;
  private quote = -1;
  private delim = -1;

  constructor(text: string, delimiter: string) {
    this.src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.delimiter = delimiter;
  }

  /** Moves to the next line; false at the end of the text, or at a line that holds a quote (see `quoted`). */
  advance(): boolean {
    const { src } = this;
    const start = this.next;
    if (start >= src.length) return false;
    this.line++;
    this.start = start;
    if (this.lf < start) this.lf = find(src, '\n', start);
    if (this.cr < start) this.cr = find(src, '\r', start);
    if (this.quote < start) this.quote = find(src, '"', start);
    const end = Math.min(this.lf, this.cr);
    if (this.quote < end) {
      this.quoted = true;
      return false;
    }
    this.end = end;
    this.next = end === this.cr && end + 1 === this.lf ? end + 2 : end + 1;
    return true;
  }

  /**
   * The end of the field of the current line that starts at `pos`: the next delimiter, or the end
   * of the line. `pos` must never go back from one call to the next (the delimiter found is kept).
   */
  fieldEnd(pos: number): number {
    if (this.delim < pos) this.delim = find(this.src, this.delimiter, pos);
    return this.delim < this.end ? this.delim : this.end;
  }

  /**
   * The current line as the tokenizer would give it: every field trimmed, its column at its
   * first character that is not a space or tab; undefined for a blank line (one empty field),
   * which the tokenizer skips. The line is read a character at a time, not with fieldEnd: a
   * reader may already have looked past the line for its fields.
   */
  record(): CsvRecord | undefined {
    const { src, start, end, line } = this;
    const delimiter = this.delimiter.charCodeAt(0);
    const fields: CsvField[] = [];
    let a = start;
    for (;;) {
      let b = a;
      while (b < end && src.charCodeAt(b) !== delimiter) b++;
      let first = a;
      while (first < b && isBlank(src.charCodeAt(first))) first++;
      fields.push({ value: src.slice(a, b).trim(), line, col: first - start + 1 });
      if (b === end) break;
      a = b + 1;
    }
    if (fields.length === 1 && fields[0]?.value === '') return undefined;
    return { line, fields };
  }
}

/** The index of `ch` in `src` from `from`, or the length of `src` when there is none. */
function find(src: string, ch: string, from: number): number {
  const at = src.indexOf(ch, from);
  return at < 0 ? src.length : at;
}
