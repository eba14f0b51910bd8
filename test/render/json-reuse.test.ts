/**
 * FieldTexts writes an object field by field, reusing a field's text while its value is
 * sameJson to one already written: its text must be JSON.stringify's, byte for byte, for any
 * sequence of objects (repeated, nearly repeated, with odd values), and sameJson must never
 * call two values alike that JSON.stringify writes differently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldTexts, sameJson } from '../../src/render/json-reuse.js';

/** The replacer the plan JSON uses: numbers rounded to 6 significant digits, non-finite ones null. */
const round = (_k: string, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? (Number.isInteger(v) ? v : Number(v.toPrecision(6))) : null) : v);

/** JSON.stringify(value, round, 2) with the lines after the first indented `levels` steps: the reference. */
function reference(value: unknown, levels: number): string {
  return JSON.stringify(value, round, 2).replace(/\n/g, `\n${'  '.repeat(levels)}`);
}

const leaf = fc.oneof(
  fc.constantFrom(0, -0, 1, 1.5, 0.1 + 0.2, 1e21, NaN, Infinity, -Infinity, null, true, false, undefined, '', 'a', 'é"\\\n', '\u0001', '\ud800'),
  fc.double(),
  fc.string({ maxLength: 6 }),
);
const value = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'toJSONx', '0', '1'), tie('v'), { maxKeys: 3 })),
})).v;

describe('FieldTexts', () => {
  it('writes each object as JSON.stringify does, over repeats and near repeats', () => {
    const objects = fc.array(fc.dictionary(fc.constantFrom('name', 'queue', 'list', 'n', '2'), value, { maxKeys: 5 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(objects, fc.integer({ min: 0, max: 4 }), fc.array(fc.nat(11), { maxLength: 20 }), (objs, levels, picks) => {
        const writer = new FieldTexts(levels, reference);
        // The picks repeat objects in any order, so that texts are remembered, found and evicted.
        for (const o of [...objs, ...picks.map((i) => objs[i % objs.length]!), ...objs.map((o) => structuredClone(o))]) {
          expect(writer.objectText(o)).toBe(reference(o, levels));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact when it stops looking for repeats among distinct objects, and when repeats come back', () => {
    const distinct = Array.from({ length: 600 }, (_, i) => ({ name: `c${i}`, queue: { rate: i / 7, waits: [i, 0.5] }, list: [`x${i % 3}`] }));
    const repeated = Array.from({ length: 600 }, (_, i) => ({ name: `r${i}`, queue: { rate: 1 / 3, waits: [1, 0.5] }, list: ['x'] }));
    const writer = new FieldTexts(3, reference);
    for (const o of [...distinct, ...repeated, ...distinct]) expect(writer.objectText(o)).toBe(reference(o, 3));
  });

  it('never calls values alike that JSON.stringify writes differently', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (sameJson(a, b)) expect(JSON.stringify([a], round)).toBe(JSON.stringify([b], round));
      }),
      { numRuns: 2000 },
    );
    // Alike: equal content in fresh objects, and -0 beside 0 (both written 0).
    expect(sameJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(sameJson([-0], [0])).toBe(true);
    // Not alike: key order, a missing key against undefined, arrays against objects, non-plain objects.
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson(new Date(0), new Date(0))).toBe(false);
    expect(sameJson(NaN, NaN)).toBe(false);
  });
});
