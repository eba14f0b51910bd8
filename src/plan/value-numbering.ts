/**
 * Plain values (strings, numbers, booleans, null, undefined, arrays, plain objects) compared by
 * value, and a hash that equal values share: what SettingsNumbering (share-sizing.ts) numbers
 * settings by. Two values are equal when they have the same shape (an array is not an object),
 * the same keys in the same order (an undefined value included), numbers equal by Object.is
 * (0 is not −0; NaN is NaN) and strings, booleans, null and undefined by ===. Anything else
 * (a Date, a class instance, a function, a symbol key, an array with holes or extra keys) is not
 * a plain value: valueHash gives null and such settings are never shared.
 *
 * It replaced a key text per settings object (the value written out, which is equal only for
 * equal values): at 5,000 components those texts were ~6.5 MB of rope strings kept for the whole
 * run. The hash is FNV-1a (Fowler, Noll, Vo) over 32-bit words, mixed with Math.imul; a collision
 * costs only a comparison (sameValue decides).
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(h: number, word: number): number {
  return Math.imul(h ^ word, FNV_PRIME);
}

function stringHash(h: number, s: string): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** Words of a double, for hashing it (NaN as one value: Object.is makes every NaN equal). */
const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

function numberHash(h: number, n: number): number {
  if (n !== n) return mix(h, 0x7ff80000);
  bits[0] = n;
  return mix(mix(h, words[0]!), words[1]!);
}

/** Property names' hashes, by name (settings repeat a few dozen names thousands of times). */
const keyHashes = new Map<string, number>();

function keyHash(key: string): number {
  let h = keyHashes.get(key);
  if (h === undefined) keyHashes.set(key, (h = stringHash(FNV_OFFSET, key)));
  return h;
}

/** Tags of the kinds of value, hashed before each (so that 1 and "1", [] and {} differ). */
const Tag = { String: 1, Number: 2, True: 3, False: 4, Null: 5, Undefined: 6, Array: 7, Object: 8, End: 9 } as const;

/** Whether `v` is an array valueHash reads (no holes, no keys besides its indexes). */
function isPlainArray(v: unknown[]): boolean {
  return Object.keys(v).length === v.length;
}

/** Whether `v` is an object valueHash reads (Object's prototype or none, no symbol keys). */
function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(v).length === 0;
}

function hashInto(h: number, v: unknown): number | null {
  switch (typeof v) {
    case 'string':
      return stringHash(mix(h, Tag.String), v);
    case 'number':
      return numberHash(mix(h, Tag.Number), v);
    case 'boolean':
      return mix(h, v ? Tag.True : Tag.False);
    case 'undefined':
      return mix(h, Tag.Undefined);
    case 'object':
      break;
    default:
      return null;
  }
  if (v === null) return mix(h, Tag.Null);
  if (Array.isArray(v)) {
    if (!isPlainArray(v)) return null;
    let out: number | null = mix(h, Tag.Array);
    for (const item of v) {
      out = hashInto(out, item);
      if (out === null) return null;
    }
    return mix(out, Tag.End);
  }
  if (!isPlainObject(v)) return null;
  let out: number | null = mix(h, Tag.Object);
  for (const key of Object.keys(v)) {
    out = hashInto(mix(out, keyHash(key)), (v as Record<string, unknown>)[key]);
    if (out === null) return null;
  }
  return mix(out, Tag.End);
}

/** A 32-bit hash of a plain value, equal for values sameValue finds equal; null for a value that is not plain. */
export function valueHash(v: unknown): number | null {
  const h = hashInto(FNV_OFFSET, v);
  return h === null ? null : h >>> 0;
}

/** Whether two plain values (each with a valueHash) are equal: the same shape, keys in the same order, numbers by Object.is. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  const array = Array.isArray(a);
  if (array !== Array.isArray(b)) return false;
  if (array) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
    return true;
  }
  const xs = Object.keys(a);
  const ys = Object.keys(b);
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) {
    const key = xs[i]!;
    if (key !== ys[i] || !sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
