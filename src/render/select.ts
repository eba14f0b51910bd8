/** Picking from long lists without sorting them whole. */

/**
 * The first `n` items of `[...items].sort(order)` (Array.prototype.sort is stable: items that
 * tie keep their order), in one pass that keeps only `n`: an item goes before those it orders
 * strictly before and after those it ties with. `order` must be a consistent comparator.
 */
export function firstSorted<T>(items: Iterable<T>, n: number, order: (a: T, b: T) => number): T[] {
  const first: T[] = [];
  if (n <= 0) return first;
  for (const item of items) {
    if (first.length === n && order(item, first[n - 1]!) >= 0) continue;
    let at = first.length;
    while (at > 0 && order(item, first[at - 1]!) < 0) at--;
    first.splice(at, 0, item);
    if (first.length > n) first.pop();
  }
  return first;
}
