/** What a USL curve must give before a replica is sized on it, and the past-the-peak note. */
import { describe, expect, it } from 'vitest';
import { uslCapacityProblem, uslPastPeak } from '../../src/kinds/usl-bounds.js';

// R usl package fit of specsdm91 (smoeding/usl README): σ 0.0277285, κ 0.0001044, λ 89.9952, N* 96.52.
const specsdm91 = { sigma: 0.0277285, kappa: 0.0001044, lambda: 89.9952 };

describe('uslCapacityProblem', () => {
  it('accepts a published curve at any concurrency up to 1,000,000', () => {
    for (const n of [1, 64, 200, 1_000_000]) expect(uslCapacityProblem(specsdm91, n)).toBeNull();
  });
  it('refuses λ ≤ 0, non-finite coefficients and coefficients an inline usl could not hold', () => {
    expect(uslCapacityProblem({ sigma: 0.01, kappa: 0, lambda: 0 }, 4)).toMatch(/^λ = 0\/s: the throughput of one client must be greater than 0\/s/);
    expect(uslCapacityProblem({ sigma: 0.01, kappa: 0, lambda: Number.NaN }, 4)).toMatch(/^λ = NaN\/s/);
    expect(uslCapacityProblem({ sigma: 0.01, kappa: 0, lambda: Number.POSITIVE_INFINITY }, 4)).toMatch(/^λ = Infinity\/s/);
    expect(uslCapacityProblem({ sigma: 0.01, kappa: 0, lambda: 1e-12 }, 4)).toMatch(/below 1e-9\/s/);
    expect(uslCapacityProblem({ sigma: 0.01, kappa: 0, lambda: 1e13 }, 4)).toMatch(/above 1e12\/s/);
    expect(uslCapacityProblem({ sigma: Number.NaN, kappa: 0, lambda: 1 }, 4)).toMatch(/^σ = NaN/);
    expect(uslCapacityProblem({ sigma: 1.5, kappa: 0, lambda: 1 }, 4)).toMatch(/^σ = 1.5/);
    expect(uslCapacityProblem({ sigma: 0, kappa: -1, lambda: 1 }, 4)).toMatch(/^κ = -1/);
    expect(uslCapacityProblem({ sigma: 0, kappa: 1e13, lambda: 1 }, 4)).toMatch(/above 1e12, the largest number/);
  });
  it('refuses a curve whose X(N) is below the smallest rate, though each coefficient is in range', () => {
    // X(10⁶) = 1e-9 × 10⁶ / (1 + (10⁶ − 1) + 10¹² × 10⁶ × (10⁶ − 1)) ≈ 1e-27/s.
    expect(uslCapacityProblem({ sigma: 1, kappa: 1e12, lambda: 1e-9 }, 1_000_000)).toMatch(/X\(1000000\) = 1e-27\/s, below 1e-9\/s/);
    expect(uslCapacityProblem({ sigma: 1, kappa: 1e12, lambda: 1e-9 }, 1)).toBeNull();
  });
});

describe('uslPastPeak', () => {
  it('says so past N* and not at or below it', () => {
    expect(uslPastPeak(specsdm91, 200)).toBe('concurrency 200 is past the USL peak N* = 96.5: throughput falls as concurrency rises; run at most 96 in flight per replica');
    expect(uslPastPeak(specsdm91, 96)).toBeNull();
    expect(uslPastPeak({ sigma: 0.1, kappa: 0, lambda: 10 }, 1_000_000)).toBeNull();
  });
  it('never advises fewer than 1 in flight (N* below 1)', () => {
    expect(uslPastPeak({ sigma: 0.5, kappa: 2, lambda: 10 }, 2)).toMatch(/N\* = 0.5: .* run at most 1 in flight/);
  });
});
