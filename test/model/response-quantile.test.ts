/**
 * responseQuantile (src/model/queueing.ts) evaluates the M/M/c response time's survival and
 * density at each Newton step in one pass, sharing their exponentials. The reference here is the
 * step as it was, one call to responseSurvival and one to responseDensity: the two must give the
 * same quantile bit for bit (Object.is), since the plan prints what they give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { erlangC, mmcResponseTimePercentile, waitPlusServicePercentile } from '../../src/model/queueing.js';

function gapFactor(d: number, t: number): number {
  const x = d * t;
  return x === 0 ? t : -Math.expm1(-x) / d;
}

function hypoexpSurvival(t: number, rate1: number, rate2: number): number {
  const a = Math.min(rate1, rate2);
  const d = Math.abs(rate1 - rate2);
  return Math.exp(-a * t) * (1 + a * gapFactor(d, t));
}

function hypoexpDensity(t: number, rate1: number, rate2: number): number {
  const a = Math.min(rate1, rate2);
  const d = Math.abs(rate1 - rate2);
  return rate1 * rate2 * Math.exp(-a * t) * gapFactor(d, t);
}

function responseSurvival(t: number, c: number, theta: number, mu: number): number {
  if (t <= 0) return 1;
  if (t === Infinity) return 0;
  return (1 - c) * Math.exp(-mu * t) + c * hypoexpSurvival(t, theta, mu);
}

function responseDensity(t: number, c: number, theta: number, mu: number): number {
  if (t < 0) return 0;
  return (1 - c) * mu * Math.exp(-mu * t) + c * hypoexpDensity(t, theta, mu);
}

function waitQuantile(p: number, c: number, theta: number): number {
  const tail = 1 - p;
  if (c <= tail) return 0;
  return Math.log(c / tail) / theta;
}

/** The quantile as responseQuantile found it before its step was written out. */
function referenceQuantile(p: number, c: number, theta: number, mu: number, guessS?: number): number {
  if (c === 0) return -Math.log1p(-p) / mu;
  const tail = 1 - p;
  const halfLevel = 1 - tail / 2;
  let lo = Math.max(-Math.log1p(-p) / mu, waitQuantile(p, c, theta));
  let hi = -Math.log1p(-halfLevel) / mu + waitQuantile(halfLevel, c, theta);
  let t = guessS !== undefined && guessS > lo && guessS < hi ? guessS : 0.5 * (lo + hi);
  for (let i = 0; i < 200; i++) {
    const excess = responseSurvival(t, c, theta, mu) - tail;
    if (excess === 0) return t;
    if (excess > 0) lo = t;
    else hi = t;
    const density = responseDensity(t, c, theta, mu);
    let next = density > 0 ? t + (Math.log1p(excess / tail) * (excess + tail)) / density : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - t) <= 1e-14 * next || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t;
}

describe('responseQuantile, its survival and density in one pass', () => {
  const p = fc.constantFrom(0.5, 0.9, 0.95, 0.99, 0.999);

  it('gives the quantile the separate survival and density gave, bit for bit, for any conditional-wait rate', () => {
    fc.assert(
      fc.property(
        p,
        fc.double({ min: 0, max: 1, noNaN: true }),
        // θ below, at and above μ (θ = μ is the Erlang-2 limit; θ ≥ μ shares e^{−μt}).
        fc.oneof(fc.double({ min: 1e-3, max: 1e5, noNaN: true }), fc.constant(-1)),
        fc.double({ min: 1e-2, max: 1e4, noNaN: true }),
        (pp, c, theta, mu) => {
          const rate = theta === -1 ? mu : theta;
          expect(Object.is(waitPlusServicePercentile(pp, c, rate, mu), referenceQuantile(pp, c, rate, mu))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('gives M/M/c percentiles as before, with and without a starting guess', () => {
    fc.assert(
      fc.property(
        p,
        fc.integer({ min: 1, max: 64 }),
        fc.double({ min: 0.01, max: 0.999, noNaN: true }),
        fc.double({ min: 0.1, max: 1e3, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
        (pp, servers, rho, mu, guess) => {
          const lambda = rho * servers * mu;
          const theta = servers * mu - lambda;
          const prepared = mmcResponseTimePercentile(pp, servers, lambda, mu, guess);
          // θ and C as mmcResponseTimePercentile prepares them.
          expect(Object.is(prepared, referenceQuantile(pp, erlangC(servers, lambda / mu), theta, mu, guess))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

