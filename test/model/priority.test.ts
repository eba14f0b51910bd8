import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priorityMmcMeanWaits, priorityWaitPercentile } from '../../src/model/priority.js';
import { erlangC, mmc, mmcWaitPercentile } from '../../src/model/queueing.js';

function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

describe('priorityMmcMeanWaits (Cobham)', () => {
  it('matches the FabTime two-class M/M/1 worked example', () => {
    // FabTime, "M/M/1 Queue with Two Priority Classes" (fabtime.com/MM1Priority.php, after
    // Prabhu 1981, Table 4.4): λ_H = 1/h, λ_L = 9/h, μ = 12/h, non-preemptive. Time in system
    // 0.15909 h (9.545 min) for high and 0.5379 h (32.27 min) for low priority; the weighted
    // average stays at the FCFS 30 min. Printed to 5 and 4 significant digits.
    const perHour = 1 / 3600;
    const mu = 12 * perHour;
    const [high, low] = priorityMmcMeanWaits(1, mu, [1 * perHour, 9 * perHour]);
    expectNear(((high ?? NaN) + 1 / mu) / 3600, 0.15909, 5e-6);
    expectNear(((low ?? NaN) + 1 / mu) / 3600, 0.5379, 5e-5);
    expectNear(((high ?? NaN) + 1 / mu) / 60, 9.545, 5e-4);
    expectNear(((low ?? NaN) + 1 / mu) / 60, 32.27, 5e-3);
    const average = (1 * ((high ?? NaN) + 1 / mu) + 9 * ((low ?? NaN) + 1 / mu)) / 10;
    expectNear(average / 60, 30, 1e-9);
  });

  it('reduces to M/M/c FCFS for one class: the call-centre ASA of 7.84 s', () => {
    // Call Centre Helper, "Erlang C Formula – Made Simple" / pyworkforce README: 14 agents,
    // 100 calls per 30 min, AHT 180 s → average speed of answer 7.84 s (2 dp).
    const [wait] = priorityMmcMeanWaits(14, 1 / 180, [100 / 1800]);
    expectNear(wait ?? NaN, 7.84, 0.005);
    expectNear(wait ?? NaN, mmc(14, 100 / 1800, 1 / 180).meanWaitS, 1e-12);
  });

  it('reduces to M/M/c FCFS for one class (any c, λ, μ)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (c, mu, rho) => {
          const lambda = rho * c * mu;
          const [wait] = priorityMmcMeanWaits(c, mu, [lambda]);
          const fcfs = mmc(c, lambda, mu).meanWaitS;
          return Math.abs((wait ?? NaN) - fcfs) <= 1e-12 * Math.max(fcfs, 1e-300);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('obeys Kleinrock’s conservation law: Σ λ_k W_k / λ equals the FCFS mean wait', () => {
    // L. Kleinrock, "A conservation law for a wide class of queueing disciplines", Naval Research
    // Logistics Quarterly 12 (1965); Queueing Systems Vol. 2 (1976), ch. 3 (priority queueing): for work-conserving,
    // non-preemptive disciplines with one service law, the λ-weighted mean wait is invariant.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 1e-2, max: 1e3, noNaN: true }),
        fc.array(fc.double({ min: 1e-3, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.01, max: 0.97, noNaN: true }),
        (c, mu, shares, rho) => {
          const shareSum = shares.reduce((a, b) => a + b, 0);
          const lambda = rho * c * mu;
          const rates = shares.map((share) => (lambda * share) / shareSum);
          const waits = priorityMmcMeanWaits(c, mu, rates);
          const weighted = rates.reduce((sum, rate, k) => sum + rate * (waits[k] ?? NaN), 0) / lambda;
          const fcfs = mmc(c, lambda, mu).meanWaitS;
          return Math.abs(weighted - fcfs) <= 1e-9 * fcfs;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orders waits by priority, and gives Infinity from the first class with σ_k ≥ 1', () => {
    const waits = priorityMmcMeanWaits(4, 10, [10, 10, 15, 10, 5]); // σ = 0.25, 0.5, 0.875, 1.125, 1.25
    expect(waits[0]).toBeLessThan(waits[1] ?? NaN);
    expect(waits[1]).toBeLessThan(waits[2] ?? NaN);
    expect(Number.isFinite(waits[2])).toBe(true);
    expect(waits[3]).toBe(Infinity);
    expect(waits[4]).toBe(Infinity);
  });

  it('rejects bad input', () => {
    expect(() => priorityMmcMeanWaits(0, 1, [1])).toThrow(RangeError);
    expect(() => priorityMmcMeanWaits(2, 0, [1])).toThrow(RangeError);
    expect(() => priorityMmcMeanWaits(2, 1, [-1])).toThrow(RangeError);
    expect(priorityMmcMeanWaits(2, 1, [])).toEqual([]);
  });
});

describe('priorityWaitPercentile', () => {
  it('is exact for one class: equals the M/M/c FCFS waiting-time quantile', () => {
    // One class is M/M/c FCFS, where P(W > t) = C·e^{−(cμ−λ)t} (Gross & Harris §2.3) exactly.
    // The call-centre service level: 88.835 % answered within 20 s (pyworkforce README,
    // service_level 0.8883500191794669).
    const c = 14;
    const lambda = 100 / 1800;
    const mu = 1 / 180;
    const C = erlangC(c, lambda / mu);
    const [wait] = priorityMmcMeanWaits(c, mu, [lambda]);
    expectNear(priorityWaitPercentile(0.8883500191794669, C, wait ?? NaN), 20, 1e-9);
    for (const p of [0.9, 0.95, 0.99]) {
      const fcfs = mmcWaitPercentile(p, c, lambda, mu);
      expectNear(priorityWaitPercentile(p, C, wait ?? NaN), fcfs, 1e-12 * fcfs);
    }
  });

  it('is 0 when C <= 1 − p, and Infinity for an unstable class', () => {
    expect(priorityWaitPercentile(0.8, 0.15, 3)).toBe(0);
    expect(priorityWaitPercentile(0.95, 0.5, Infinity)).toBe(Infinity);
  });

  it('rises with the class mean wait (lower priority, longer tail)', () => {
    const waits = priorityMmcMeanWaits(8, 5, [10, 10, 10]);
    const C = erlangC(8, 30 / 5);
    const quantiles = waits.map((w) => priorityWaitPercentile(0.95, C, w));
    expect(quantiles[0]).toBeLessThan(quantiles[1] ?? NaN);
    expect(quantiles[1]).toBeLessThan(quantiles[2] ?? NaN);
  });

  it('rejects bad input', () => {
    expect(() => priorityWaitPercentile(1, 0.5, 1)).toThrow(RangeError);
    expect(() => priorityWaitPercentile(0.9, 1.5, 1)).toThrow(RangeError);
    expect(() => priorityWaitPercentile(0.9, 0.5, -1)).toThrow(RangeError);
  });
});
