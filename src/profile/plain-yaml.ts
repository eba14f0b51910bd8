/**
 * A one-pass reader for the YAML that profiles are written in: block mappings and lists, plain,
 * single- and double-quoted one-line scalars, one-line flow lists and mappings of them, comments
 * and a leading `---`. It builds the value that yaml's `doc.toJS()` makes and where each node
 * starts, for a tenth of the CPU time of yaml's lexer, parser and composer. It gives up (null) at the
 * first thing outside that subset or anything yaml might answer with an error or a warning
 * (anchors, aliases, tags, block or multi-line scalars, duplicate or forbidden keys, tabs, odd
 * indentation, directives, several documents, numbers other than decimal ones, …): source.ts
 * then reads the text with yaml, so every message keeps its text and position.
 */
import { MAX_DEPTH } from './limits.js';
import { doubleQuoted, GIVE_UP, isForbidden, plainEnd, plainValue, SIMPLE_ENTRY, singleQuoted } from './plain-scalars.js';

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

// Characters nothing in the subset holds: tabs, carriage returns, other controls, C1 controls
// (NEL is a line break to YAML 1.1), the byte-order mark and Unicode line separators.
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
// yaml refuses implicit keys longer than 1,024 characters; keys near that are left to it.
const MAX_KEY_CHARS = 1000;

const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Reads a profile's YAML in one pass, or returns null where yaml must read it (see the file comment). */
export function readPlainYaml(text: string): PlainYaml | null {
  if (UNSUPPORTED_CHARS.test(text)) return null;
  try {
    const reader = new Reader(text);
    const read = reader.document();
    largestCollections.set(read.value, reader.largest);
    return read;
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

/**
 * The most items or keys of any list or mapping in a value readPlainYaml made (the value itself
 * included), counted as it was read. checkInputLimits asks for it so that a profile with no list
 * near the limit is not walked again only to find none (longLists: ~20 M of the ~2,150 M
 * instructions of a 1,000-component plan). Keyed by the value, not kept on the document, so that
 * data made from it (a calibration merged in, presets applied) has no count and is walked.
 */
const largestCollections = new WeakMap<object, number>();

/** The most items or keys of any list or mapping in `value` when readPlainYaml made it, else undefined. */
export function largestCollection(value: unknown): number | undefined {
  return value !== null && typeof value === 'object' ? largestCollections.get(value) : undefined;
}

/** Where a value goes: a mapping's object or a list's array (indexed by number). */
type Slots = Record<string | number, unknown>;

class Reader {
  private pos = 0;
  /** The start of the line nextContentLine last stopped on. */
  private lineStart = 0;
  private depth = 0;
  /** The most items or keys of a list or mapping read so far. */
  largest = 0;

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
      // Most lines are `name: text`, read by one regular expression (SIMPLE_ENTRY).
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
    if (node.keys.length > this.largest) this.largest = node.keys.length;
    // The line that ends it is read again by the caller.
    this.pos = this.lineStart;
    this.depth--;
    return node;
  }

  /** A mapping's entry `key: value` (pos at the key), added to `out` and `node`; pos moves to a line's start. */
  private entry(indent: number, out: Record<string, unknown>, node: PlainMap): void {
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
    if (out.length > this.largest) this.largest = out.length;
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
      if (out.length > this.largest) this.largest = out.length;
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
      if (map.keys.length > this.largest) this.largest = map.keys.length;
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
    const { text } = this;
    const c = text.charCodeAt(this.pos);
    if (c !== 39 && c !== 34) {
      const end = plainEnd(text, this.pos, inFlow);
      const value = plainValue(text.slice(this.pos, end));
      this.pos = end;
      return value;
    }
    const quoted = c === 39 ? singleQuoted(text, this.pos) : doubleQuoted(text, this.pos);
    this.pos = quoted.end;
    return quoted.value;
  }
}
