/**
 * value-numbering.ts against the key text SettingsNumbering numbered settings by before it
 * (written out here as the reference): two plain values are equal exactly when their key texts
 * are, equal values hash alike, and a value with no key text has no hash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameValue, valueHash } from '../../src/plan/value-numbering.js';

/** The former key: a plain value as a string equal only for equal values; null for anything else. */
function valueKey(v: unknown): string | null {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v === null) return 'n';
  if (v === undefined) return 'u';
  if (typeof v !== 'object') return null;
  if (Array.isArray(v)) {
    if (Object.keys(v).length !== v.length) return null;
    let out = '[';
    for (const item of v) {
      const k = valueKey(item);
      if (k === null) return null;
      out += `${k};`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if ((proto !== Object.prototype && proto !== null) || Object.getOwnPropertySymbols(v).length > 0) return null;
  let out = '{';
  for (const [key, item] of Object.entries(v)) {
    const k = valueKey(item);
    if (k === null) return null;
    out += `${JSON.stringify(key)}:${k};`;
  }
  return `${out}}`;
}

/** Settings-like values from a small alphabet, so that equal and nearly equal pairs are common. */
const leaf = fc.oneof(
  fc.constantFrom('a', 'b', '1', 'x;', '', 'service'),
  fc.constantFrom(0, -0, 1, 1.5, NaN, Infinity, -Infinity, 1e21, 0.1 + 0.2, 0.3),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'kind', '0', 'replicas'), tie('value'), { maxKeys: 3 }),
}));

describe('value numbering', () => {
  it('is equal exactly when the former key texts are, and equal values hash alike', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const same = valueKey(a) === valueKey(b);
        expect(sameValue(a, b)).toBe(same);
        if (same) expect(valueHash(a)).toBe(valueHash(b));
        expect(sameValue(a, structuredClone(a))).toBe(true);
        expect(valueHash(structuredClone(a))).toBe(valueHash(a));
      }),
      { numRuns: 3000 },
    );
  });

  it('has no hash for what is not a plain value, as the key had none', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    const extra = Object.assign([1, 2], { x: 1 });
    class Box {
      a = 1;
    }
    for (const v of [{ a: new Date(0) }, { a: () => 1 }, sparse, extra, new Box(), { [Symbol('s')]: 1 }, { a: 1n }]) {
      expect(valueKey(v)).toBeNull();
      expect(valueHash(v)).toBeNull();
    }
    expect(valueHash(Object.create(null))).toBe(valueHash({}));
  });

  it('tells apart what String and JSON would merge', () => {
    expect(sameValue({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameValue({ a: 0 }, { a: -0 })).toBe(false);
    expect(sameValue({ a: NaN }, { a: NaN })).toBe(true);
    expect(sameValue({ a: undefined }, {})).toBe(false);
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue({ a: [1, 2] }, { a: ['1;2'] })).toBe(false);
  });
});
