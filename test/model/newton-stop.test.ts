/**
 * When Newton's method in quantileFromSurvival (src/model/inversion.ts) stops: at a step below 1e-8
 * of the root with the tail within 1e-9, or once two steps show quadratic convergence leaving an
 * error below 1e-12 of the root (d_k³/d_{k−1}² with d the steps). The second rule saves the last
 * evaluation, and it settles a tail known only to ~1e-8 (the Fourier series of a sharp path), which
 * the first rule alone refused: such a path then fell to Cantelli's bound. References: closed-form
 * quantiles, and a seeded simulation of the sharp path.
 */
import { describe, expect, it } from 'vitest';
import { quantileFromSurvival } from '../../src/model/inversion.js';
import { pathLatency } from '../../src/model/path-latency.js';
import type { PathModel } from '../../src/model/path-tree.js';
import { fitLaw, mixLaws, type ServiceLaw } from '../../src/model/service-law.js';
import { lindleyResponses, quantileInterval } from '../support/queue-sim.js';

/** An Erlang-2 (rate r) survival and density: (1 + rt)e^{−rt}, r²t·e^{−rt}. */
const erlang2 = (r: number) => (t: number) => ({ survival: (1 + r * t) * Math.exp(-r * t), density: r * r * t * Math.exp(-r * t) });

describe("Newton's stopping rule", () => {
  it('stops one evaluation earlier from a near start, at the closed-form root', () => {
    const r = 3;
    const law = erlang2(r);
    let calls = 0;
    const tailAt = (t: number) => {
      calls++;
      return law(t);
    };
    // The Erlang-2 p95 by bisection on the closed form (to the last bit).
    let lo = 0;
    let hi = 10;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (law(mid).survival > 0.05) lo = mid;
      else hi = mid;
    }
    const hints = { minS: 0, meanS: 2 / r, varianceS2: 2 / r ** 2, guessS: lo * (1 + 3e-4) };
    const q = quantileFromSurvival((t) => law(t).survival, 0.95, hints, tailAt);
    expect(Math.abs(q / lo - 1)).toBeLessThan(1e-12);
    // From 3e-4 off: steps ~3e-4 and ~5e-8 of the root; the second predicts an error ~1e-15, so two
    // evaluations, where the strict rule (a step below 1e-8) needed a third.
    expect(calls).toBe(2);
  });

  it('settles a tail known to ~1e-8 (noise the strict rule could not get below)', () => {
    const r = 3;
    const law = erlang2(r);
    // A deterministic wobble of 3e-9 on the tail, as an inversion accurate to ~1e-8 leaves.
    const noisy = (t: number) => {
      const x = law(t);
      return { survival: x.survival + 3e-9 * Math.sin(1e7 * t), density: x.density };
    };
    const exact = quantileFromSurvival((t) => law(t).survival, 0.95, { minS: 0, meanS: 2 / r, varianceS2: 2 / r ** 2 });
    const q = quantileFromSurvival((t) => noisy(t).survival, 0.95, { minS: 0, meanS: 2 / r, varianceS2: 2 / r ** 2, guessS: exact * 1.01 }, noisy);
    // The noise moves the root by ~3e-9 / density, ~1e-8 relative here: far inside six digits.
    expect(Math.abs(q / exact - 1)).toBeLessThan(1e-7);
  });
});

describe('two near-deterministic stages far apart in a row (the sharp-two path at 16 req/s)', () => {
  // Each stage: an M/G/1 replica at 1.6 req/s behind 59 % × 485 ms and 41 % × 0.5 ms, deterministic
  // (Erlang-64 each): the plan's queue of test/kinds/visit-bound-note.test.ts's two-stage profile.
  const sharp: ServiceLaw = mixLaws([
    { weight: 0.59, law: fitLaw(0.485, 0) },
    { weight: 0.41, law: fitLaw(0.0005, 0) },
  ]);
  const lambda = 1.6;

  it("is the Fourier series' figure, inside the simulated p95's 95 % interval (was Cantelli's bound)", () => {
    const stage = { wait: { kind: 'pollaczek-khinchine' as const, arrivalRate: lambda, service: sharp }, service: sharp, constantDelayS: 0 };
    const model: PathModel = { stages: [stage, stage], root: { kind: 'sequence', items: [0, 1].map((i) => ({ kind: 'visit' as const, stage: i, counts: [{ count: 1, probability: 1 }] })) } };
    const plan = pathLatency(model, 0.95);
    expect(plan.inversion).toBe('series');
    // Independent visits (the plan's model): two independent runs summed term by term; batch means give the interval.
    const n = 600_000;
    const a = lindleyResponses(lambda, sharp, n, 11);
    const b = lindleyResponses(lambda, sharp, n, 12);
    for (let i = 0; i < n; i++) a[i] = a[i]! + b[i]!;
    const sim = quantileInterval(a, 0.95);
    // A 2 × 10⁶ run gave 2.0511 (2.0433–2.0590) against the plan's 2.05180 s.
    expect(plan.percentileS).toBeGreaterThan(sim.low);
    expect(plan.percentileS).toBeLessThan(sim.high);
  });
});
