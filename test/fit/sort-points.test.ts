/**
 * sortedColumns buckets by N and sorts each level's throughputs numerically into two columns; the
 * reference is the comparator sort it replaced (N, then X), compared by the values of each point
 * in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LoadPoint, type PointColumns, sortedColumns } from '../../src/fit/usl.js';

/** The sort sortedColumns replaced: Array.prototype.sort (stable) by N, then X. */
const reference = (points: readonly LoadPoint[]): LoadPoint[] => [...points].sort((a, b) => a.n - b.n || a.x - b.x);
/** The points' values in order, -0 told apart from 0 and NaN kept (toEqual's Object.is). */
const values = (points: readonly LoadPoint[]): number[][] => points.map((p) => [p.n, p.x]);
/** The columns' points in order, as values. */
const rows = ({ ns, xs }: PointColumns): number[][] => Array.from(ns, (n, i) => [n, xs[i]!]);

describe('sortedColumns', () => {
  it('orders like the comparator sort for load-test-shaped points (few levels, repeated values)', () => {
    const point = fc.record({ n: fc.integer({ min: 1, max: 12 }), x: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 1e6, noNaN: true })) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 300 }), (points) => {
        const columns = sortedColumns(points);
        expect(rows(columns)).toEqual(values(reference(points)));
        expect(columns.distinctN).toBe(new Set(points.map((p) => p.n)).size);
      }),
      { seed: 18, numRuns: 300 },
    );
  });

  it('orders like the comparator sort for any doubles, NaN, infinities and -0 included', () => {
    const point = fc.record({ n: fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, 2)), x: fc.oneof(fc.double(), fc.constantFrom(0, -0, 5)) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), (points) => {
        const columns = sortedColumns(points);
        expect(rows(columns)).toEqual(values(reference(points)));
        expect(columns.distinctN).toBe(new Set(points.map((p) => p.n)).size);
      }),
      { seed: 18, numRuns: 500 },
    );
  });

  it('leaves its input as it was', () => {
    const points = [{ n: 2, x: 1 }, { n: 1, x: 3 }, { n: 1, x: 2 }];
    expect(rows(sortedColumns(points))).toEqual([[1, 2], [1, 3], [2, 1]]);
    expect(values(points)).toEqual([[2, 1], [1, 3], [1, 2]]);
  });
});
