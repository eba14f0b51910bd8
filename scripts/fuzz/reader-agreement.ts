/**
 * The fast YAML reader's oracle (src/profile/plain-yaml.ts): wherever readPlainYaml does not give
 * up, readSourceDocument must give the document yaml's reading gives (readYamlSourceDocument):
 * the same values (key order, -0 and prototypes included), the same answers of has() and
 * position() on every path and on paths near them, and yaml must have had nothing to say. Used
 * by test/profile/plain-yaml.test.ts and by the fuzz worker on every YAML file of every case.
 */
import type { Diagnostic, PathSegment } from '../../src/profile/diagnostic.js';
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

/**
 * At most this many probes per text. A 2 MB profile (3,000 components and a list of 20,000 items,
 * fuzz seed 39) has ~470,000 and took ~2 s to probe twice (50,000 take ~0.5 s), which with yaml's own reading (~1.3 s)
 * put the check past the fuzz's 5 s budget on a busy machine: a hang charged to capplan for the
 * harness's own work.
 */
const MAX_PROBES = 50_000;

/** At most `most` of the items, evenly spread (a step that is not a whole number, so the kinds of probe probePaths writes in turn are all taken); all of them when there are no more. */
export function spread<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  const step = items.length / most;
  return Array.from({ length: most }, (_, i) => items[Math.floor(i * step)]!);
}

/** The answers of a document to every probe: has, position, key position. */
function answers(doc: SourceDocument, paths: readonly PathSegment[][]): string[] {
  return paths.map((p) => JSON.stringify([doc.has(p), doc.position(p), doc.position(p, { key: true })]));
}

/** What the two readings of `text` say: whether the fast reader read it, and how the readings differ (undefined when they agree). */
export function readerAgreement(text: string): { read: boolean; problem?: string } {
  if (readPlainYaml(text) === null) return { read: false };
  const fast = readSourceDocument(text, 'p.yaml');
  const slow = readYamlSourceDocument(text, 'p.yaml');
  const said = (r: { diagnostics: Diagnostic[] }) => r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('; ');
  // Checks made before either reader runs (the size limit, an empty profile) answer both alike.
  if (!('doc' in fast) && !('doc' in slow)) return said(fast) === said(slow) ? { read: true } : { read: true, problem: `the messages differ: ${said(fast)} (fast) against ${said(slow)} (yaml)` };
  // yaml answering with a message where the fast reader read on is the bug this looks for.
  if (!('doc' in slow)) return { read: true, problem: `the fast reader read a text yaml answers with: ${said(slow)}` };
  if (!('doc' in fast)) return { read: true, problem: `yaml read the text, but readSourceDocument answered: ${said(fast)}` };
  if (!sameData(fast.doc.data, slow.doc.data)) return { read: true, problem: `the values differ:\n${JSON.stringify(fast.doc.data)}\n${JSON.stringify(slow.doc.data)}` };
  const paths = spread(probePaths(slow.doc.data), MAX_PROBES);
  const a = answers(fast.doc, paths);
  const b = answers(slow.doc, paths);
  const i = a.findIndex((x, j) => x !== b[j]);
  if (i >= 0) return { read: true, problem: `the positions differ at ${JSON.stringify(paths[i])}: ${a[i]} (fast) against ${b[i]} (yaml)` };
  return { read: true };
}
