/**
 * quantileFromSurvival finds a path's percentile by Newton's method from a start the moments give
 * (src/model/inversion.ts); bracketedQuantile, the Cantelli bracket and Brent's method it used
 * before, is the reference. Both solve the same survival function, so they agree to the
 * inversion's own accuracy (~1e-11 relative, talbot.ts), far inside the six significant digits
 * any output prints. Random paths of every stage law, visit counts, alternatives and constant
 * delays, at several percentiles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { bracketedQuantile } from '../../src/model/inversion.js';
import { pathLatency, pathSurvival, visitCounts } from '../../src/model/path-latency.js';
import { pathMoments, type PathModel, type PathNode, type PathStageLaw } from '../../src/model/path-tree.js';
import { fitLaw } from '../../src/model/service-law.js';

const stageLaw = fc
  .record({
    meanS: fc.double({ min: 1e-4, max: 5, noNaN: true }),
    // Not near-deterministic laws (scv 0.01, a 64-phase Erlang): the contour cannot follow them, so pathLatency solves them on the Fourier series (test/model/inversion-sharp.test.ts), not on the survival both root finders here share.
    scv: fc.constantFrom(0.1, 0.3, 0.5, 1, 2.5, 9),
    wait: fc.oneof(
      fc.record({ kind: fc.constant('exponential' as const), waitProbability: fc.double({ min: 0, max: 1, noNaN: true }), conditionalRate: fc.double({ min: 0.1, max: 1e4, noNaN: true }) }),
      fc.record({ kind: fc.constant('pollaczek-khinchine' as const), utilisation: fc.double({ min: 0.01, max: 0.95, noNaN: true }) }),
    ),
    delayS: fc.constantFrom(0, 0, 0.001, 0.03, 0.2),
    repeat: fc.option(fc.record({ sameQueue: fc.double({ min: 0, max: 1, noNaN: true }), slope: fc.double({ min: 0, max: 0.99, noNaN: true }), servers: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
  })
  .map(({ meanS, scv, wait, delayS, repeat }): PathStageLaw => {
    const service = fitLaw(meanS, scv);
    return {
      wait: wait.kind === 'exponential' ? wait : { kind: 'pollaczek-khinchine', arrivalRate: wait.utilisation / meanS, service },
      service,
      constantDelayS: delayS,
      ...(repeat !== undefined ? { repeat } : {}),
    };
  });

/** A path over `n` stages: each visited a fractional number of times, some behind an alternative. */
const pathOver = (stages: PathStageLaw[]) =>
  fc.array(fc.record({ visits: fc.constantFrom(0.4, 1, 1, 1.5, 2, 3.25), branch: fc.constantFrom(1, 1, 0.7, 0.3) }), { minLength: stages.length, maxLength: stages.length }).map((shape): PathModel => {
    const items: PathNode[] = shape.map(({ visits, branch }, stage) => {
      const visit: PathNode = { kind: 'visit', stage, counts: visitCounts(visits) };
      return branch === 1 ? visit : { kind: 'choice', branches: [{ probability: branch, node: visit }] };
    });
    return { stages, root: { kind: 'sequence', items } };
  });

const path = fc.array(stageLaw, { minLength: 1, maxLength: 6 }).chain(pathOver);

/** The density of T at t by a central difference of its survival (only to scale a tolerance). */
function densityAt(model: PathModel, t: number): number {
  const h = 1e-4 * t;
  return (pathSurvival(model, t - h) - pathSurvival(model, t + h)) / (2 * h);
}

/** Whether the inverted survival is non-increasing on [0, upToS] (16 points): a near-deterministic path's law is a step the contour cannot follow, and its inversion oscillates between 0 and 1. */
function resolved(model: PathModel, upToS: number): boolean {
  let last = 1;
  for (let i = 1; i <= 16; i++) {
    const s = pathSurvival(model, (i / 16) * upToS);
    if (s > last + 1e-9) return false;
    last = s;
  }
  return true;
}

describe("a path's percentile by Newton's method from the moments", () => {
  /*
   * Both methods solve P(T > t) = 1 − p on a survival inverted to ~1e-13 absolute, ~1e-11 on wide
   * paths (talbot.ts): each answer's residual r = P(T > q) − (1 − p) is that error, and the root is
   * only defined to r / f(q), f the density. So: Newton's answer has a tail probability within
   * 1e-8 of 1 − p, and the two agree within 1e-9 relative plus (a multiple of) their residuals over the density, or lie on a plateau.
   */
  it('agrees with the bracket and Brent within what the inversion resolves, for any path and percentile', () => {
    fc.assert(
      fc.property(path, fc.constantFrom(0.5, 0.9, 0.95, 0.99, 0.999), (model, p) => {
        const got = pathLatency(model, p);
        fc.pre(got.method === 'exact' && Number.isFinite(got.percentileS));
        const m = pathMoments(model);
        const want = bracketedQuantile((t) => pathSurvival(model, t), p, { minS: m.minShiftS, meanS: m.meanS, varianceS2: m.varianceS2 });
        if (want === 0) {
          expect(got.percentileS).toBe(0);
          return;
        }
        // Where the inversion itself does not resolve the root (a near-deterministic path's survival is a step the contour cannot follow), neither answer means anything.
        const density = densityAt(model, want);
        const wantResidual = pathSurvival(model, want) - (1 - p);
        fc.pre(density > 0 && Math.abs(wantResidual) <= 1e-9 && resolved(model, 2 * Math.max(want, got.percentileS)));
        const residual = pathSurvival(model, got.percentileS) - (1 - p);
        // A path too sharp to trust the contour unchecked keeps the contour's root where the Fourier series puts it within 1e-7 of its own (path-latency.ts).
        expect(Math.abs(residual)).toBeLessThanOrEqual(Math.max(1e-8, 1.5e-7 * got.percentileS * densityAt(model, got.percentileS)));
        const tolerance = 1e-9 * want + (50 * (Math.abs(residual) + Math.abs(wantResidual)) + 1e-12) / density;
        // Where 1 − p is a mass of the path's alternatives, P(T > t) = 1 − p on a whole interval: both are roots.
        const mid = 0.5 * (got.percentileS + want);
        if (Math.abs(pathSurvival(model, mid) - (1 - p)) <= 1e-9) return;
        expect(Math.abs(got.percentileS - want), `${got.percentileS} vs ${want} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 150 },
    );
  });

  it('is exact at the bundled paths’ kind of law: an M/M/1 response time is Exp(μ − λ)', () => {
    // Gross & Harris, Fundamentals of Queueing Theory, §2.2: M/M/1 FCFS response time ~ Exp(μ − λ), q_p = −ln(1 − p)/(μ − λ).
    const mu = 50;
    const lambda = 30;
    const model: PathModel = { stages: [{ wait: { kind: 'exponential', waitProbability: lambda / mu, conditionalRate: mu - lambda }, service: fitLaw(1 / mu, 1), constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } };
    for (const p of [0.5, 0.95, 0.999]) {
      const want = -Math.log(1 - p) / (mu - lambda);
      expect(Math.abs(pathLatency(model, p).percentileS - want) / want).toBeLessThan(1e-10);
    }
  });
});
