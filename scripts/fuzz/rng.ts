/**
 * A small seeded pseudo-random generator for the fuzzer: every case is reproducible from
 * (seed, case number) alone, independent of run order and of how many workers ran it.
 */

/**
 * SplitMix32 mixing of a 32-bit state (a 32-bit variant of Steele, Lea & Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014): each call advances the state by the golden-ratio
 * increment 0x9e3779b9 and hashes it.
 */
function splitmix32(state: number): [value: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, next];
}

/** A seeded random source with the helpers the generators use. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** The generator of case `index` under run seed `seed`. */
  static forCase(seed: number, index: number, salt = 0): Rng {
    const [a] = splitmix32(seed ^ Math.imul(index + 1, 0x27d4eb2d) ^ Math.imul(salt + 1, 0x165667b1));
    return new Rng(a);
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const [v, next] = splitmix32(this.state);
    this.state = next;
    return v;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 2 ** 32;
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One element chosen by weight: `[[weight, value], …]`. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((t, [w]) => t + w, 0);
    let r = this.next() * total;
    for (const [w, v] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![1];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
