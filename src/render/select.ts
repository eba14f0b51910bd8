/** Picking from long lists without sorting them whole, and values computed once per distinct argument. */

/**
 * The first `n` items of `[...items].sort(order)` (Array.prototype.sort is stable: items that
 * tie keep their order), in one pass that keeps only `n`: an item goes before those it orders
 * strictly before and after those it ties with. `order` must be a consistent comparator. With
 * `keep`, of the items it keeps only (the same as filtering them first, without the filtered array).
 */
export function firstSorted<T>(items: readonly T[], n: number, order: (a: T, b: T) => number, keep?: (item: T) => boolean): T[] {
  const first: T[] = [];
  if (n <= 0) return first;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (keep !== undefined && !keep(item)) continue;
    if (first.length === n && order(item, first[n - 1]!) >= 0) continue;
    let at = first.length;
    while (at > 0 && order(item, first[at - 1]!) < 0) at--;
    first.splice(at, 0, item);
    if (first.length > n) first.pop();
  }
  return first;
}

/** Distinct arguments a remembered function keeps before it starts again (a bound on lookups that find nothing). */
const REMEMBERED_ARGUMENTS = 256;

/**
 * fn's result by its argument, computed once per distinct argument among the last few hundred,
 * the previous argument checked first (alike components come in runs). Arguments are compared
 * as Map keys and ===: fn must give 0 and -0 the same result. When the arguments held fill up
 * with few found again (a column of names, or of figures that differ on every row), they are
 * no longer held: only the previous argument is checked, and fn computes the rest (the same
 * results, without a map that only grows and empties).
 */
export function remembered<K, V>(fn: (k: K) => V): (k: K) => V {
  const seen = new Map<K, V>();
  let holding = true;
  let found = 0;
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  let any = false;
  return (k) => {
    if (any && k === lastKey) return lastValue as V;
    let v = holding ? seen.get(k) : undefined;
    if (!holding) {
      v = fn(k);
    } else if (v === undefined && !seen.has(k)) {
      v = fn(k);
      if (seen.size >= REMEMBERED_ARGUMENTS) {
        holding = found * 4 >= REMEMBERED_ARGUMENTS;
        seen.clear();
        found = 0;
      }
      if (holding) seen.set(k, v);
    } else {
      found += 1;
    }
    any = true;
    lastKey = k;
    lastValue = v;
    return v as V;
  };
}
