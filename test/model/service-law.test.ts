import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentialLaw, fitLaw, lawMean, lawMoment, lawName, lawScv, lawTransform, MAX_PHASES, mixLaws, scaleLaw } from '../../src/model/service-law.js';

function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

describe('fitLaw', () => {
  it('matches the mean and the squared coefficient of variation exactly (two-moment fit, Tijms 2003 §2.3)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-4, max: 100, noNaN: true }), fc.double({ min: 1 / MAX_PHASES + 1e-9, max: 50, noNaN: true }), (mean, scv) => {
        const law = fitLaw(mean, scv);
        expectNear(lawMean(law) / mean, 1, 1e-12);
        expectNear(lawScv(law), scv, 1e-9 * Math.max(1, scv));
        expectNear(law.branches.reduce((s, b) => s + b.probability, 0), 1, 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('is the exponential at cv 1, a balanced-means H2 above, a mixed Erlang below', () => {
    expect(lawName(fitLaw(2, 1))).toBe('exponential');
    const h2 = fitLaw(2, 4);
    expect(lawName(h2)).toBe('H2');
    // Balanced means: p1/μ1 = p2/μ2 = mean/2.
    for (const b of h2.branches) expectNear(b.probability / b.rate, 1, 1e-12);
    // cv² = 0.3 lies in [1/4, 1/3]: a mixture of Erlang-3 and Erlang-4 with a common rate.
    const e = fitLaw(1, 0.3);
    expect(e.branches.map((b) => b.phases)).toEqual([3, 4]);
    expect(e.branches[0]!.rate).toBe(e.branches[1]!.rate);
    // cv² exactly 1/k: a pure Erlang-k.
    expect(fitLaw(1, 0.25).branches).toEqual([{ probability: 1, phases: 4, rate: 4 }]);
  });

  it('takes cv below 1/8 (deterministic included) as Erlang-64, a little more variable than asked', () => {
    for (const scv of [0, 1e-6, 1 / 100]) {
      const law = fitLaw(0.01, scv);
      expect(law.branches).toHaveLength(1);
      expect(law.branches[0]!.phases).toBe(MAX_PHASES);
      expectNear(lawScv(law), 1 / MAX_PHASES, 1e-12);
    }
  });

  it('rejects bad input', () => {
    expect(() => fitLaw(0, 1)).toThrow(RangeError);
    expect(() => fitLaw(1, -0.1)).toThrow(RangeError);
    expect(() => fitLaw(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('mixLaws: operation types sharing one server', () => {
  it('reads at 1 ms and writes at 5 ms, 3:1, are an H2 with the mixture moments', () => {
    // E[S] = .75 × 1 + .25 × 5 = 2 ms; E[S²] = 2(.75 × 1 + .25 × 25) = 14 ms² (exponential:
    // E[X²] = 2/μ²), so cv² = 14/4 − 1 = 2.5.
    const law = mixLaws([
      { weight: 3, law: exponentialLaw(0.001) },
      { weight: 1, law: exponentialLaw(0.005) },
    ]);
    expect(lawName(law)).toBe('H2');
    expectNear(lawMean(law), 0.002, 1e-15);
    expectNear(lawMoment(law, 2), 14e-6, 1e-18);
    expectNear(lawScv(law), 2.5, 1e-12);
  });

  it('merges identical branches and drops zero weights', () => {
    const law = mixLaws([
      { weight: 1, law: exponentialLaw(0.001) },
      { weight: 2, law: exponentialLaw(0.001) },
      { weight: 0, law: exponentialLaw(1) },
    ]);
    expect(law.branches).toHaveLength(1);
    expectNear(law.branches[0]!.probability, 1, 1e-15);
  });
});

describe('lawTransform', () => {
  it('is Σ p (r/(r + s))^k at real and complex points', () => {
    const law = fitLaw(0.02, 0.3);
    for (const s of [
      { re: 0, im: 0 },
      { re: 50, im: 0 },
      { re: -10, im: 80 },
      { re: 1e4, im: -3e3 },
    ]) {
      let re = 0;
      let im = 0;
      for (const b of law.branches) {
        // (r/(r + s))^k by the polar form.
        const mod = b.rate / Math.hypot(b.rate + s.re, s.im);
        const arg = -Math.atan2(s.im, b.rate + s.re);
        re += b.probability * mod ** b.phases * Math.cos(b.phases * arg);
        im += b.probability * mod ** b.phases * Math.sin(b.phases * arg);
      }
      const t = lawTransform(law, s);
      expectNear(t.re, re, 1e-12);
      expectNear(t.im, im, 1e-12);
    }
  });

  it('scaleLaw multiplies every time', () => {
    const law = scaleLaw(fitLaw(1, 3), 0.25);
    expectNear(lawMean(law), 0.25, 1e-15);
    expectNear(lawScv(law), 3, 1e-12);
  });
});

describe('lawMean', () => {
  it('is the first raw moment bit for bit (its loop is lawMoment(law, 1) written out)', () => {
    const branch = fc.record({
      probability: fc.double({ min: 0, max: 1, noNaN: true }),
      phases: fc.integer({ min: 1, max: MAX_PHASES }),
      rate: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(branch, { minLength: 1, maxLength: 6 }), (branches) => {
        const law = { branches };
        expect(Object.is(lawMean(law), lawMoment(law, 1))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    for (const [mean, scv] of [[0.02, 1], [0.003, 0.3], [1.7, 4], [5e-4, 1 / MAX_PHASES]] as const) {
      const law = fitLaw(mean, scv);
      expect(Object.is(lawMean(law), lawMoment(law, 1))).toBe(true);
    }
  });
});
