/**
 * Scalars for plain-yaml.ts: one-line plain, single- and double-quoted scalars, their values as
 * yaml resolves them under the YAML 1.2 core schema (yaml's schema/core and schema/common, and
 * its compose/resolve-flow-scalar), and GIVE_UP for anything the reader leaves to yaml.
 */

/** Thrown inside the reader at anything it leaves to yaml. */
export const GIVE_UP = Symbol('give up');

/**
 * `key: text` on one line, optionally with a comment: a key of letters, digits, `_` and `-`, and a
 * plain scalar of characters that are never indicators, not starting with `-` unless a digit or
 * `.` follows, ending with a character other than a space; the line's end consumed. Most lines
 * of a profile are this; V8 runs the expression as machine code from the first line on, where the
 * reader's own code is still interpreted.
 */
export const SIMPLE_ENTRY = /([A-Za-z_][A-Za-z0-9_-]*):( +)((?:[A-Za-z0-9_.\/+~(]|-(?=[0-9.]))(?:[A-Za-z0-9_.\/%+~()=<>^* -]*[A-Za-z0-9_.\/%+~()=<>^*-])?)(?: +#[^\n]*| *)(?:\n|$)/y;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', '<<']);
const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
/**
 * A number with a dot and three zeros after it (`50.000`, `1.000`): in much of Europe and South
 * America the dot groups thousands, so it is 50 or 50,000. It is kept as text, not read as a
 * number, and the quantity reader refuses it where the difference matters (counts, rates, plain
 * numbers). source.ts gives yaml the same rule.
 */
export const DOT_THOUSANDS = /^[-+]?[0-9]{1,3}\.000$/;
// Octal, hexadecimal, infinities and NaN: numbers, but not plain decimal ones.
const OTHER_NUMBER_RE = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
// A plain scalar's text: up to a line's end, ` #`, `:` before a space or the end and, in flow,
// `,`, `[`, `]`, `{`, `}` or `:` before one; trailing spaces are trimmed after.
const BLOCK_PLAIN = /(?:[^\n: ]|:(?=[^ \n])| +(?=[^ \n#]))*/y;
const FLOW_PLAIN = /(?:[^\n: ,[\]{}]|:(?=[^ \n,[\]{}])| +(?=[^ \n#,[\]{}]))*/y;
// yaml's escapes of double-quoted scalars (a tab never reaches here).
const DQ_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

const NL = 10;
const SPACE = 32;
const COLON = 58;
const DASH = 45;

/** Whether a key is one profiles refuse (`__proto__` would not even be set) or yaml merges (`<<`). */
export function isForbidden(key: string): boolean {
  const c = key.charCodeAt(0);
  return (c === 95 || c === 99 || c === 112 || c === 60) && FORBIDDEN_KEYS.has(key);
}

/** Whether `c` is one of `,[]{}`. */
export function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Characters that start something other than a plain scalar (YAML's c-indicator, less `-`, `?`, `:`). */
function isIndicator(c: number): boolean {
  // , [ ] { } # & * ! | > ' " % @ `
  return isFlowIndicator(c) || c === 35 || c === 38 || c === 42 || c === 33
    || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

/**
 * Where the plain scalar at `start` ends (trailing spaces left out): at a line's end, ` #`, `: `
 * (or `:` at the line's end) and, in flow, `,` or a bracket. GIVE_UP where none may start.
 */
export function plainEnd(text: string, start: number, inFlow: boolean): number {
  const first = text.charCodeAt(start);
  // Indicators, `?` and `:` (left to yaml), and `-` unless a character of a plain scalar follows.
  if (isIndicator(first) || first === 63 || first === COLON) throw GIVE_UP;
  if (first === DASH) {
    const next = text.charCodeAt(start + 1);
    if (next === SPACE || next === NL || start + 1 >= text.length || (inFlow && isFlowIndicator(next))) throw GIVE_UP;
  }
  const scan = inFlow ? FLOW_PLAIN : BLOCK_PLAIN;
  scan.lastIndex = start;
  scan.test(text);
  let end = scan.lastIndex;
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** A plain scalar's value as yaml's core schema resolves it: a string, null, a boolean or a decimal number; GIVE_UP for others. */
export function plainValue(source: string): unknown {
  const c = source.charCodeAt(0);
  // Only these can begin a null, a boolean or a number.
  const special = (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46 || c === 126
    || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || source.length === 0;
  if (!special) return source;
  if (source.length === 0) throw GIVE_UP;
  if (NULL_RE.test(source)) return null;
  if (BOOL_RE.test(source)) return c === 116 || c === 84;
  // yaml's own conversions: parseInt for integers, parseFloat for the rest.
  if (INT_RE.test(source)) return parseInt(source, 10);
  if (FLOAT_RE.test(source)) return DOT_THOUSANDS.test(source) ? source : parseFloat(source);
  if (FLOAT_EXP_RE.test(source)) return parseFloat(source);
  if (OTHER_NUMBER_RE.test(source)) throw GIVE_UP;
  return source;
}

/** The one-line single-quoted scalar at `start` (`''` is a quote) and the offset after it. */
export function singleQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let from = start + 1;
  for (;;) {
    const q = text.indexOf("'", from);
    if (q < 0) throw GIVE_UP;
    const part = text.slice(from, q);
    if (part.includes('\n')) throw GIVE_UP;
    value += part;
    if (text.charCodeAt(q + 1) !== 39) return { value, end: afterQuoted(text, q + 1) };
    value += "'";
    from = q + 2;
  }
}

/** The one-line double-quoted scalar at `start`, its escapes read as yaml reads them, and the offset after it. */
export function doubleQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  let from = start + 1;
  for (let i = from; ; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return { value: value + text.slice(from, i), end: afterQuoted(text, i + 1) };
    if (c === NL || i >= text.length) throw GIVE_UP;
    if (c !== 92) continue;
    value += text.slice(from, i);
    const e = text[i + 1]!;
    if (Object.hasOwn(DQ_ESCAPES, e)) {
      value += DQ_ESCAPES[e];
      i += 1;
    } else if (e === 'x' || e === 'u') {
      const length = e === 'x' ? 2 : 4;
      const hex = text.slice(i + 2, i + 2 + length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + length;
    } else {
      throw GIVE_UP;
    }
    from = i + 1;
  }
}

/** `end` when a space, a line's end, `:`, `,` or a closing bracket follows a quoted scalar there; GIVE_UP otherwise. */
function afterQuoted(text: string, end: number): number {
  const c = text.charCodeAt(end);
  if (c === SPACE || c === NL || c === COLON || c === 44 || c === 93 || c === 125 || end >= text.length) return end;
  throw GIVE_UP;
}
