// longLists (src/profile/input-limits.ts) against the walk it replaced, kept here as the
// reference: the same lists found, with the same paths, counts and order, the cap of 20 included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PathSegment } from '../../src/profile/diagnostic.js';
import { longLists, type LongList } from '../../src/profile/input-limits.js';

/** The former walk: every visited value carried its whole path. */
function reference(data: unknown, max: number): LongList[] {
  const out: LongList[] = [];
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0 && out.length < 20) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    if (entries.length > max) {
      out.push({ path: [...path, entries[max]![0]], count: entries.length, what: Array.isArray(value) ? 'items' : 'keys' });
      continue;
    }
    for (const [k, v] of entries) if (v !== null && typeof v === 'object') stack.push({ value: v, path: [...path, k] });
  }
  return out;
}

/** Parsed YAML or JSON: scalars, lists and mappings, some longer than the limits tried. */
const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, 0, 1.5, 'a', '', true),
    fc.array(tie('value'), { maxLength: 7 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', '0', '12', 'x y'), tie('value'), { maxKeys: 7, noNullPrototype: true }),
  ),
})).value;

describe('longLists', () => {
  it('finds what the path-carrying walk found, in its order', () => {
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(longLists(value, max)).toEqual(reference(value, max));
      }),
      { numRuns: 3000 },
    );
  });

  it('stops at 20 and spells the path of each', () => {
    // A chain of 25 pairs [next, [1, 2, 3]]: each pair is within the limit of 2, its list is not.
    let wide: unknown = null;
    for (let i = 0; i < 25; i++) wide = [wide, [1, 2, 3]];
    const found = longLists(wide, 2);
    expect(found).toHaveLength(20);
    expect(found[0]).toEqual({ path: [1, 2], count: 3, what: 'items' });
    expect(found[1]).toEqual({ path: [0, 1, 2], count: 3, what: 'items' });
    expect(found).toEqual(reference(wide, 2));
  });
});
