/** Growing typed arrays (the simulator's pools double when full; nothing else allocates per event). */

type Typed = Int32Array | Uint8Array | Float64Array;

/** A copy of `a` with room for `n` elements (n ≥ a.length). */
export function grow<T extends Typed>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
