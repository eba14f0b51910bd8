/**
 * The least and greatest of many numbers. `Math.max(...xs)` passes every value as an argument
 * and overflows the call stack past about 120,000 of them; a fit reads up to 1,000,000 points.
 */

/** The greatest value (-Infinity for none), in one pass. */
export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** The least value (Infinity for none), in one pass. */
export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < m || Number.isNaN(v)) m = v;
  }
  return m;
}
