/**
 * Behaviour of the fit beyond published values: order independence, refusal of too little
 * data, honest warnings for flat and noisy series, recovery of known curves, the peak cases.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimiseLeastSquares } from '../../src/fit/least-squares.js';
import { type UslFit, fitUsl, predict, uslPeak, uslThroughput } from '../../src/fit/usl.js';
import { type LoadPoint, uslGradient } from '../../src/fit/usl-model.js';
import { referencePoints } from './helpers.js';

function fitOk(points: LoadPoint[]): UslFit {
  const fit = fitUsl(points);
  if (!fit.ok) throw new Error(fit.message);
  return fit;
}

describe('input order', () => {
  it.each([
    ['usl-specsdm91.csv', 'load', 'throughput'],
    ['usl-cisco-schwartz.csv', 'concurrency', 'throughput'],
    ['usl-raytracer.csv', 'processors', 'throughput'],
  ])('%s: any permutation gives the same bytes', (file, x, y) => {
    const points = referencePoints(file, x, y);
    const reference = JSON.stringify(fitOk(points));
    fc.assert(
      fc.property(fc.shuffledSubarray(points, { minLength: points.length, maxLength: points.length }), (shuffled) => {
        expect(JSON.stringify(fitOk(shuffled))).toBe(reference);
      }),
      { numRuns: 25 },
    );
  });
});

describe('too little data', () => {
  it('refuses fewer than 4 distinct concurrencies, however many points', () => {
    const points = [1, 1, 2, 2, 4, 4, 4].map((n, i) => ({ n, x: 100 * n + i }));
    const fit = fitUsl(points);
    expect(fit.ok).toBe(false);
    if (fit.ok) return;
    expect(fit.code).toBe('too-few-levels');
    expect(fit.distinctN).toBe(3);
    expect(fit.message).toMatch(/4 or more distinct concurrency levels with a throughput above 0; got 3\./);
  });

  it('accepts exactly 4 distinct concurrencies and says the intervals are wide', () => {
    const fit = fitOk([1, 2, 4, 8].map((n) => ({ n, x: uslThroughput({ sigma: 0.1, kappa: 0.01, lambda: 10 }, n) + (n % 3) * 0.05 })));
    expect(fit.degreesOfFreedom).toBe(1);
    expect(fit.warnings.map((w) => w.code)).toContain('few-degrees-of-freedom');
  });

  it('counts only levels with a throughput above 0: all zeros are refused, not fitted to λ = 0 with a starting σ', () => {
    const fit = fitUsl([1, 2, 4, 8].map((n) => ({ n, x: 0 })));
    expect(fit.ok).toBe(false);
    if (fit.ok) return;
    expect(fit.code).toBe('too-few-levels');
    expect(fit.distinctN).toBe(4);
    expect(fit.message).toMatch(/with a throughput above 0; got 0 \(and 4 levels where every throughput is 0\)\. Check that the throughput column/);
  });

  it('refuses 3 levels with throughput and a fourth of zeros (a level with one positive point counts)', () => {
    const three = fitUsl([{ n: 1, x: 100 }, { n: 2, x: 190 }, { n: 4, x: 350 }, { n: 8, x: 0 }, { n: 8, x: 0 }]);
    expect(three.ok).toBe(false);
    if (!three.ok) expect(three.message).toMatch(/got 3 \(and 1 level where every throughput is 0\)/);
    const mixed = fitUsl([{ n: 1, x: 100 }, { n: 2, x: 190 }, { n: 4, x: 350 }, { n: 8, x: 0 }, { n: 8, x: 600 }]);
    expect(mixed.ok).toBe(true);
    const nearZero = fitUsl([{ n: 1, x: 0 }, { n: 2, x: 0 }, { n: 4, x: 0 }, { n: 8, x: 0.000001 }]);
    expect(nearZero.ok).toBe(false);
    if (!nearZero.ok) expect(nearZero.message).toMatch(/got 1 \(and 3 levels/);
  });

  it('keeps a level of zeros in the fit once 4 levels have throughput (a collapse past the peak is data)', () => {
    const fit = fitOk([{ n: 1, x: 100 }, { n: 2, x: 190 }, { n: 4, x: 350 }, { n: 8, x: 600 }, { n: 16, x: 0 }]);
    expect(fit.points.length).toBe(5);
    expect(fit.points.x[4]).toBe(0);
    expect(fit.params.lambda).toBeGreaterThan(0);
    expect(fit.params.kappa).toBeGreaterThan(0);
  });

  it('refuses a positive throughput below 1e-9, whose square underflows (it printed σ and an R² the data did not give)', () => {
    const fit = fitUsl([1, 2, 4, 8].map((n) => ({ n, x: 1e-300 * n })));
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.code).toBe('invalid-points');
    expect(fitUsl([1, 2, 4, 8].map((n) => ({ n, x: 1e-9 * n }))).ok).toBe(true);
  });

  it('refuses invalid points', () => {
    for (const bad of [{ n: 0, x: 1 }, { n: -1, x: 1 }, { n: 2, x: -1 }, { n: Number.NaN, x: 1 }, { n: 2, x: Number.POSITIVE_INFINITY }]) {
      const fit = fitUsl([{ n: 1, x: 1 }, { n: 3, x: 2 }, { n: 4, x: 2 }, { n: 5, x: 2 }, bad]);
      expect(fit.ok).toBe(false);
      if (!fit.ok) expect(fit.code).toBe('invalid-points');
    }
  });
});

describe('honest warnings', () => {
  it('a flat series warns that σ, κ and λ are not identifiable', () => {
    const points = [1, 2, 4, 8, 16, 32].map((n, i) => ({ n, x: 1000 + [3, -5, 4, -2, 6, -4][i]! }));
    const fit = fitOk(points);
    const codes = fit.warnings.map((w) => w.code);
    expect(codes).toContain('flat-series');
    expect(codes).toContain('low-r2');
    expect(fit.warnings.find((w) => w.code === 'flat-series')?.severity).toBe('warning');
  });

  it('a perfectly constant series has no R² rather than a false one', () => {
    const fit = fitOk([1, 2, 4, 8].map((n) => ({ n, x: 50 })));
    expect(fit.r2).toBeNull();
    expect(fit.params.sigma).toBe(1);
    expect(fit.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['flat-series', 'sigma-at-one']));
  });

  it('noise around a real curve warns about intervals that include 0', () => {
    const truth = { sigma: 0.05, kappa: 0.0005, lambda: 100 };
    const noise = [0.21, -0.18, 0.25, -0.3, 0.16, -0.22, 0.27, -0.2];
    const points = [1, 2, 4, 8, 12, 16, 24, 32].map((n, i) => ({ n, x: uslThroughput(truth, n) * (1 + noise[i]!) }));
    const fit = fitOk(points);
    expect(fit.warnings.some((w) => w.code === 'wide-interval')).toBe(true);
  });

  it('clean data raise no warning at all', () => {
    const truth = { sigma: 0.03, kappa: 0.0004, lambda: 250 };
    const fit = fitOk([1, 2, 4, 8, 16, 32, 64].map((n) => ({ n, x: uslThroughput(truth, n) })));
    expect(fit.warnings).toEqual([]);
  });
});

describe('recovery of known curves', () => {
  it('recovers σ, κ, λ from exact points (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.005, max: 0.3, noNaN: true }),
        fc.double({ min: 1e-5, max: 0.01, noNaN: true }),
        fc.double({ min: 1, max: 5000, noNaN: true }),
        (sigma, kappa, lambda) => {
          const truth = { sigma, kappa, lambda };
          const nStar = Math.sqrt((1 - sigma) / kappa);
          const ns = [1, 2, 3, 5, 8].map((f) => Math.max(1, Math.round((f * nStar) / 4)));
          const distinct = [...new Set([1, ...ns, Math.round(2 * nStar) + 2])];
          fc.pre(distinct.length >= 5);
          const fit = fitOk(distinct.map((n) => ({ n, x: uslThroughput(truth, n) })));
          expect(fit.params.sigma).toBeCloseTo(sigma, 6);
          expect(Math.abs(fit.params.kappa / kappa - 1)).toBeLessThan(1e-5);
          expect(Math.abs(fit.params.lambda / lambda - 1)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fits an Amdahl curve with κ exactly 0 and reports the ceiling', () => {
    const truth = { sigma: 0.1, kappa: 0, lambda: 40 };
    const fit = fitOk([1, 2, 4, 8, 16, 32, 64].map((n) => ({ n, x: uslThroughput(truth, n) })));
    expect(fit.params.kappa).toBe(0);
    expect(fit.peak).toEqual({ kind: 'ceiling', concurrency: null, throughput: expect.closeTo(400, 6) });
  });
});

describe('peak and predictions', () => {
  it('N* = √((1−σ)/κ) and X(N*) is the maximum', () => {
    const params = { sigma: 0.02, kappa: 0.02, lambda: 1 };
    const peak = uslPeak(params);
    expect(peak.kind).toBe('retrograde');
    expect(peak.concurrency).toBeCloseTo(7, 12);
    for (const n of [6.9, 7.1, 1, 20]) expect(uslThroughput(params, n)).toBeLessThan(peak.throughput as number);
  });

  it('has no peak and no ceiling when σ = κ = 0 (null, not Infinity)', () => {
    expect(uslPeak({ sigma: 0, kappa: 0, lambda: 3 })).toEqual({ kind: 'unbounded', concurrency: null, throughput: null });
  });

  it("predicts latency by Little's law R = N/X", () => {
    const [p] = predict({ sigma: 0.06, kappa: 0.06, lambda: 40 }, [4]);
    const x = (40 * 4) / (1 + 0.06 * 3 + 0.06 * 12);
    expect(p).toEqual({ n: 4, throughput: x, latency: 4 / x });
    expect(predict({ sigma: 0, kappa: 0, lambda: 0 }, [2])[0]?.latency).toBeNull();
  });
});

describe('uslThroughput at extreme concurrency', () => {
  it('stays finite where λN and κN(N−1) both overflow, equal to the form divided through by N', async () => {
    const { uslThroughput } = await import('../../src/fit/usl-model.js');
    const p = { sigma: 0.05, kappa: 1e-4, lambda: 100 };
    // λ / (1/N + σ(N−1)/N + κ(N−1)) at N = 1e308: κ(N−1) = 1e304 dominates.
    expect(Math.abs(uslThroughput(p, 1e308) / 1e-302 - 1)).toBeLessThan(1e-12);
    expect(uslThroughput({ sigma: 0.1, kappa: 0, lambda: 100 }, 1e308)).toBeCloseTo(1000, 6);
    expect(uslThroughput(p, 1000)).toBe((100 * 1000) / (1 + 0.05 * 999 + 1e-4 * 1000 * 999));
  });
});

describe('repeated measurements of a level (sufficient statistics per concurrency)', () => {
  /** The least squares over every point, as the fit ran before grouping: the reference. */
  function perPointMinimum(points: LoadPoint[], start: number[]) {
    const objective = (theta: readonly number[]) => {
      const params = { sigma: theta[0]!, kappa: theta[1]!, lambda: theta[2]! };
      const residuals: number[] = [];
      const jacobian: number[][] = [];
      for (const p of points) {
        if (!(1 + params.sigma * (p.n - 1) + params.kappa * p.n * (p.n - 1) > 0)) return null;
        residuals.push(p.x - uslThroughput(params, p.n));
        jacobian.push(uslGradient(params, p.n));
      }
      return { residuals, jacobian };
    };
    return minimiseLeastSquares(objective, start, { lower: [0, 0, 0], upper: [1, Infinity, Infinity] })!;
  }

  it('finds the minimum of the least squares over every point', () => {
    fc.assert(
      fc.property(
        fc.record({
          sigma: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
          kappa: fc.double({ min: 1e-5, max: 1e-3, noNaN: true }),
          lambda: fc.double({ min: 10, max: 1000, noNaN: true }),
          levels: fc.uniqueArray(fc.integer({ min: 1, max: 128 }), { minLength: 4, maxLength: 12 }),
          repeats: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 12, maxLength: 12 }),
          noise: fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 72, maxLength: 72 }),
        }),
        ({ sigma, kappa, lambda, levels, repeats, noise }) => {
          const points: LoadPoint[] = [];
          levels.forEach((n, i) => {
            for (let r = 0; r < repeats[i]!; r++) points.push({ n, x: uslThroughput({ sigma, kappa, lambda }, n) * (1 + noise[points.length]!) });
          });
          const fit = fitOk(points);
          const theta = [fit.params.sigma, fit.params.kappa, fit.params.lambda];
          // Started at the grouped fit's estimates, the per-point least squares finds nothing lower.
          const reference = perPointMinimum(points, theta);
          // (Relative to the data's own size when the fit is exact and both sums are rounding.)
          const scale = points.reduce((s, p) => s + p.x * p.x, 0);
          expect(reference.sse).toBeGreaterThanOrEqual(fit.sse * (1 - 1e-9) - 1e-20 * scale);
          expect(Math.abs(reference.theta[2]! - theta[2]!) / theta[2]!).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives the same estimates when every point is measured k times alike (the sum of squares is k times as large)', () => {
    const points = referencePoints('usl-raytracer.csv', 'processors', 'throughput');
    const once = fitOk(points);
    const thrice = fitOk(points.flatMap((p) => [p, p, p]));
    // Both stop at the same first-order condition, so they agree to the search's own precision.
    for (const key of ['sigma', 'kappa', 'lambda'] as const) expect(Math.abs(thrice.params[key] - once.params[key])).toBeLessThanOrEqual(1e-8 * Math.abs(once.params[key]));
    expect(thrice.sse / once.sse).toBeCloseTo(3, 9);
    expect(thrice.degreesOfFreedom).toBe(3 * points.length - 3);
  });
});
