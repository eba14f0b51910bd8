/**
 * A one-pass reader for the YAML that profiles are written in: block mappings and lists, plain,
 * single- and double-quoted one-line scalars, one-line flow lists and mappings of them, comments
 * and a leading `---`. It builds the value that yaml's `doc.toJS()` makes and where each node
 * starts, at ~30 times the speed of yaml's lexer, parser and composer. It gives up (null) at the
 * first thing outside that subset or anything yaml might answer with an error or a warning
 * (anchors, aliases, tags, block or multi-line scalars, duplicate or forbidden keys, tabs, odd
 * indentation, directives, several documents, numbers other than decimal ones, …): source.ts
 * then reads the text with yaml, so every message keeps its text and position.
 */
import { MAX_DEPTH } from './limits.js';

/** Where a node starts: a scalar's offset, or a list or mapping with its children's. */
export type PlainNode = number | PlainMap | PlainSeq;

/** A mapping's start offset (its first key's), its keys in order, where each starts, and their values' nodes. */
export interface PlainMap {
  start: number;
  keys: string[];
  keyStarts: number[];
  values: PlainNode[];
}

/** A list's start offset (its first `-` or its `[`) and its items' nodes. */
export interface PlainSeq {
  start: number;
  items: PlainNode[];
}

/** A profile read by readPlainYaml: the value yaml would make of it and its nodes' offsets. */
export interface PlainYaml {
  value: Record<string, unknown>;
  root: PlainMap;
}

/** Thrown inside the reader at anything it leaves to yaml. */
const GIVE_UP = Symbol('give up');

// Characters nothing in the subset holds: tabs, carriage returns, other controls, C1 controls
// (NEL is a line break to YAML 1.1), the byte-order mark and Unicode line separators.
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', '<<']);
// yaml refuses implicit keys longer than 1,024 characters; keys near that are left to it.
const MAX_KEY_CHARS = 1000;
// The YAML 1.2 core schema's tests for plain scalars (yaml's schema/core and schema/common).
const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
// Octal, hexadecimal, infinities and NaN: numbers, but not plain decimal ones.
const OTHER_NUMBER_RE = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
// A plain scalar's text (from its second character): up to a line's end, ` #`, `:` before a
// space or the end and, in flow, `,`, `[`, `]`, `{`, `}` or `:` before one; trailing spaces are
// trimmed after.
const BLOCK_PLAIN = /(?:[^\n: ]|:(?=[^ \n])| +(?=[^ \n#]))*/y;
const FLOW_PLAIN = /(?:[^\n: ,[\]{}]|:(?=[^ \n,[\]{}])| +(?=[^ \n#,[\]{}]))*/y;
// `key: text` on one line, optionally with a comment: a key of letters, digits, `_` and `-`, and
// a plain scalar of characters that are never indicators, not starting with `-` unless a digit
// or `.` follows, ending with a character other than a space; the line's end consumed.
const SIMPLE_ENTRY = /([A-Za-z_][A-Za-z0-9_-]*):( +)((?:[A-Za-z0-9_.\/+~(]|-(?=[0-9.]))(?:[A-Za-z0-9_.\/%+~()=<>^* -]*[A-Za-z0-9_.\/%+~()=<>^*-])?)(?: +#[^\n]*| *)(?:\n|$)/y;
const DQ_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
};

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Reads a profile's YAML in one pass, or returns null where yaml must read it (see the file comment). */
export function readPlainYaml(text: string): PlainYaml | null {
  if (UNSUPPORTED_CHARS.test(text)) return null;
  try {
    return new Reader(text).document();
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

/** Where a value goes: a mapping's object or a list's array (indexed by number). */
type Slots = Record<string | number, unknown>;

class Reader {
  private pos = 0;
  /** The start of the line nextContentLine last stopped on. */
  private lineStart = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  /** The whole text: an optional `---` line, then a block mapping at column 0, then nothing. */
  document(): PlainYaml {
    const { text } = this;
    let indent = this.nextContentLine(true);
    if (indent === 0 && text.startsWith('---', this.pos)) {
      this.pos += 3;
      const c = this.text.charCodeAt(this.pos);
      if (c !== SPACE && c !== NL && !Number.isNaN(c)) throw GIVE_UP;
      this.endOfLine();
      indent = this.nextContentLine();
    }
    if (indent !== 0) throw GIVE_UP;
    const out: Record<string, unknown> = {};
    const root = this.blockMap(0, out);
    if (this.nextContentLine() !== -1) throw GIVE_UP;
    return { value: out, root };
  }

  /**
   * From the start of a line, skips blank and comment lines; leaves pos at the first character of
   * the next content line and returns its indent, or -1 at the end of the text.
   */
  private nextContentLine(marker = false): number {
    const { text } = this;
    for (;;) {
      const lineStart = this.pos;
      this.lineStart = lineStart;
      let i = lineStart;
      while (this.text.charCodeAt(i) === SPACE) i++;
      if (i >= text.length) {
        this.pos = i;
        return -1;
      }
      const c = this.text.charCodeAt(i);
      if (c === NL || c === HASH) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) {
          this.pos = text.length;
          return -1;
        }
        this.pos = nl + 1;
        continue;
      }
      // Document markers and directives are left to yaml.
      if (i === lineStart && ((!marker && text.startsWith('---', i)) || text.startsWith('...', i))) throw GIVE_UP;
      this.pos = i;
      return i - lineStart;
    }
  }

  /** After a value: spaces, an optional comment (after a space), then the line's end; pos moves to the next line. */
  private endOfLine(): void {
    const { text } = this;
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
    if (this.pos >= text.length) return;
    const c = this.text.charCodeAt(this.pos);
    const before = this.text.charCodeAt(this.pos - 1);
    if (c === HASH && (before === SPACE || before === NL)) {
      const nl = text.indexOf('\n', this.pos);
      this.pos = nl < 0 ? text.length : nl + 1;
    } else if (c === NL) {
      this.pos++;
    } else {
      throw GIVE_UP;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH / 2) throw GIVE_UP;
  }

  /** A block mapping whose keys start at column `indent`; pos is at its first key. */
  private blockMap(indent: number, out: Record<string, unknown>): PlainMap {
    this.enter();
    const node: PlainMap = { start: this.pos, keys: [], keyStarts: [], values: [] };
    for (;;) {
      const keyStart = this.pos;
      // Most lines are `name: text`: one regular expression reads them (V8 runs it as machine
      // code from the first line, where this reader's own code is still interpreted).
      SIMPLE_ENTRY.lastIndex = keyStart;
      const simple = SIMPLE_ENTRY.exec(this.text);
      if (simple) {
        const [, key, spaces, text] = simple as unknown as [string, string, string, string];
        if (plainValue(key) !== key || key.length > MAX_KEY_CHARS || isForbidden(key)) throw GIVE_UP;
        out[key] = plainValue(text);
        node.keys.push(key);
        node.keyStarts.push(keyStart);
        node.values.push(keyStart + key.length + 1 + spaces.length);
        this.pos = SIMPLE_ENTRY.lastIndex;
      } else {
        this.entry(indent, out, node);
      }
      const next = this.nextContentLine();
      if (next < indent) break;
      if (next > indent || this.isSeqEntry(this.pos)) throw GIVE_UP;
    }
    // A key written twice was set twice.
    if (Object.keys(out).length !== node.keys.length) throw GIVE_UP;
    // The line that ends it is read again by the caller.
    this.pos = this.lineStart;
    this.depth--;
    return node;
  }

  /** A mapping's entry `key: value` (pos at the key), added to `out` and `node`; pos moves to a line's start. */
  private entry(indent: number, out: Record<string, unknown>, node: PlainMap): void {
    {
      const keyStart = this.pos;
      const name = this.scalar(false);
      if (typeof name !== 'string' || this.pos - keyStart > MAX_KEY_CHARS) throw GIVE_UP;
      while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
      if (this.text.charCodeAt(this.pos) !== COLON || !this.spaceOrEnd(this.pos + 1)) throw GIVE_UP;
      if (isForbidden(name)) throw GIVE_UP;
      this.pos++;
      node.keys.push(name);
      node.keyStarts.push(keyStart);
      node.values.push(this.value(indent, true, out, name));
    }
  }

  /** A block list whose dashes are at column `indent`; pos is at its first dash. */
  private blockSeq(indent: number, out: unknown[]): PlainSeq {
    this.enter();
    const node: PlainSeq = { start: this.pos, items: [] };
    for (;;) {
      this.pos++;
      node.items.push(this.value(indent, false, out as unknown as Slots, out.length));
      const next = this.nextContentLine();
      if (next > indent) throw GIVE_UP;
      // A list at the column of its mapping's keys (`key:` then `- item`) ends at the next key.
      if (next < indent || !this.isSeqEntry(this.pos)) break;
    }
    this.pos = this.lineStart;
    this.depth--;
    return node;
  }

  /**
   * The value after a key's `:` or an item's `-` (pos just after it), stored at `into[at]`: on
   * the same line, or a block on the lines below, or empty (null). Leaves pos at a line's start.
   */
  private value(indent: number, inMap: boolean, into: Slots, at: string | number): PlainNode {
    const { text } = this;
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
    const start = this.pos;
    const c = this.text.charCodeAt(start);
    if (start >= text.length || c === NL || c === HASH) {
      this.endOfLine();
      const next = this.nextContentLine();
      if (next > indent || (next === indent && inMap && this.isSeqEntry(this.pos))) {
        return this.block(next, into, at);
      }
      // Empty: yaml's empty scalar starts where the line's content would.
      this.pos = this.lineStart;
      into[at] = null;
      return start;
    }
    if (c === 91 || c === 123) {
      const node = this.flow(into, at);
      this.endOfLine();
      return node;
    }
    if (!inMap && this.isSeqEntry(start)) throw GIVE_UP;
    const value = this.scalar(false);
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
    if (this.text.charCodeAt(this.pos) === COLON && this.spaceOrEnd(this.pos + 1)) {
      // `- key: value`: a mapping in a list item, its keys at the key's column.
      if (inMap) throw GIVE_UP;
      this.pos = start;
      const out: Record<string, unknown> = {};
      into[at] = out;
      return this.blockMap(start - this.lineStart, out);
    }
    this.endOfLine();
    into[at] = value;
    return start;
  }

  /** A block list or mapping at column `indent` (pos at its first character), stored at `into[at]`. */
  private block(indent: number, into: Slots, at: string | number): PlainNode {
    if (this.isSeqEntry(this.pos)) {
      const out: unknown[] = [];
      into[at] = out;
      return this.blockSeq(indent, out);
    }
    const out: Record<string, unknown> = {};
    into[at] = out;
    return this.blockMap(indent, out);
  }

  /** Whether a list item's `-` is at `at` (followed by a space or the line's end). */
  private isSeqEntry(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.spaceOrEnd(at + 1);
  }

  private spaceOrEnd(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return c === SPACE || c === NL || at >= this.text.length;
  }

  /** A one-line flow list or mapping of scalars and flow collections (pos at its bracket), stored at `into[at]`. */
  private flow(into: Slots, at: string | number): PlainNode {
    this.enter();
    const start = this.pos;
    const isSeq = this.text.charCodeAt(start) === 91;
    const close = isSeq ? 93 : 125;
    this.pos++;
    this.skipInlineSpaces();
    let node: PlainNode;
    if (isSeq) {
      const out: unknown[] = [];
      into[at] = out;
      const seq: PlainSeq = { start, items: [] };
      if (this.text.charCodeAt(this.pos) !== close) {
        for (;;) {
          seq.items.push(this.flowValue(out as unknown as Slots, out.length));
          if (!this.flowSeparator(close)) break;
        }
      }
      node = seq;
    } else {
      const out: Record<string, unknown> = {};
      into[at] = out;
      const map: PlainMap = { start, keys: [], keyStarts: [], values: [] };
      if (this.text.charCodeAt(this.pos) !== close) {
        for (;;) {
          const keyStart = this.pos;
          const key = this.scalar(true);
          if (typeof key !== 'string') throw GIVE_UP;
          this.skipInlineSpaces();
          if (this.text.charCodeAt(this.pos) !== COLON || this.text.charCodeAt(this.pos + 1) !== SPACE) throw GIVE_UP;
          if (isForbidden(key)) throw GIVE_UP;
          this.pos += 2;
          this.skipInlineSpaces();
          map.keys.push(key);
          map.keyStarts.push(keyStart);
          map.values.push(this.flowValue(out, key));
          if (!this.flowSeparator(close)) break;
        }
      }
      if (Object.keys(out).length !== map.keys.length) throw GIVE_UP;
      node = map;
    }
    this.pos++;
    this.depth--;
    return node;
  }

  /** After a flow entry: true at a `,` with another entry after it, false at the closing bracket. */
  private flowSeparator(close: number): boolean {
    this.skipInlineSpaces();
    const c = this.text.charCodeAt(this.pos);
    if (c === close) return false;
    if (c !== 44) throw GIVE_UP;
    this.pos++;
    this.skipInlineSpaces();
    // A trailing comma or an empty entry is left to yaml.
    const next = this.text.charCodeAt(this.pos);
    if (next === close || next === 44) throw GIVE_UP;
    return true;
  }

  private flowValue(into: Slots, at: string | number): PlainNode {
    const c = this.text.charCodeAt(this.pos);
    if (c === 91 || c === 123) return this.flow(into, at);
    const start = this.pos;
    into[at] = this.scalar(true);
    return start;
  }

  private skipInlineSpaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /** A quoted or plain scalar on one line, in block or flow context: its value; pos moves past it. */
  private scalar(inFlow: boolean): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 39) return this.singleQuoted();
    if (c === 34) return this.doubleQuoted();
    return this.plain(inFlow);
  }

  private singleQuoted(): string {
    const { text } = this;
    const start = this.pos;
    let value = '';
    let from = start + 1;
    for (;;) {
      const q = text.indexOf("'", from);
      if (q < 0) throw GIVE_UP;
      const part = text.slice(from, q);
      if (part.includes('\n')) throw GIVE_UP;
      value += part;
      if (this.text.charCodeAt(q + 1) === 39) {
        value += "'";
        from = q + 2;
        continue;
      }
      this.pos = q + 1;
      this.afterQuoted();
      return value;
    }
  }

  private doubleQuoted(): string {
    const { text } = this;
    const start = this.pos;
    let value = '';
    let from = start + 1;
    for (let i = from; ; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 34) {
        value += text.slice(from, i);
        this.pos = i + 1;
        this.afterQuoted();
        return value;
      }
      if (c === NL || i >= text.length) throw GIVE_UP;
      if (c === 92) {
        value += text.slice(from, i);
        const e = text[i + 1]!;
        const simple = DQ_ESCAPES[e];
        if (simple !== undefined && Object.hasOwn(DQ_ESCAPES, e)) {
          value += simple;
          i += 1;
        } else if (e === 'x' || e === 'u') {
          const length = e === 'x' ? 2 : 4;
          const hex = text.slice(i + 2, i + 2 + length);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw GIVE_UP;
          value += String.fromCodePoint(parseInt(hex, 16));
          i += 1 + length;
        } else {
          throw GIVE_UP;
        }
        from = i + 1;
      }
    }
  }

  /** A quoted scalar must be followed by a space, a line's end, `:`, or (in flow) `,` or a bracket. */
  private afterQuoted(): void {
    const c = this.text.charCodeAt(this.pos);
    if (!(c === SPACE || c === NL || c === COLON || c === 44 || c === 93 || c === 125 || this.pos >= this.text.length)) throw GIVE_UP;
  }

  /**
   * A plain scalar: up to a line's end, ` #`, `: ` (or `:` at the line's end) and, in flow,
   * `,` or a bracket; its value by the YAML 1.2 core schema (a string, null, true or false, or a
   * decimal number, each resolved as yaml does).
   */
  private plain(inFlow: boolean): unknown {
    const { text } = this;
    const start = this.pos;
    const first = this.text.charCodeAt(start);
    // Indicators that cannot start a plain scalar, `?` and `:` (left to yaml), and `-` unless a
    // character that may be in a plain scalar follows.
    if (isIndicator(first) || first === 63 || first === COLON) throw GIVE_UP;
    if (first === DASH && (this.spaceOrEnd(start + 1) || (inFlow && isFlowIndicator(this.text.charCodeAt(start + 1))))) throw GIVE_UP;
    const scan = inFlow ? FLOW_PLAIN : BLOCK_PLAIN;
    scan.lastIndex = start;
    scan.test(text);
    let end = scan.lastIndex;
    while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
    this.pos = end;
    return plainValue(text.slice(start, end));
  }
}

/** Whether a key is one profiles refuse (`__proto__` would not even be set) or yaml merges (`<<`). */
function isForbidden(key: string): boolean {
  const c = key.charCodeAt(0);
  return (c === 95 || c === 99 || c === 112 || c === 60) && FORBIDDEN_KEYS.has(key);
}

/** Characters that start something other than a plain scalar (YAML's c-indicator, less `-`, `?`, `:`). */
function isIndicator(c: number): boolean {
  // , [ ] { } # & * ! | > ' " % @ `
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH || c === 38 || c === 42 || c === 33
    || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** A plain scalar's value as yaml's core schema resolves it, or GIVE_UP for the numbers left to yaml. */
function plainValue(source: string): unknown {
  const c = source.charCodeAt(0);
  // Only these can begin a null, a boolean or a number.
  const special = (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46 || c === 126
    || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || source.length === 0;
  if (!special) return source;
  if (source.length === 0) throw GIVE_UP;
  if (NULL_RE.test(source)) return null;
  if (BOOL_RE.test(source)) return c === 116 || c === 84;
  if (INT_RE.test(source)) return parseInt(source, 10);
  if (FLOAT_RE.test(source) || FLOAT_EXP_RE.test(source)) return parseFloat(source);
  if (OTHER_NUMBER_RE.test(source)) throw GIVE_UP;
  return source;
}
