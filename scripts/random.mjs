/** Seeded random numbers for the scripts (bench inputs, synthetic profiles, kill delays). */

/**
 * Mulberry32 (Tommy Ettinger's 32-bit generator, public domain): uniform numbers in [0, 1),
 * the same sequence for the same seed on every machine.
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
