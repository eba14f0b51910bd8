/**
 * Reads YAML text into plain data while keeping positions, so that every later problem can be
 * reported as `file:line:col`. Defends against hostile input before composing: documents larger
 * than MAX_PROFILE_BYTES, nesting deeper than MAX_DEPTH (checked on yaml's iterative CST parser,
 * because composing deep input recursively can overflow V8's stack), alias bombs (yaml's
 * maxAliasCount), duplicate keys, and prototype-polluting keys.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, type Document, type Node } from 'yaml';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';

import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_PROFILE_BYTES } from './limits.js';

export { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_PROFILE_BYTES };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parsed YAML with its positions. */
export interface SourceDocument {
  file: string;
  data: unknown;
  /** Line and column of the node at `path` (or of its key with `key: true`); falls back to the nearest ancestor. */
  position(path: readonly PathSegment[], opts?: { key?: boolean }): { line: number; col: number };
  /** True when `path` exists in this document. */
  has(path: readonly PathSegment[]): boolean;
}

/** Parses YAML text into a SourceDocument, or returns the diagnostics that stop it. */
export function readSourceDocument(text: string, file: string): { doc: SourceDocument } | { diagnostics: Diagnostic[] } {
  const fail = (message: string, line = 1, col = 1, hint?: string): { diagnostics: Diagnostic[] } => ({
    diagnostics: [{ file, line, col, path: '', message, severity: 'error', ...(hint ? { hint } : {}) }],
  });
  if (text.length > MAX_PROFILE_BYTES) {
    return fail(`file is ${text.length} bytes; profiles are limited to ${MAX_PROFILE_BYTES} bytes (limit: profile size)`);
  }
  if (text.split('\n').every((line) => line.trim() === '' || line.trimStart().startsWith('#'))) {
    return fail('the profile is empty', 1, 1, 'run `capplan init` for a starting profile');
  }
  // One pass of yaml's (iterative) CST parser: checked for depth, then composed into a Document.
  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = findExcessiveDepth(tokens);
  if (tooDeep !== undefined) {
    const pos = offsetToPosition(text, tooDeep);
    return fail(`nesting deeper than ${MAX_DEPTH} levels (limit: nesting depth)`, pos.line, pos.col);
  }
  const composed = [...new Composer({ prettyErrors: false, uniqueKeys: true, merge: true }).compose(tokens, true, text.length)];
  const doc = composed[0]!;
  if (composed.length > 1) {
    const pos = lineCounter.linePos(composed[1]!.range[0]);
    return fail('the file holds several YAML documents; a profile is one document', pos.line, pos.col);
  }
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    diagnostics.push({ file, line: pos.line, col: pos.col, path: '', message: yamlMessage(e.code, e.message), severity: 'error' });
  }
  if (diagnostics.length > 0) return { diagnostics };
  diagnostics.push(...findForbiddenKeys(doc, file, lineCounter));
  if (diagnostics.length > 0) return { diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return fail(`YAML aliases expand too far (${(error as Error).message.split('\n')[0]}; limit: YAML alias dereferences, ${MAX_ALIAS_COUNT})`, 1, 1, 'an alias bomb? each alias may be dereferenced a limited number of times');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail('a profile must be a YAML mapping (key: value pairs) at the top level');
  }
  return { doc: makeSourceDocument(file, data, doc, lineCounter) };
}

function makeSourceDocument(file: string, data: unknown, doc: Document, lc: LineCounter): SourceDocument {
  const nodeAt = (path: readonly PathSegment[]): unknown => (path.length === 0 ? doc.contents : doc.getIn(path, true));
  return {
    file,
    data,
    has: (path) => path.length === 0 || doc.hasIn(path),
    position(path, opts) {
      for (let n = path.length; n >= 0; n--) {
        const prefix = path.slice(0, n);
        const exact = n === path.length;
        if (n > 0 && (opts?.key || !exact)) {
          const keyNode = keyNodeAt(doc, prefix);
          if (keyNode?.range) return lc.linePos(keyNode.range[0]);
        }
        const node = nodeAt(prefix) as Node | undefined;
        if (node && (node as Node).range) return lc.linePos((node as Node).range![0]);
      }
      return { line: 1, col: 1 };
    },
  };
}

/** The key node of the last segment of `path`, when the parent is a mapping that has it. */
function keyNodeAt(doc: Document, path: readonly PathSegment[]): Node | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  for (const pair of parent.items) {
    const k = pair.key;
    if (isScalar(k) && String(k.value) === String(last)) return k;
  }
  return undefined;
}

function yamlMessage(code: string, message: string): string {
  const plain = message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  if (code === 'MULTIPLE_DOCS') return 'the file holds several YAML documents; a profile is one document';
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each key may appear once in a mapping';
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

/** Keys that would reach an object's prototype are refused wherever they appear. */
function findForbiddenKeys(doc: Document, file: string, lc: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: { node: unknown; path: PathSegment[] }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && FORBIDDEN_KEYS.has(key)) {
          const pos = pair.key && (pair.key as Node).range ? lc.linePos((pair.key as Node).range![0]) : { line: 1, col: 1 };
          out.push({
            file, line: pos.line, col: pos.col, path: formatPath([...path, key]),
            message: `the key "${key}" is not allowed`, severity: 'error',
          });
          continue;
        }
        if (key !== undefined && !isAlias(pair.value)) stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (!isAlias(item)) stack.push({ node: item, path: [...path, i] });
      });
    }
  }
  return out;
}

/** A SourceDocument over plain data without positions (flags, generated profiles). */
export function plainSourceDocument(data: unknown, file: string): SourceDocument {
  const has = (path: readonly PathSegment[]): boolean => {
    let cur: unknown = data;
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return false;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return true;
  };
  return { file, data, has, position: () => ({ line: 0, col: 0 }) };
}
