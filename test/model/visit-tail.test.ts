// One visit's tail in the time domain (src/model/visit-tail.ts, wait-grid.ts): against closed forms
// (M/M/1, Erlang's M/D/1 wait, an exponential wait before an Erlang service) and a seeded Lindley
// simulation of the M/G/1 queue behind two near-deterministic operations far apart.
import { describe, expect, it } from 'vitest';
import { checkedSurvival, pathLatency } from '../../src/model/path-latency.js';
import type { PathModel } from '../../src/model/path-tree.js';
import { fitLaw, lawMean, mixLaws, type ServiceLaw } from '../../src/model/service-law.js';
import { visitTail } from '../../src/model/visit-tail.js';
import { logFactorial, poissonSums, waitGrid } from '../../src/model/wait-grid.js';
import { fftInPlace } from '../../src/model/fft.js';
import type { WaitLaw } from '../../src/model/wait-law.js';
import { erlangSurvival, bisect } from '../support/inversion-reference.js';
import { fractionInterval, lawSampler, lindleyResponses, quantileInterval, seededUniform } from '../support/queue-sim.js';

const oneVisit = (wait: WaitLaw, service: ServiceLaw, constantDelayS = 0): PathModel => ({
  stages: [{ wait, service, constantDelayS }],
  root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] },
});

/** sharp.yaml's operations: 59 % 485 ms, 41 % 0.5 ms, deterministic (fitted as Erlang-64). */
const sharp = mixLaws([
  { weight: 0.59, law: fitLaw(0.485, 0) },
  { weight: 0.41, law: fitLaw(0.0005, 0) },
]);

/** Erlang's M/D/1 waiting-time law (Erlang 1909; Franx, "A simple solution for the M/D/c waiting time distribution", Oper. Res. Lett. 29, 2001, eq. 1): P(W ≤ t) = (1 − ρ)Σ_{k ≤ t/D} (λ(kD − t))^k/k!·e^{−λ(kD − t)}. */
function md1WaitCdf(lambda: number, d: number, t: number): number {
  let s = 0;
  let logFact = 0;
  for (let k = 0; k <= Math.floor(t / d); k++) {
    if (k > 0) logFact += Math.log(k);
    const a = lambda * (k * d - t);
    s += (k % 2 === 0 ? 1 : -1) * Math.exp(k * Math.log(Math.abs(a) || 1) * (a === 0 && k === 0 ? 0 : 1) - logFact - a);
  }
  return (1 - lambda * d) * s;
}

describe('the pieces', () => {
  it('the FFT is the DFT, and the inverse undoes it', () => {
    const n = 64;
    const u = seededUniform(3);
    const re = Float64Array.from({ length: n }, () => u());
    const im = Float64Array.from({ length: n }, () => u() - 0.5);
    const [r0, i0] = [Float64Array.from(re), Float64Array.from(im)];
    fftInPlace(re, im, -1);
    for (const k of [0, 1, 7, 31, 63]) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * j * k) / n;
        sr += r0[j]! * Math.cos(a) - i0[j]! * Math.sin(a);
        si += r0[j]! * Math.sin(a) + i0[j]! * Math.cos(a);
      }
      expect(Math.abs(re[k]! - sr)).toBeLessThan(1e-12);
      expect(Math.abs(im[k]! - si)).toBeLessThan(1e-12);
    }
    fftInPlace(re, im, 1);
    for (let j = 0; j < n; j++) expect(Math.abs(re[j]! / n - r0[j]!)).toBeLessThan(1e-14);
  });

  it("Poisson sums are Erlang's survival, also for many phases and far tails", () => {
    for (const [k, x] of [[1, 0.5], [64, 3], [64, 64], [64, 900], [4000, 3900], [1, 800]] as const) {
      // The reference sums its terms in logs one by one: ~1e-11 of round-off over 4,000 terms.
      expect(Math.abs(poissonSums(k, x).below - erlangSurvival(k, 1, x))).toBeLessThan(1e-10);
    }
    expect(Math.abs(logFactorial(2000) - (logFactorial(1023) + Array.from({ length: 977 }, (_, i) => Math.log(1024 + i)).reduce((a, b) => a + b, 0)))).toBeLessThan(1e-9);
  });
});

describe('the wait on a grid', () => {
  it("brackets Erlang's M/D/1 wait (the service an Erlang-4000, near-deterministic)", () => {
    const d = 0.1;
    for (const rho of [0.1, 0.5, 0.9]) {
      const lambda = rho / d;
      const service = { branches: [{ probability: 1, phases: 4000, rate: 4000 / d }] };
      // Erlang's sum alternates with terms that grow as (λt)^k/k!: in doubles it holds to ~1e-9 up to t = 10D, not far beyond.
      const span = 10 * d;
      const grid = waitGrid({ kind: 'pollaczek-khinchine', arrivalRate: lambda, service }, 1, span / 2048, 2048)!;
      let down = 0;
      let up = 0;
      for (let j = 0; j < 2048; j++) {
        down += grid.down[j]!;
        up += grid.up[j]!;
        const t = (j + 0.5) * grid.stepS;
        const exact = md1WaitCdf(lambda, d, t);
        // W↑ ≤ W ≤ W↓ in CDF, within the Erlang-4000's smoothing of the kinks at kD (sd D/63).
        expect(up).toBeLessThanOrEqual(exact + 2e-3);
        expect(down).toBeGreaterThanOrEqual(exact - 2e-3);
        expect(Math.abs(0.5 * (up + down) - exact)).toBeLessThan(5e-3);
      }
    }
  });
});

describe('one visit in the time domain', () => {
  it('M/M/1: W + S is Exp(μ − λ)', () => {
    const mu = 10;
    const lambda = 6;
    const service = { branches: [{ probability: 1, phases: 1, rate: mu }] };
    const tail = visitTail(oneVisit({ kind: 'pollaczek-khinchine', arrivalRate: lambda, service }, service), 2)!;
    for (const t of [0.05, 0.2, 0.5, 1, 1.9]) {
      const r = tail(t)!;
      expect(Math.abs(r.survival / Math.exp(-(mu - lambda) * t) - 1)).toBeLessThan(1e-3);
      expect(Math.abs(r.density / ((mu - lambda) * Math.exp(-(mu - lambda) * t)) - 1)).toBeLessThan(2e-3);
    }
  });

  it('an exponential wait with an atom before an Erlang-64: the closed form with the shifted rate', () => {
    // P(E + X > t) = P(X > t) + e^{−θt}(r/(r − θ))^k·P(Erlang(k, r − θ) ≤ t), E ~ Exp(θ), X ~ Erlang(k, r), r > θ.
    const k = 64;
    const r = 64 / 0.485;
    const c = 0.4;
    const theta = 5;
    const exact = (t: number) => (1 - c) * erlangSurvival(k, r, t) + c * (erlangSurvival(k, r, t) + Math.exp(-theta * t + k * Math.log(r / (r - theta))) * (1 - erlangSurvival(k, r - theta, t)));
    const tail = visitTail(oneVisit({ kind: 'exponential', waitProbability: c, conditionalRate: theta }, { branches: [{ probability: 1, phases: k, rate: r }] }, 0.01), 3)!;
    for (const t of [0.3, 0.5, 0.6, 0.8, 1.2, 2]) expect(Math.abs(tail(t + 0.01)!.survival - exact(t))).toBeLessThan(1e-3 * exact(t) + 1e-9);
    expect(tail(0.005)).toEqual({ survival: 1, density: 0 });
    expect(tail(3.5)).toBeNull();
  });

  it('is null for a path of more than one visit', () => {
    const model = oneVisit({ kind: 'exponential', waitProbability: 0.5, conditionalRate: 2 }, sharp);
    expect(visitTail({ ...model, root: { kind: 'visit', stage: 0, counts: [{ count: 2, probability: 1 }] } }, 3)).toBeNull();
  });

  const n = 1_000_000;
  for (const [rho, seed] of [[0.1, 11], [0.5, 12], [0.9, 13]] as const) {
    it(`M/G/1 behind two near-deterministic operations far apart, ρ = ${rho}: the simulated p95`, () => {
      const lambda = rho / lawMean(sharp);
      const model = oneVisit({ kind: 'pollaczek-khinchine', arrivalRate: lambda, service: sharp }, sharp);
      const sim = quantileInterval(lindleyResponses(lambda, sharp, n, seed), 0.95);
      // About where the plan puts it (Cantelli's bound, ~1.7× the p95 at ρ = 0.9): the grid spans the horizon, so its step grows with it.
      const horizon = 2 * sim.high;
      // A quantile search's tail (target 1 − p): far from the root only the side of the bracket matters.
      const tail = visitTail(model, horizon, 0.05)!;
      const p95 = bisect((t) => tail(t)!.survival, 0.95, 0, horizon);
      expect(p95).toBeGreaterThan(sim.low * (1 - 1e-3));
      expect(p95).toBeLessThan(sim.high * (1 + 1e-3));
      // The plan's figure: today's transforms settle at ρ = 0.9 (the wait smooths the sharp service), and it is the same figure.
      const plan = pathLatency(model, 0.95);
      expect(plan.inversion).not.toBe('cantelli');
      expect(Math.abs(plan.percentileS / p95 - 1)).toBeLessThan(1e-3);
    });
  }

  it("a timeout's late fraction where the transforms do not settle (ρ = 0.3)", () => {
    const lambda = 0.3 / lawMean(sharp);
    const model = oneVisit({ kind: 'pollaczek-khinchine', arrivalRate: lambda, service: sharp }, sharp);
    const late = checkedSurvival(model, 0.8);
    expect(late.inversion).toBe('time-domain');
    const sim = fractionInterval(lindleyResponses(lambda, sharp, 400_000, 21), 0.8);
    expect(late.survival).toBeGreaterThan(sim.low);
    expect(late.survival).toBeLessThan(sim.high);
  });

  it('an M/G/c-style wait (exponential with an atom) before the sharp mixture: not the bound, and the Monte Carlo p95', () => {
    const c = 0.3;
    const theta = 10;
    const model = oneVisit({ kind: 'exponential', waitProbability: c, conditionalRate: theta }, sharp);
    const plan = pathLatency(model, 0.95);
    expect(plan.inversion).toBe('time-domain');
    const u = seededUniform(31);
    const s = lawSampler(sharp, u);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = (u() < c ? -Math.log(u()) / theta : 0) + s();
    const sim = quantileInterval(values, 0.95);
    expect(plan.percentileS).toBeGreaterThan(sim.low);
    expect(plan.percentileS).toBeLessThan(sim.high);
  });
});
