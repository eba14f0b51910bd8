/**
 * The least and greatest of many numbers. `Math.max(...xs)` passes every value as an argument
 * and overflows the call stack past about 120,000 of them; a fit reads up to 1,000,000 points.
 */

/** The greatest value (-Infinity for none), in one pass. */
export function maxOf(values: readonly number[]): number {
  let m = -Infinity;
  for (const v of values) if (v > m || Number.isNaN(v)) m = v;
  return m;
}

/** The least value (Infinity for none), in one pass. */
export function minOf(values: readonly number[]): number {
  let m = Infinity;
  for (const v of values) if (v < m || Number.isNaN(v)) m = v;
  return m;
}
