// readSourceDocument builds a plain document's value during its key scan instead of calling yaml's
// doc.toJS(): the value must be yaml's, to the key order, on bundled profiles and generated texts
// (keys that yaml turns into the same text, keys Object.prototype has, merge keys, aliases, -0).
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Composer, LineCounter, Parser } from 'yaml';
import { MAX_ALIAS_COUNT } from '../../src/profile/limits.js';
import { readSourceDocument } from '../../src/profile/source.js';
import { bundledProfiles } from '../support/profiles.js';

/** yaml's own value of a text, composed as readSourceDocument composes it. */
function yamlValue(text: string): unknown {
  const tokens = [...new Parser(new LineCounter().addNewLine).parse(text)];
  const doc = [...new Composer({ prettyErrors: false, uniqueKeys: false, merge: true }).compose(tokens, true, text.length)][0]!;
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** Every mapping's keys in order, -0 and undefined spelled out (deep equality ignores key order). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, shape(x)]);
  return typeof v === 'number' && Object.is(v, -0) ? '-0' : v === undefined ? 'undefined' : v;
}

function expectYamlValue(text: string): boolean {
  const read = readSourceDocument(text, 'p.yaml');
  if (!('doc' in read)) return false;
  const expected = yamlValue(text);
  expect(isDeepStrictEqual(read.doc.data, expected), text).toBe(true);
  expect(JSON.stringify(shape(read.doc.data)), text).toBe(JSON.stringify(shape(expected)));
  return true;
}

describe('readSourceDocument values', () => {
  it('are yaml toJS values on every bundled profile', async () => {
    for (const file of await bundledProfiles()) expect(expectYamlValue(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('are yaml toJS values on generated documents', () => {
    const key = fc.constantFrom('a', 'b', '1', '1.0', '"1"', 'true', '"true"', '~', 'null', '""', 'toString', 'valueOf', '<<', '"<<"', '!!str <<', '-0', '0', '.nan', '0x1', 'x y');
    const leaf = fc.constantFrom('1', '-0', '0.0', 'text', 'null', '~', '', '[]', '{}', '3.5', '.inf', '-.inf', '.nan', '0o17', '0x1F', 'True', '"q"', "'s'", '!!str 12', '!!int "3"', '&a 1', '*a', '1e3');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('seq')),
      map: fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((pairs) => ({ kind: 'map' as const, pairs })),
      seq: fc.array(tie('node'), { maxLength: 3 }).map((items) => ({ kind: 'seq' as const, items })),
    }));
    type T = string | { kind: 'map'; pairs: [string, T][] } | { kind: 'seq'; items: T[] };
    const flow = (t: T): string => (typeof t === 'string' ? t : t.kind === 'map' ? `{ ${t.pairs.map(([k, v]) => `${k}: ${flow(v)}`).join(', ')} }` : `[${t.items.map(flow).join(', ')}]`);
    const block = (t: T, indent: string): string => {
      if (typeof t === 'string' || (t.kind === 'map' ? t.pairs.length === 0 : t.items.length === 0)) return ` ${flow(t)}`;
      if (t.kind === 'seq') return t.items.map((x) => `\n${indent}-${block(x, `${indent}  `)}`).join('');
      return t.pairs.map(([k, v]) => `\n${indent}${k}:${block(v, `${indent}  `)}`).join('');
    };
    let read = 0;
    fc.assert(
      fc.property(tree.map as fc.Arbitrary<T>, fc.boolean(), (t, asFlow) => {
        const text = `top: &a 0\nrest:${asFlow ? ` ${flow(t)}` : block(t, '  ')}\n`;
        if (expectYamlValue(text)) read++;
      }),
      { numRuns: 3000 },
    );
    // Most generated documents read (the others hold a duplicate key or a merge of a scalar).
    expect(read).toBeGreaterThan(1000);
  });
});
