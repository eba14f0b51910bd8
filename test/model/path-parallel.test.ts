import { describe, expect, it } from 'vitest';
import { pathLatency, pathSurvival, pathTimeMoments } from '../../src/model/path-latency.js';
import type { PathModel, PathNode } from '../../src/model/path-tree.js';
import { exponentialLaw } from '../../src/model/service-law.js';
import { brentRoot } from '../../src/model/root.js';

/** Bare Exp(1/meanS) stages (no wait), one per mean. */
function stages(meansS: readonly number[]): PathModel['stages'] {
  return meansS.map((m) => ({ wait: { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 }, service: exponentialLaw(m), constantDelayS: 0 }));
}

const visit = (stage: number): PathNode => ({ kind: 'visit', stage, counts: [{ count: 1, probability: 1 }] });

/** The p-quantile of a CDF given in closed form. */
function quantile(cdf: (t: number) => number, p: number, hi: number): number {
  return brentRoot((t) => cdf(t) - p, 0, hi, cdf(0) - p, cdf(hi) - p);
}

describe('fork-join: the max of independent members', () => {
  it('two Exp(1/10 ms) members: mean 15 ms, p95 solves (1 − e^{−t/10})² = 0.95 (t ≈ 36.76 ms)', () => {
    const model: PathModel = { stages: stages([0.01, 0.01]), root: { kind: 'parallel', members: [visit(0), visit(1)] } };
    const r = pathLatency(model, 0.95);
    const closed = -0.01 * Math.log(1 - Math.sqrt(0.95));
    expect(closed).toBeCloseTo(0.03676, 5);
    expect(Math.abs(r.percentileS - closed)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(r.meanS - 0.015)).toBeLessThanOrEqual(1e-8);
    expect(r.forkJoin).toBe('max');
    expect(r.method).toBe('exact');
  });

  it('three members of different rates: CDF Π(1 − e^{−λ_i t}), survival and variance', () => {
    const means = [0.02, 0.03, 0.025];
    const model: PathModel = { stages: stages(means), root: { kind: 'parallel', members: [visit(0), visit(1), visit(2)] } };
    const cdf = (t: number) => means.reduce((f, m) => f * (1 - Math.exp(-t / m)), 1);
    for (const p of [0.5, 0.95, 0.99]) expect(Math.abs(pathLatency(model, p).percentileS - quantile(cdf, p, 1))).toBeLessThanOrEqual(1e-9);
    for (const t of [0.01, 0.05, 0.1]) expect(Math.abs(pathSurvival(model, t) - (1 - cdf(t)))).toBeLessThanOrEqual(1e-9);
    // E[max] by inclusion–exclusion: Σ 1/λ_i − Σ 1/(λ_i + λ_j) + 1/(λ_1 + λ_2 + λ_3).
    const l = means.map((m) => 1 / m);
    const mean = l.reduce((s, x) => s + 1 / x, 0) - (1 / (l[0]! + l[1]!) + 1 / (l[0]! + l[2]!) + 1 / (l[1]! + l[2]!)) + 1 / (l[0]! + l[1]! + l[2]!);
    expect(Math.abs(pathTimeMoments(model).meanS - mean)).toBeLessThanOrEqual(1e-8);
  });

  it('a visit before the fork: Exp(a) + max(Exp(b), Exp(b)) against its closed-form CDF (grid convolution)', () => {
    // max(Exp(μ), Exp(μ)) = Exp(2μ) + Exp(μ) (Rényi), so the sum is a hypoexponential of rates a, 2μ, μ.
    const model: PathModel = { stages: stages([0.005, 0.01, 0.01]), root: { kind: 'sequence', items: [visit(0), { kind: 'parallel', members: [visit(1), visit(2)] }] } };
    const rates = [200, 200, 100];
    // P(T > t) of a hypoexponential with rates 200 (twice: an Erlang-2) and 100, by partial fractions.
    const survival = (t: number) => {
      const a = 200;
      const b = 100;
      // T = Erlang(2, a) + Exp(b): f_T = ∫ f_E(x) b e^{−b(t−x)} dx.
      const c = a - b;
      const e2 = (x: number) => Math.exp(-a * x) * (1 + a * x);
      // P(T > t) = P(E > t) + ∫_0^t f_E(x) e^{−b(t−x)} dx, f_E(x) = a² x e^{−ax}.
      const integral = (a * a * Math.exp(-b * t) * (1 - Math.exp(-c * t) * (1 + c * t))) / (c * c);
      return e2(t) + integral;
    };
    expect(rates.length).toBe(3);
    const closed = quantile((t) => 1 - survival(t), 0.95, 1);
    const r = pathLatency(model, 0.95);
    expect(Math.abs(r.percentileS - closed) / closed).toBeLessThanOrEqual(3e-7);
    expect(Math.abs(r.meanS - (0.005 + 0.015))).toBeLessThanOrEqual(1e-8);
    expect(r.forkJoin).toBe('max');
  });

  it('a choice of a fork mixes its CDF; a path without parallel nodes is untouched', () => {
    const model: PathModel = { stages: stages([0.01, 0.01]), root: { kind: 'choice', branches: [{ probability: 0.5, node: { kind: 'parallel', members: [visit(0), visit(1)] } }] } };
    const cdf = (t: number) => 0.5 + 0.5 * (1 - Math.exp(-t / 0.01)) ** 2;
    expect(Math.abs(pathLatency(model, 0.95).percentileS - quantile(cdf, 0.95, 1))).toBeLessThanOrEqual(1e-9);
    const plain: PathModel = { stages: stages([0.01]), root: visit(0) };
    expect(pathLatency(plain, 0.95).forkJoin).toBeUndefined();
  });
});

describe('fork-join: a visit read in closed form', () => {
  it('a one-member fork of an M/M/c-like visit (wait, wait factor, constant delay) has the law the contour inverts', () => {
    const stage = { wait: { kind: 'exponential' as const, waitProbability: 0.4, conditionalRate: 60 }, service: exponentialLaw(0.02), constantDelayS: 0.005, waitScale: 0.8 };
    const plain: PathModel = { stages: [stage], root: visit(0) };
    const fork: PathModel = { stages: [stage], root: { kind: 'parallel', members: [visit(0)] } };
    for (const p of [0.5, 0.9, 0.95, 0.99]) expect(Math.abs(pathLatency(fork, p).percentileS - pathLatency(plain, p).percentileS)).toBeLessThanOrEqual(1e-9);
    for (const t of [0.004, 0.01, 0.05, 0.2]) expect(Math.abs(pathSurvival(fork, t) - pathSurvival(plain, t))).toBeLessThanOrEqual(1e-9);
    const choice: PathNode = { kind: 'choice', branches: [{ probability: 0.7, node: visit(0) }] };
    expect(Math.abs(pathLatency({ stages: [stage], root: { kind: 'parallel', members: [choice] } }, 0.95).percentileS - pathLatency({ stages: [stage], root: choice }, 0.95).percentileS)).toBeLessThanOrEqual(1e-9);
  });
});
