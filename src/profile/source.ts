/**
 * Reads YAML text into plain data while keeping positions, so that every later problem can be
 * reported as `file:line:col`. Defends against hostile input before composing: documents larger
 * than MAX_PROFILE_BYTES, nesting deeper than MAX_DEPTH (checked on yaml's iterative CST parser,
 * because composing deep input recursively can overflow V8's stack), alias bombs (yaml's
 * maxAliasCount), aliases inside the node they name (a structure that contains itself), duplicate
 * keys, and prototype-polluting keys.
 */
import { Composer, isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, Parser, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { formatPath, listedProblems, type Diagnostic, type PathSegment } from './diagnostic.js';

import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_LISTED_PROBLEMS, MAX_PROFILE_BYTES } from './limits.js';
import { readPlainSourceDocument } from './plain-document.js';
import type { SourceDocument } from './source-document.js';
import { DOT_THOUSANDS } from './plain-scalars.js';

/** `50.000` stays the text it is (plain-scalars.ts DOT_THOUSANDS), for the quantity reader to refuse where a dot may group thousands. */
const DOT_THOUSANDS_TAG = { tag: 'tag:yaml.org,2002:str', default: true, test: DOT_THOUSANDS, resolve: (text: string) => text };

export { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_PROFILE_BYTES };
// The document's interface and the one over plain data live apart from yaml, so that commands
// without a YAML file (`size`) do not load it.
export { plainSourceDocument, type SourceDocument } from './source-document.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses YAML text into a SourceDocument, or returns the diagnostics that stop it; `what` names the file in them (a calibration overlay is no profile). */
export function readSourceDocument(text: string, file: string, what = 'profile'): { doc: SourceDocument } | { diagnostics: Diagnostic[] } {
  return read(text, file, true, what);
}

/** readSourceDocument by yaml alone, as for any text readPlainYaml gives up on (its tests' reference). */
export function readYamlSourceDocument(text: string, file: string): { doc: SourceDocument } | { diagnostics: Diagnostic[] } {
  return read(text, file, false);
}

function read(text: string, file: string, fast: boolean, what = 'profile'): { doc: SourceDocument } | { diagnostics: Diagnostic[] } {
  const fail = (message: string, line = 1, col = 1, hint?: string): { diagnostics: Diagnostic[] } => ({
    diagnostics: [{ file, line, col, path: '', message, severity: 'error', ...(hint ? { hint } : {}) }],
  });
  if (text.length > MAX_PROFILE_BYTES) {
    return fail(`file is ${text.length} bytes; profiles are limited to ${MAX_PROFILE_BYTES} bytes (limit: profile size)`);
  }
  if (onlyBlanksAndComments(text)) {
    return fail(`the ${what} is empty`, 1, 1, what === 'profile' ? 'run `capplan init` for a starting profile' : undefined);
  }
  // Most profiles are in the subset of YAML that readPlainYaml reads in one pass; it gives up on
  // anything else, and on anything yaml could answer with a message, which yaml then reads.
  const plain = fast ? readPlainSourceDocument(text, file) : null;
  if (plain) return { doc: plain };
  // One pass of yaml's (iterative) CST parser: checked for depth, then composed into a Document.
  const lineCounter = new LineCounter();
  let tokens: ReturnType<Parser['parse']> extends Iterable<infer T> ? T[] : never;
  try {
    tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  } catch (error) {
    // yaml's parser recurses on some shapes (2,000 phases indented with tabs: fuzz seed 2026).
    if (!(error instanceof RangeError)) throw error;
    return fail('the YAML is too intricate for the parser (it ran out of stack)', 1, 1, 'indent with spaces, and split a very long profile');
  }
  const tooDeep = findExcessiveDepth(tokens);
  if (tooDeep !== undefined) {
    const pos = offsetToPosition(text, tooDeep);
    return fail(`nesting deeper than ${MAX_DEPTH} levels (limit: nesting depth)`, pos.line, pos.col);
  }
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic in a
  // mapping's keys); duplicateKeys finds the same keys with one set per mapping.
  const composed = withoutStacks(() => [...new Composer({ prettyErrors: false, uniqueKeys: false, merge: true, customTags: (tags) => [DOT_THOUSANDS_TAG, ...tags] }).compose(tokens, true, text.length)]);
  const doc = composed[0]!;
  if (composed.length > 1) {
    const pos = lineCounter.linePos(composed[1]!.range[0]);
    return fail('the file holds several YAML documents; a profile is one document', pos.line, pos.col);
  }
  const diagnostics: Diagnostic[] = [];
  const { duplicates, collectionKeys, tags, forbidden, aliases, data: plainData } = scanKeys(doc, text);
  const errors = duplicates.length === 0 && collectionKeys.length === 0 && tags.length === 0
    ? doc.errors.map((e) => ({ offset: e.pos[0], code: e.code as string, message: e.message }))
    : [
      ...doc.errors.map((e) => ({ offset: e.pos[0], code: e.code as string, message: e.message })),
      ...duplicates.map((offset) => ({ offset, code: 'DUPLICATE_KEY', message: '' })),
      ...collectionKeys.map((offset) => ({ offset, code: 'COLLECTION_KEY', message: '' })),
      ...tags.map(({ offset, tag }) => ({ offset, code: 'TAG', message: tag })),
    ].sort((a, b) => a.offset - b.offset);
  // A YAML error sets off those after it (a deleted bracket: one a token to the end of the file),
  // so the first MAX_LISTED_PROBLEMS are positioned and the rest counted.
  for (const e of errors.slice(0, MAX_LISTED_PROBLEMS + 1)) {
    const pos = lineCounter.linePos(e.offset);
    diagnostics.push({ file, line: pos.line, col: pos.col, path: '', message: e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, e.offset) : yamlMessage(e.code, e.message), severity: 'error' });
  }
  if (diagnostics.length > 0) return { diagnostics: listedProblems(diagnostics, MAX_LISTED_PROBLEMS, 'a YAML error often sets off those after it: fix the first and run again', errors.length) };
  // One by one: a 2 MiB profile can hold ~100,000 forbidden keys, too many to spread into push.
  // The two walks run only when the scan saw what they look for.
  for (const d of [forbidden ? findForbiddenKeys(doc, file, lineCounter) : [], aliases ? findRecursiveAliases(doc, file, lineCounter) : []].flat()) diagnostics.push(d);
  if (diagnostics.length > 0) return { diagnostics };
  let data: unknown;
  try {
    // The value made during scanKeys when the document is plain; yaml's own conversion otherwise.
    data = plainData ? plainData.value : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const located = locateValueError(doc, (error as Error).message);
    if (located) {
      const pos = lineCounter.linePos(located.offset);
      return fail(located.message, pos.line, pos.col, located.hint);
    }
    return fail(`YAML aliases expand too far (${(error as Error).message.split('\n')[0]}; limit: YAML alias dereferences, ${MAX_ALIAS_COUNT})`, 1, 1, 'an alias bomb? each alias may be dereferenced a limited number of times');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail(`a ${what} must be a YAML mapping (key: value pairs) at the top level`);
  }
  return { doc: makeSourceDocument(file, data, doc, lineCounter, text) };
}

/**
 * `f` with Error's stack traces off: yaml reports each problem as an Error subclass, whose stack
 * V8 captures and capplan never reads. A 2 MB profile with a bracket deleted made 522,000 of
 * them: 2.3 of its 6 s went to capturing their stacks, and more to collecting them.
 */
function withoutStacks<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function makeSourceDocument(file: string, data: unknown, doc: Document, lc: LineCounter, text: string): SourceDocument {
  const index = new NodeIndex();
  return {
    file,
    data,
    text,
    has: (path) => path.length === 0 || index.has(doc, path),
    position(path, opts) {
      // The nodes along the path, from the root, as far as the path exists.
      const nodes = index.walk(doc, path);
      for (let n = path.length; n >= 0; n--) {
        const exact = n === path.length;
        if (n > 0 && (opts?.key || !exact)) {
          const keyNode = n - 1 < nodes.length ? index.keyNode(nodes[n - 1], path[n - 1]!) : undefined;
          if (keyNode?.range) return lc.linePos(keyNode.range[0]);
        }
        const node = nodes[n] as Node | undefined;
        if (node && node.range) return lc.linePos(node.range[0]);
      }
      return { line: 1, col: 1 };
    },
  };
}

/**
 * Lookups of a composed document by path, each mapping indexed by its keys on first use, so a
 * lookup costs the path's depth rather than the mappings' sizes (yaml's own getIn scans every
 * pair: a profile of n components probed once per component cost n²). The answers are yaml's:
 * a mapping's pair is the first whose scalar key equals the segment (===, as yaml's findPair),
 * a sequence's item is at the segment read as a whole number (yaml's asItemIndex), and a key's
 * position is the first scalar key whose text equals the segment's.
 */
class NodeIndex {
  private readonly byValue = new WeakMap<YAMLMap, Map<unknown, Pair>>();
  private readonly byText = new WeakMap<YAMLMap, Map<string, Node>>();

  /** The nodes at each prefix of `path` (index 0: the root), stopping where the path leaves the document. */
  walk(doc: Document, path: readonly PathSegment[]): unknown[] {
    const nodes: unknown[] = [doc.contents];
    let node: unknown = doc.contents;
    for (const segment of path) {
      const next = this.child(node, segment);
      if (next === undefined) break;
      nodes.push((node = next.value));
    }
    return nodes;
  }

  /** Whether every segment of `path` exists (the last one's value may be null), as yaml's hasIn. */
  has(doc: Document, path: readonly PathSegment[]): boolean {
    let node: unknown = doc.contents;
    for (const segment of path) {
      const next = this.child(node, segment);
      if (next === undefined) return false;
      node = next.value;
    }
    return true;
  }

  /** The scalar key node of `segment` in a mapping, or undefined. */
  keyNode(parent: unknown, segment: PathSegment): Node | undefined {
    if (!isMap(parent)) return undefined;
    let keys = this.byText.get(parent);
    if (!keys) {
      keys = new Map();
      for (const pair of parent.items) {
        const k = pair.key;
        // A null key (`~:`) is the key "" of the value yaml makes.
        const text = isScalar(k) ? (k.value === null ? '' : String(k.value)) : undefined;
        if (text !== undefined && !keys.has(text)) keys.set(text, k as Node);
      }
      this.byText.set(parent, keys);
    }
    return keys.get(String(segment));
  }

  /** The child of a collection at `segment`: found (its value may be undefined) or not. */
  private child(node: unknown, segment: PathSegment): { value: unknown } | undefined {
    if (isSeq(node)) {
      const i = typeof segment === 'string' && segment ? Number(segment) : segment;
      return typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < node.items.length ? { value: node.items[i] } : undefined;
    }
    if (!isMap(node)) return undefined;
    let pairs = this.byValue.get(node);
    if (!pairs) {
      pairs = new Map();
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? (pair.key.value === null ? '' : pair.key.value) : pair.key;
        // NaN never equals itself under ===, so no segment reaches a .nan key in yaml either.
        if (!pairs.has(k) && k === k) pairs.set(k, pair);
      }
      this.byValue.set(node, pairs);
    }
    const pair = pairs.get(segment);
    return pair === undefined ? undefined : { value: pair.value ?? undefined };
  }
}

/** The duplicate-key problem, naming the key written at `offset` when it is a plain or quoted scalar. */
function duplicateKeyMessage(text: string, offset: number): string {
  const m = /^(?:"((?:[^"\\\n]|\\.){1,100})"|'([^'\n]{1,100})'|([^\s:,{}[\]#"'][^:,{}[\]#\n]{0,99}?))\s*:/.exec(text.slice(offset, offset + 210));
  const key = m ? (m[1] ?? m[2] ?? m[3]!).trim() : null;
  return key ? `duplicate key ${JSON.stringify(key)}: each key may appear once in a mapping` : yamlMessage('DUPLICATE_KEY', '');
}

function yamlMessage(code: string, message: string): string {
  const plain = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents; a profile is one document';
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each key may appear once in a mapping';
  if (code === 'COLLECTION_KEY') return 'a key must be a name or a number, not a list or a mapping';
  if (code === 'TAG') return `the YAML tag ${message.replace(/^tag:yaml\.org,2002:/, '!!')} has no use in a profile: give a plain value (text, a number, a list or a mapping)`;
  return `YAML: ${plain}`;
}

/**
 * Walks the concrete syntax tree iteratively and returns the offset of the first collection
 * nested deeper than MAX_DEPTH, or undefined.
 */
function findExcessiveDepth(tokens: readonly unknown[]): number | undefined {
  const stack: { token: unknown; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token || typeof token !== 'object') continue;
    const t = token as { type?: string; value?: unknown; items?: unknown[]; offset?: number; key?: unknown };
    const isCollection = t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection';
    const d = isCollection ? depth + 1 : depth;
    if (d > MAX_DEPTH) return t.offset ?? 0;
    if (t.type === 'document' && t.value) stack.push({ token: t.value, depth: d });
    if (Array.isArray(t.items)) {
      for (const item of t.items) {
        const it = item as { key?: unknown; value?: unknown };
        if (it.key) stack.push({ token: it.key, depth: d });
        if (it.value) stack.push({ token: it.value, depth: d });
      }
    }
  }
  return undefined;
}

function offsetToPosition(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** Whether a text has nothing but blank lines and comments (read up to its first other line). */
function onlyBlanksAndComments(text: string): boolean {
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).trimStart();
    if (line !== '' && !line.startsWith('#')) return false;
    start = end + 1;
  }
  return true;
}

/**
 * Tags a profile may use: those of JSON's types (`!!str 10`, `!!int "3"`), the merge key's, and
 * `!` (text). The others make values a profile has no use for (`!!binary` a byte buffer,
 * `!!timestamp` a date, `!!set` a mapping of nulls) or are left unresolved (`!foo`): each one
 * turned into a message about something else, or into nothing at all.
 */
const PLAIN_TAGS = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'merge'].map((t) => `tag:yaml.org,2002:${t}`)]);

/**
 * The node behind an error yaml throws while making values of a document that composed without
 * one: an alias before its anchor (`*x` with no `&x` above it) or a merge (`<<`) of something
 * other than mappings. Undefined for any other error (an alias bomb).
 */
function locateValueError(doc: Document, error: string): { offset: number; message: string; hint: string } | undefined {
  let found: { offset: number; message: string; hint: string } | undefined;
  if (error.startsWith('Unresolved alias')) {
    const anchors = new Set<string>();
    visit(doc, (_key, node) => {
      if (isAlias(node)) {
        if (anchors.has(node.source)) return undefined;
        found = { offset: node.range?.[0] ?? 0, message: `the alias *${node.source} comes before any anchor &${node.source}`, hint: 'an alias repeats a value marked with an anchor earlier in the file' };
        return visit.BREAK;
      }
      const anchor = (node as Node).anchor;
      if (anchor) anchors.add(anchor);
      return undefined;
    });
  } else if (error.startsWith('Merge sources must be')) {
    const isMapValue = (v: unknown) => isMap(isAlias(v) ? v.resolve(doc) : v);
    visit(doc, {
      Pair(_key, pair) {
        const key = pair.key;
        const merge = isScalar(key) && (key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<'));
        if (!merge) return undefined;
        const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        if (isSeq(value) ? value.items.every(isMapValue) : isMap(value)) return undefined;
        found = { offset: (pair.value as Node | null)?.range?.[0] ?? (key as Node).range?.[0] ?? 0, message: 'a merge (<<) takes a mapping, an alias of one, or a list of them', hint: 'write `<<: *defaults` under a mapping, with `&defaults` on a mapping above' };
        return visit.BREAK;
      },
    });
  }
  return found;
}

/** Where the tag of the node at `start` begins: the "!" before the node (a node's range leaves out its tag), or the node itself when none is near. */
function tagOffset(text: string, start: number): number {
  let at = text.lastIndexOf('!', start);
  if (at < 0 || start - at > 1024) return start;
  while (at > 0 && text.charCodeAt(at - 1) === 33) at--;
  return at;
}

/**
 * One pass over every node of the document (keys included, aliases not followed). `duplicates`:
 * offsets of keys that repeat an earlier key of their mapping, the keys yaml's `uniqueKeys`
 * check reports (scalar keys whose values are ===; merge keys are distinct symbols, so `<<` may
 * repeat), at the key's start, with a set per mapping. `forbidden`: some scalar key is a
 * forbidden one; `aliases`: the document has an alias. The pass reaches every node that
 * findForbiddenKeys and findRecursiveAliases visit, so when it saw none of theirs they find none.
 * `collectionKeys`: offsets of keys that are lists or mappings (`? [a, b]`), which no profile
 * field has and which yaml would turn into text with a warning of Node's own on stderr.
 * `data`: the document's value as yaml's `doc.toJS()` makes it, built on the way, or undefined
 * when the document has what only yaml's own conversion does (an alias, a merge key, a key that
 * is a list or mapping); see plainValue.
 */
function scanKeys(doc: Document, text: string): { duplicates: number[]; collectionKeys: number[]; tags: { offset: number; tag: string }[]; forbidden: boolean; aliases: boolean; data: { value: unknown } | undefined } {
  const duplicates: number[] = [];
  const collectionKeys: number[] = [];
  const tags: { offset: number; tag: string }[] = [];
  let forbidden = false;
  let aliases = false;
  let plain = true;
  const root: { value: unknown } = { value: undefined };
  // Each node on the stack with where its value goes (keys are scanned but not stored: `into` null).
  const stack: unknown[] = [doc.contents];
  const intos: (Record<string | number, unknown> | null)[] = [root as Record<string, unknown>];
  const ats: (string | number)[] = ['value'];
  while (stack.length > 0) {
    const node = stack.pop();
    const into = intos.pop()!;
    const at = ats.pop()!;
    const tag = (node as Node | null)?.tag;
    if (tag !== undefined && !PLAIN_TAGS.has(tag)) tags.push({ offset: tagOffset(text, (node as Node).range?.[0] ?? 0), tag });
    if (isMap(node)) {
      const seen = new Set<unknown>();
      const out: Record<string, unknown> = {};
      if (into) into[at] = out;
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          // NaN is never === itself: yaml lets `.nan` repeat, and so does this check.
          if (seen.has(key.value) && key.value === key.value) duplicates.push(key.range?.[0] ?? 0);
          seen.add(key.value);
          forbidden ||= FORBIDDEN_KEYS.has(String(key.value));
          plain &&= !isMergeLike(key.value);
        } else if (isCollection(key)) {
          collectionKeys.push(key.range?.[0] ?? 0);
          plain = false;
        } else if (key) {
          plain = false;
        }
        if (key) {
          stack.push(key);
          intos.push(null);
          ats.push(0);
        }
        // yaml's stringifyKey: a null key is "", any other its text. Two keys of one text (1 and
        // "1") are left to yaml; the key is made now, so that keys keep the document's order.
        const name = into && plain ? (!isScalar(key) || key.value === null ? '' : String(key.value)) : undefined;
        if (name !== undefined) {
          if (Object.hasOwn(out, name)) plain = false;
          else if (name in out) Object.defineProperty(out, name, { value: undefined, writable: true, enumerable: true, configurable: true });
          else out[name] = undefined;
        }
        if (pair.value !== null && typeof pair.value === 'object') {
          stack.push(pair.value);
          intos.push(name !== undefined ? out : null);
          ats.push(name ?? 0);
        } else if (name !== undefined) {
          out[name] = pair.value;
        }
      }
    } else if (isSeq(node)) {
      const out: unknown[] = new Array(node.items.length);
      if (into) into[at] = out;
      node.items.forEach((item, i) => {
        stack.push(item);
        intos.push(into ? (out as unknown as Record<number, unknown>) : null);
        ats.push(i);
      });
    } else if (isAlias(node)) {
      aliases = true;
      plain = false;
    } else if (isScalar(node)) {
      if (into) into[at] = node.value;
    } else if (node === null || node === undefined) {
      if (into) into[at] = node;
    } else {
      plain = false;
    }
  }
  return { duplicates, collectionKeys, tags, forbidden, aliases, data: plain ? root : undefined };
}

/** A key yaml's toJS merges rather than sets: `<<` (a symbol once resolved as the merge tag, or the plain text). */
function isMergeLike(value: unknown): boolean {
  return typeof value === 'symbol' || value === '<<';
}

/** Keys that would reach an object's prototype are refused wherever they appear. */
function findForbiddenKeys(doc: Document, file: string, lc: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Each entry links to its parent, so a path is spelled out only for a key that is refused.
  interface Entry { node: unknown; parent: Entry | null; segment: PathSegment | null }
  const pathOf = (e: Entry): PathSegment[] => {
    const path: PathSegment[] = [];
    for (let at: Entry | null = e; at && at.segment !== null; at = at.parent) path.push(at.segment);
    return path.reverse();
  };
  const stack: Entry[] = [{ node: doc.contents, parent: null, segment: null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const node = entry.node;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && FORBIDDEN_KEYS.has(key)) {
          const pos = pair.key && (pair.key as Node).range ? lc.linePos((pair.key as Node).range![0]) : { line: 1, col: 1 };
          out.push({
            file, line: pos.line, col: pos.col, path: formatPath([...pathOf(entry), key]),
            message: `the key "${key}" is not allowed`, severity: 'error',
          });
          continue;
        }
        if (key !== undefined && !isAlias(pair.value)) stack.push({ node: pair.value, parent: entry, segment: key });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (!isAlias(item)) stack.push({ node: item, parent: entry, segment: i });
      });
    }
  }
  return out;
}

/**
 * Aliases written inside the node their anchor names (`a: &x { b: *x }`): yaml composes them into
 * a value that contains itself, which no profile means and which every walk over the data (the
 * schema, messages that quote a value) would follow forever. An alias can only name an anchor
 * written before it, so a cycle needs exactly this: the alias's offset inside its target's range.
 * The walk recurses, but only after the nesting depth was bounded (findExcessiveDepth).
 */
function findRecursiveAliases(doc: Document, file: string, lc: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  // An alias names the last node anchored with its name before it, in document order (yaml's
  // Alias.resolve); one pass keeps that node per name. Alias.resolve(doc) walks the whole
  // document for each alias: 3,000 aliases in a 700 kB profile took 100 s (fuzz seed 2026 case 51920).
  const anchored = new Map<string, Node>();
  visit(doc, {
    Node(_key, node) {
      if (!isAlias(node)) {
        if (node.anchor) anchored.set(node.anchor, node);
        return;
      }
      const alias = node;
      const target = anchored.get(alias.source);
      const at = alias.range?.[0];
      if (!target?.range || at === undefined || at < target.range[0] || at >= target.range[2]) return;
      const pos = lc.linePos(at);
      out.push({
        file, line: pos.line, col: pos.col, path: '',
        message: `the alias *${alias.source} is inside the node anchored &${alias.source}, so the value would contain itself`,
        severity: 'error', hint: 'an alias may repeat a node written before it, not the node it is in',
      });
    },
  });
  return out;
}
