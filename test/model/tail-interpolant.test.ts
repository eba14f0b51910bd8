/** A fork-join member's tail read from its interpolant (tail-interpolant.ts) instead of one inversion per grid point. */
import { describe, expect, it } from 'vitest';
import { tailInterpolant, INTERPOLANT_TOLERANCE } from '../../src/model/tail-interpolant.js';
import { pathLatency, pathSurvival } from '../../src/model/path-latency.js';
import { reserveEvaluations, type PathModel, type PathNode } from '../../src/model/path-tree.js';
import { exponentialLaw } from '../../src/model/service-law.js';
import { brentRoot } from '../../src/model/root.js';

/** P(X > t) and its first four derivatives for X = Exp(a) + Exp(b), a ≠ b: S = (b·e^{−at} − a·e^{−bt})/(b − a). */
function hypoexp(a: number, b: number) {
  return (t: number, out: Float64Array) => {
    for (let j = 0; j < 5; j++) out[j] = (b * (-a) ** j * Math.exp(-a * t) - a * (-b) ** j * Math.exp(-b * t)) / (b - a);
  };
}

/** Bare Exp(1/meanS) stages (no wait), one per mean. */
function stages(meansS: readonly number[]): PathModel['stages'] {
  return meansS.map((m) => ({ wait: { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 }, service: exponentialLaw(m), constantDelayS: 0 }));
}
const visit = (stage: number): PathNode => ({ kind: 'visit', stage, counts: [{ count: 1, probability: 1 }] });
const chain = (...s: number[]): PathNode => ({ kind: 'sequence', items: s.map(visit) });

/** Transform evaluations made so far (path-tree.ts numbers each one; reserving none reads the count). */
const evaluations = () => reserveEvaluations(0) - 1;

describe('tail interpolant', () => {
  it('follows a closed-form tail to the tolerance over its whole horizon, from far fewer readings than a grid has points', () => {
    const exact = hypoexp(200, 50);
    const { survival, readings } = tailInterpolant(exact, 0.5);
    const out = new Float64Array(5);
    let worst = 0;
    for (let i = 1; i < 20_000; i++) {
      const t = (i / 20_000) * 0.5;
      exact(t, out);
      worst = Math.max(worst, Math.abs(survival(t) - out[0]!));
    }
    expect(worst).toBeLessThanOrEqual(INTERPOLANT_TOLERANCE);
    expect(readings()).toBeLessThan(150);
  });

  it('reads exactly past its horizon', () => {
    const exact = hypoexp(20, 10);
    const { survival } = tailInterpolant(exact, 0.1);
    const out = new Float64Array(5);
    exact(0.3, out);
    expect(survival(0.3)).toBe(out[0]);
  });
});

describe('fork-join with chains for members', () => {
  // Each member is two stages in sequence (not one visit: its law is inverted, not in closed form).
  const means = [0.01, 0.004, 0.02, 0.006];
  const rates = means.map((m) => 1 / m);
  const memberCdf = (a: number, b: number) => (t: number) => 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
  const cdf = (t: number) => memberCdf(rates[0]!, rates[1]!)(t) * memberCdf(rates[2]!, rates[3]!)(t);
  const model = (): PathModel => ({ stages: stages(means), root: { kind: 'parallel', members: [chain(0, 1), chain(2, 3)] } });

  it('p50, p95, p99 and the survival of max(Exp + Exp, Exp + Exp) against the product of hypoexponential CDFs', () => {
    const m = model();
    for (const p of [0.5, 0.95, 0.99]) {
      const closed = brentRoot((t) => cdf(t) - p, 0, 1, cdf(0) - p, cdf(1) - p);
      expect(Math.abs(pathLatency(m, p).percentileS - closed) / closed).toBeLessThanOrEqual(1e-9);
    }
    for (const t of [0.005, 0.03, 0.1]) expect(Math.abs(pathSurvival(m, t) - (1 - cdf(t)))).toBeLessThanOrEqual(1e-10);
  });

  it('inverts each chain at tens of points, not at every point the percentile search and the moments read', () => {
    const before = evaluations();
    const r = pathLatency(model(), 0.95);
    expect(r.meanS).toBeGreaterThan(0);
    // Two chains, each read at ≤ 100 points of the N = 36 contour (18 transform values a point);
    // one inversion per point read was ~1,000 points for the two (the Simpson moments alone are 513 each).
    expect(evaluations() - before).toBeLessThan(2 * 100 * 18);
  });
});
