/**
 * The check behind plain-yaml.test.ts: readSourceDocument's fast reader against yaml's reading
 * of the same text (readYamlSourceDocument), on values (key order included) and on every
 * position and path lookup a SourceDocument answers.
 */
import { expect } from 'vitest';
import type { PathSegment } from '../../src/profile/diagnostic.js';
import { readPlainYaml } from '../../src/profile/plain-yaml.js';
import { readSourceDocument, readYamlSourceDocument, type SourceDocument } from '../../src/profile/source.js';

/** Whether two values are the same plain data: Object.is on scalars, keys in the same order, the same prototypes. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Every path into `data` (the root's too), and near them paths that do not exist or are spelled otherwise. */
export function probePaths(data: unknown): PathSegment[][] {
  const out: PathSegment[][] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    out.push(path, [...path, 'no such key'], [...path, 0], [...path, '0'], [...path, ''], [...path, 1.5]);
    const last = path[path.length - 1];
    if (typeof last === 'number') out.push([...path.slice(0, -1), String(last)]);
    if (typeof last === 'string' && last !== '' && Number.isFinite(Number(last))) out.push([...path.slice(0, -1), Number(last)]);
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return out;
}

/** The answers of a document to every probe: has, position, key position. */
function answers(doc: SourceDocument, paths: readonly PathSegment[][]): unknown[] {
  return paths.map((p) => [doc.has(p), doc.position(p), doc.position(p, { key: true })]);
}

/**
 * Reads `text` both ways and expects the same document whenever the fast reader did not give up;
 * returns whether it read the text.
 */
export function expectSameAsYaml(text: string): boolean {
  if (readPlainYaml(text) === null) return false;
  const fast = readSourceDocument(text, 'p.yaml');
  const slow = readYamlSourceDocument(text, 'p.yaml');
  // yaml answering with a message (or a different value) where the fast reader read on is the bug this looks for.
  expect('doc' in slow ? 'doc' : slow.diagnostics, `text: ${JSON.stringify(text)}`).toBe('doc');
  if (!('doc' in fast) || !('doc' in slow)) throw new Error('unreachable');
  expect(sameData(fast.doc.data, slow.doc.data), `values differ for ${JSON.stringify(text)}:\n${JSON.stringify(fast.doc.data)}\n${JSON.stringify(slow.doc.data)}`).toBe(true);
  const paths = probePaths(slow.doc.data);
  expect(answers(fast.doc, paths), `positions differ for ${JSON.stringify(text)}`).toEqual(answers(slow.doc, paths));
  return true;
}
