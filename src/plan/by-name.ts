/**
 * Named items (a plan's components, a baseline's, a diff's) by name, built once per list. A
 * lookup by `find` inside a loop over the same components made runway, sweep, check and simulate
 * quadratic in the number of components (a runway of 5,000 components: 25 months × 5,000² name
 * comparisons). The first item of a name wins, as `find` would (components are keys of a map, so
 * never twice). The map is kept, weakly, with the list and rebuilt if the list's length changed;
 * lists are not otherwise changed once built.
 */
export function byName<T extends { readonly name: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  const known = maps.get(items) as Map<string, T> | undefined;
  if (known !== undefined && lengths.get(items) === items.length) return known;
  const built = new Map<string, T>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (!built.has(item.name)) built.set(item.name, item);
  }
  maps.set(items, built);
  lengths.set(items, items.length);
  return built;
}

const maps = new WeakMap<readonly { readonly name: string }[], ReadonlyMap<string, unknown>>();
const lengths = new WeakMap<readonly { readonly name: string }[], number>();
