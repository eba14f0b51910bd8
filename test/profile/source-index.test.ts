// readSourceDocument's own lookups (an index per mapping) and duplicate-key check (a set per
// mapping) must answer exactly as yaml's getIn/hasIn and its `uniqueKeys` check, which they
// replace because both scan every key (quadratic in a mapping's size).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Composer, isMap, isScalar, LineCounter, Parser, type Document, type Node } from 'yaml';
import { readSourceDocument, type SourceDocument } from '../../src/profile/source.js';
import type { PathSegment } from '../../src/profile/diagnostic.js';
import { bundledProfiles } from '../support/profiles.js';

/** yaml's own answers: the composed document with its line counter, duplicate keys reported by yaml. */
function reference(text: string): { doc: Document; lc: LineCounter } {
  const lc = new LineCounter();
  const tokens = [...new Parser(lc.addNewLine).parse(text)];
  const doc = [...new Composer({ prettyErrors: false, uniqueKeys: true, merge: true }).compose(tokens, true, text.length)][0]!;
  return { doc, lc };
}

/** The position lookup as it was written over yaml's getIn (before the index). */
function referencePosition(doc: Document, lc: LineCounter, path: readonly PathSegment[], key: boolean): { line: number; col: number } {
  const nodeAt = (p: readonly PathSegment[]): unknown => (p.length === 0 ? doc.contents : doc.getIn(p, true));
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    if (n > 0 && (key || n !== path.length)) {
      const parent = prefix.length === 1 ? doc.contents : doc.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const k = parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(prefix[prefix.length - 1]))?.key as Node | undefined;
        if (k?.range) return lc.linePos(k.range[0]);
      }
    }
    const node = nodeAt(prefix) as Node | undefined;
    if (node && node.range) return lc.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** Every path into the data, plus variations that leave it (a missing key, an index past the end, a number as text). */
function probePaths(data: unknown): PathSegment[][] {
  const out: PathSegment[][] = [];
  const walk = (v: unknown, path: PathSegment[]) => {
    out.push(path, [...path, 'missing'], [...path, 0], [...path, '0'], [...path, 99]);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data, []);
  return out;
}

function expectSameLookups(text: string, doc: SourceDocument): void {
  const ref = reference(text);
  for (const path of probePaths(doc.data)) {
    expect(doc.has(path), JSON.stringify(path)).toBe(path.length === 0 || ref.doc.hasIn(path));
    for (const key of [false, true]) expect(doc.position(path, { key }), JSON.stringify(path)).toEqual(referencePosition(ref.doc, ref.lc, path, key));
  }
}

describe('readSourceDocument lookups', () => {
  it('answer has() and position() as yaml does, on every bundled profile', async () => {
    for (const file of await bundledProfiles()) {
      const text = readFileSync(file, 'utf8');
      const read = readSourceDocument(text, file);
      if (!('doc' in read)) throw new Error(`${file} does not read`);
      expectSameLookups(text, read.doc);
    }
  });

  it('answer as yaml does on generated documents (numeric keys, sequences, flow and block styles)', () => {
    const scalarKey = fc.oneof(fc.constantFrom('a', 'b', '0', '1', 'x y', 'true'), fc.integer({ min: 0, max: 3 }).map(String));
    const leaf = fc.oneof(fc.constantFrom('1', 'text', 'null', '~', '[]', '{}', '3.5'));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('seq')),
      map: fc.uniqueArray(fc.tuple(scalarKey, tie('node')), { selector: ([k]) => k, maxLength: 4 }).map((pairs) => ({ kind: 'map' as const, pairs })),
      seq: fc.array(tie('node'), { maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items })),
    }));
    type T = string | { kind: 'map'; pairs: [string, T][] } | { kind: 'seq'; items: T[] };
    const flow = (t: T): string => (typeof t === 'string' ? t : t.kind === 'map' ? `{ ${t.pairs.map(([k, v]) => `"${k}": ${flow(v)}`).join(', ')} }` : `[${t.items.map(flow).join(', ')}]`);
    const block = (t: T, indent: string): string => {
      if (typeof t === 'string' || (t.kind === 'map' ? t.pairs.length === 0 : t.items.length === 0)) return ` ${flow(t)}`;
      if (t.kind === 'seq') return t.items.map((x) => `\n${indent}-${block(x, `${indent}  `)}`).join('');
      return t.pairs.map(([k, v], i) => `\n${indent}${/^\d$/.test(k) && i % 2 ? k : `"${k}"`}:${typeof v !== 'string' && v.kind === 'map' && i % 3 === 2 ? ` ${flow(v)}` : block(v, `${indent}  `)}`).join('');
    };
    fc.assert(
      fc.property(tree.map as fc.Arbitrary<T>, (t) => {
        const text = `top:${block(t, '  ')}\n`;
        const read = readSourceDocument(text, 'g.yaml');
        if ('doc' in read) expectSameLookups(text, read.doc);
      }),
      { numRuns: 200 },
    );
  });
});

describe('readSourceDocument duplicate keys', () => {
  /** yaml's duplicate-key errors, as the diagnostics readSourceDocument gave when yaml checked them. */
  const yamlDuplicates = (text: string) => {
    const { doc, lc } = reference(text);
    return doc.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => lc.linePos(e.pos[0]));
  };
  const ours = (text: string) => {
    const read = readSourceDocument(text, 'd.yaml');
    return 'diagnostics' in read ? read.diagnostics.filter((d) => d.message.startsWith('duplicate key')).map((d) => ({ line: d.line, col: d.col })) : [];
  };

  it('finds the keys yaml finds, where yaml finds them', () => {
    const cases = [
      'a: 1\na: 2\n',
      'a: 1\nb: { x: 1, y: 2, x: 3 }\n',
      'a: 1\n1: x\n"1": y\n1.0: z\n',
      'list:\n  - { k: 1, k: 2 }\n  - k: 1\n    k: 2\n    k: 3\n',
      'base: &b { x: 1 }\nm:\n  <<: *b\n  <<: *b\n  y: 2\n',
      '? [a, b]\n: 1\n? [a, b]\n: 2\nc: 1\nc: 2\n',
      'n: { .nan: 1, .nan: 2 }\nt: { true: 1, True: 2 }\n',
      '&anchor a: 1\na: 2\n',
      'x:\n  deep:\n    deeper: { p: 1, q: 2, p: 3 }\n    deeper: 1\n',
    ];
    for (const text of cases) expect(ours(text), text).toEqual(yamlDuplicates(text));
    // The reference is not empty: yaml reports these (1 and 1.0 are one key, true and True too; `<<` and `.nan` may repeat).
    expect(cases.map((t) => yamlDuplicates(t).length)).toEqual([1, 1, 1, 3, 0, 1, 1, 1, 2]);
  });

  it('finds them in generated mappings of repeated keys', () => {
    const key = fc.constantFrom('a', 'b', 'c', '1', '01', 'true', 'null', '"a"', "'b'");
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.boolean()), { minLength: 1, maxLength: 12 }), fc.boolean(), (pairs, asFlow) => {
        const text = asFlow
          ? `m: { ${pairs.map(([k], i) => `${k}: ${i}`).join(', ')} }\n`
          : `m:\n${pairs.map(([k, nested], i) => (nested ? `  ${k}:\n    ${k}: ${i}\n    ${k}: ${i}` : `  ${k}: ${i}`)).join('\n')}\n`;
        expect(ours(text)).toEqual(yamlDuplicates(text));
      }),
      { numRuns: 300 },
    );
  });
});
