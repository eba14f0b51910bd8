// firstSorted keeps the first n of a stable sort in one pass: the same items, in the same order,
// as sorting the whole list (ties included, which a stable sort leaves in their order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSorted, remembered } from '../../src/render/select.js';

describe('firstSorted', () => {
  it('is the first n of a stable sort, ties in their order', () => {
    const item = fc.record({ rps: fc.constantFrom(1, 2, 2.5, 10, 1e6), name: fc.constantFrom('a', 'b', 'B', 'é', 'e', 'z'), id: fc.nat() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.integer({ min: -1, max: 6 }), (items, n) => {
        const order = (a: (typeof items)[number], b: (typeof items)[number]) => a.rps - b.rps || a.name.localeCompare(b.name);
        expect(firstSorted(items, n, order)).toEqual([...items].sort(order).slice(0, Math.max(0, n)));
        // With `keep`: the first n of those it keeps.
        const keep = (x: (typeof items)[number]) => x.id % 3 !== 0;
        expect(firstSorted(items, n, order, keep)).toEqual(items.filter(keep).sort(order).slice(0, Math.max(0, n)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('remembered', () => {
  it('gives what the function gives, for runs, repeats and more distinct arguments than it keeps', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 2000 }), fc.constantFrom(NaN, -0, 0)), { maxLength: 600 }), (args) => {
        const fn = (n: number) => `${Object.is(n, -0) ? 0 : n}!`;
        const f = remembered(fn);
        for (const a of args) expect(f(a)).toBe(fn(a));
      }),
      { numRuns: 200 },
    );
  });

  it('computes each of few repeated arguments once, and still gives fn once arguments stop repeating', () => {
    let calls = 0;
    const fn = (n: number) => {
      calls += 1;
      return `${n}%`;
    };
    const f = remembered(fn);
    // A few values in any order, over many rows: each computed once.
    for (let i = 0; i < 5000; i++) expect(f((i * 7) % 13)).toBe(`${(i * 7) % 13}%`);
    expect(calls).toBe(13);
    // Then a column of values that never repeat (more than it holds), then repeats again: the same results throughout.
    for (let i = 0; i < 3000; i++) expect(f(1000 + i)).toBe(`${1000 + i}%`);
    for (let i = 0; i < 3000; i++) expect(f(i % 5)).toBe(`${i % 5}%`);
  });
});
