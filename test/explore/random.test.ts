/** The Monte Carlo's random numbers against published reference values. */
import { describe, expect, it } from 'vitest';
import { mersenne } from 'pure-rand/generator/mersenne';
import { normalQuantile, uniforms } from '../../src/explore/random.js';
import { Z90 } from '../../src/explore/ranges.js';

describe('uniforms', () => {
  it('come from MT19937: the 10,000th output of the default seed is 4,123,659,995 (C++ [rand.predef])', () => {
    const rng = mersenne(5489);
    let v = 0;
    for (let i = 0; i < 10_000; i++) v = rng.next();
    expect(v >>> 0).toBe(4_123_659_995);
  });
  it('are the same for the same seed, in (0, 1), and uniform (mean ½, variance 1/12 within 4 standard errors)', () => {
    const a = uniforms(1);
    const b = uniforms(1);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const u = a();
      expect(b()).toBe(u);
      expect(u > 0 && u < 1).toBe(true);
      sum += u;
      sq += u * u;
    }
    const mean = sum / n;
    // The mean of n uniforms has standard error √(1/12/n) = 0.000913 for n = 100,000.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
    expect(uniforms(2)()).not.toBe(uniforms(1)());
  });
});

describe('normalQuantile (AS 241)', () => {
  it('matches published percentage points of the standard normal', () => {
    // Abramowitz & Stegun, Handbook of Mathematical Functions, table 26.5 (and Wichura 1988).
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167814, 13);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 11);
    expect(normalQuantile(0.1)).toBe(-normalQuantile(0.9));
    expect(Z90).toBeCloseTo(normalQuantile(0.9), 14);
  });
});
