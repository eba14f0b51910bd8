/**
 * The simulator against closed forms: each analytic value must lie in the simulation's confidence
 * interval, widened by the report's stated tolerance (2 % of the value, or a small floor) — the
 * test `capplan simulate` applies to the plan. The tests use 99 % intervals, so that a correct
 * simulator misses a given check for about 1 seed in 100 (at 95 %, 1 in 20 would). Seeds are
 * fixed, so the tests are deterministic; requests are kept modest for test time.
 */
import { describe, expect, it } from 'vitest';
import { erlangC } from '../../src/model/queueing.js';
import { histogramQuantile, FINE } from '../../src/simulate/histogram.js';
import type { ReplicationResult } from '../../src/simulate/result.js';
import { runReplications } from '../../src/simulate/runner.js';
import { compare, interval, TOLERANCES, type Interval, type Tolerance } from '../../src/simulate/stats.js';
import { model, single, station, steady, visit } from './helpers.js';

type Metric = (r: ReplicationResult) => number;
const util: Metric = (r) => r.busyInt[0]! / r.aliveServersInt[0]!;
const meanResp = (k = 0): Metric => (r) => r.sumResp[k]! / r.count[k]!;
const meanWait = (k = 0): Metric => (r) => r.sumWait[k]! / r.count[k]!;
const pWait: Metric = (r) => r.waited[0]! / r.count[0]!;
const queue: Metric = (r) => r.queuedInt[0]! / r.aliveQueuesInt[0]!;
const p95: Metric = (r) => histogramQuantile(FINE, r.hist, 0, 0.95);

/** Asserts that `expected` lies in the interval of `metric` over the replications, widened by the tolerance. */
function expectWithin(results: ReplicationResult[], metric: Metric, expected: number, tolerance: Tolerance = TOLERANCES.meanResponseS): Interval {
  const x = interval(results.map(metric), 0.99)!;
  const c = compare(x, expected, tolerance);
  expect(c.flagged, `expected ${expected} in [${x.lo}, ${x.hi}] ± ${tolerance.relative * 100} %`).toBe(false);
  return x;
}

describe('single stations against closed forms', () => {
  it('M/M/1 (ρ = 0.8): W = 1/(μ − λ), L_q = ρ²/(1 − ρ), P(wait) = ρ, p95 = ln 20/(μ − λ)', () => {
    // Gross & Harris, Fundamentals of Queueing Theory, §2.2: M/M/1 with λ = 0.8, μ = 1.
    const rs = runReplications(single(0.8, { kind: 'exponential', meanS: 1 }), steady(200_000, 10, 7));
    expectWithin(rs, util, 0.8, TOLERANCES.utilization);
    expectWithin(rs, meanResp(), 5);
    expectWithin(rs, queue, 3.2, TOLERANCES.queueLength);
    expectWithin(rs, pWait, 0.8, TOLERANCES.waitProbability);
    expectWithin(rs, p95, Math.log(20) * 5, TOLERANCES.p95S);
  });

  it('M/M/c by Erlang C: c = 4, offered 3 erlangs, C = 0.5094 (Erlang C table)', () => {
    // Iversen, Teletraffic Engineering Handbook, Erlang's delay system: E2,4(3) = 0.5094;
    // W_q = C/(cμ − λ) = 0.5094, W = 1.5094 with μ = 1.
    const rs = runReplications(single(3, { kind: 'exponential', meanS: 1 }, 4), steady(150_000, 10, 3));
    expect(erlangC(4, 3)).toBeCloseTo(0.5094, 4);
    expectWithin(rs, pWait, 0.5094, TOLERANCES.waitProbability);
    expectWithin(rs, meanResp(), 1.5094);
    expectWithin(rs, util, 0.75, TOLERANCES.utilization);
    expectWithin(rs, queue, 3 * 0.5094, TOLERANCES.queueLength);
  });

  it('M/D/1 (ρ = 0.8): W_q = ρ/(2μ(1 − ρ)) = 2', () => {
    // Kleinrock, Queueing Systems vol. 1, §5.6 (P-K with a constant service time).
    const rs = runReplications(single(0.8, { kind: 'deterministic', meanS: 1 }), steady(150_000, 10, 5));
    expectWithin(rs, meanWait(), 2);
    expectWithin(rs, meanResp(), 3);
    expectWithin(rs, queue, 1.6, TOLERANCES.queueLength);
  });

  it.each([
    ['lognormal', 0.5],
    ['phase-type', 0.5],
    ['phase-type', 2],
  ] as const)('M/G/1 with %s service, cv %s (ρ = 0.7): Pollaczek–Khinchine W_q = λE[S²]/(2(1 − ρ))', (kind, cv) => {
    // Kleinrock vol. 1 §5.6, eq. 5.73; E[S²] = (1 + cv²)E[S]².
    const lambda = 0.7;
    const rs = runReplications(single(lambda, { kind, meanS: 1, cv }), steady(cv > 1 ? 500_000 : 150_000, 10, 11));
    expectWithin(rs, meanWait(), (lambda * (1 + cv * cv)) / (2 * (1 - lambda)));
    expectWithin(rs, util, lambda, TOLERANCES.utilization);
  });

  it("Cobham's non-preemptive priorities in M/M/2: W_k = W0/((1 − σ_{k−1})(1 − σ_k)), W0 = C(c, a)/(cμ)", () => {
    // Cobham (1954); Gross & Harris, multiserver non-preemptive priorities. c = 2, μ = 1, λ = 0.6 + 0.8.
    const lambdas = [0.6, 0.8];
    const total = 1.4;
    const w0 = erlangC(2, total) / 2;
    const s1 = 0.6 / 2;
    const s2 = total / 2;
    const expected = [w0 / (1 - s1), w0 / ((1 - s1) * (1 - s2))];
    const m = model(total, [station('q', 1, 2, { sharedQueue: true, classes: ['high', 'low'] })], [{ kind: 'exponential', meanS: 1 }], [
      visit(0, 0, { classShares: lambdas.map((l) => l / total) }),
      { op: 'end' },
    ]);
    const rs = runReplications(m, steady(200_000, 10, 13));
    expectWithin(rs, meanWait(0), expected[0]!);
    expectWithin(rs, meanWait(1), expected[1]!);
  });
});

describe('routing, blocking and retries', () => {
  it('round-robin makes each of n M/M/1 replicas an E_n/M/1 queue: W = 1/(μ(1 − σ)), σ = A*(μ(1 − σ))', () => {
    // GI/M/1 (Kleinrock vol. 1 §6.4): σ is the root in (0, 1) of σ = A*(μ − μσ); Erlang-n gaps of rate λ per phase: A*(s) = (λ/(λ + s))^n.
    const n = 3;
    const lambda = 2.4;
    const mu = 1;
    let sigma = 0.5;
    for (let i = 0; i < 500; i++) sigma = (lambda / (lambda + mu * (1 - sigma))) ** n;
    const rs = runReplications(single(lambda, { kind: 'exponential', meanS: 1 / mu }, 1, n, 'round-robin'), steady(150_000, 10, 17));
    expectWithin(rs, meanResp(), 1 / (mu * (1 - sigma)));
  });

  it('balancing policies order as theory says: pooled M/M/n ≤ least-request ≤ p2c ≤ random, round-robin ≤ random', () => {
    // Four M/M/1 replicas at ρ = 0.85. Random splitting gives four independent M/M/1: W = 1/(1 − 0.85);
    // one shared queue (M/M/4) is the least any policy that sends on arrival can reach.
    const lambda = 3.4;
    const mean = (policy: 'random' | 'round-robin' | 'least-request' | 'p2c') => {
      const rs = runReplications(single(lambda, { kind: 'exponential', meanS: 1 }, 1, 4, policy), steady(150_000, 10, 31));
      return interval(rs.map(meanResp()), 0.99)!;
    };
    const random = mean('random');
    const rr = mean('round-robin');
    const p2c = mean('p2c');
    const lr = mean('least-request');
    const pooled = erlangC(4, lambda) / (4 - lambda) + 1;
    expect(compare(random, 1 / (1 - 0.85), TOLERANCES.meanResponseS).flagged).toBe(false);
    expect(lr.lo).toBeGreaterThan(pooled * 0.98);
    expect(lr.hi).toBeLessThan(p2c.lo);
    expect(p2c.hi).toBeLessThan(random.lo);
    expect(rr.hi).toBeLessThan(random.lo);
  });

  it('a blocking call holds the caller: M/G/1 with S = own Exp(mean 0.5) + a 0.3 s callee (P-K)', () => {
    // Caller service = Exp(0.5) + 0.3: E[S] = 0.8, E[S²] = 0.25 + 0.64 = 0.89; λ = 1: W_q = 0.89/(2 · 0.2) = 2.225.
    const m = model(1, [station('caller', 1, 1), station('callee', 1, 10_000)], [{ kind: 'exponential', meanS: 0.5 }, { kind: 'deterministic', meanS: 0.3 }], [
      visit(0, 0, { hold: true, skipTo: 3 }),
      visit(1, 1),
      { op: 'release' },
      { op: 'end' },
    ]);
    const rs = runReplications(m, steady(300_000, 10, 19));
    expectWithin(rs, meanWait(0), 2.225);
    expectWithin(rs, meanResp(0), 2.225 + 0.8);
    expectWithin(rs, util, 0.8, TOLERANCES.utilization);
  });

  it('exclusive alternatives split the load by their probabilities (each an M/M/1)', () => {
    const m = model(1, [station('a', 1, 1), station('b', 1, 1)], [{ kind: 'exponential', meanS: 1 }], [
      { op: 'branch', targets: [1, 3], probabilities: [0.3, 0.7] },
      visit(0, 0),
      { op: 'jump', target: 4 },
      visit(1, 0),
      { op: 'end' },
    ]);
    const rs = runReplications(m, steady(150_000, 10, 23));
    expectWithin(rs, (r) => r.sumResp[0]! / r.count[0]!, 1 / (1 - 0.3));
    expectWithin(rs, (r) => r.sumResp[1]! / r.count[1]!, 1 / (1 - 0.7));
  });

  it('retries amplify the load by Σ p^k and fail a share p^attempts of calls', () => {
    // 3 attempts, each failing with p = 0.2: expected attempts 1 + p + p² = 1.24; all fail w.p. p³ = 0.008.
    const m = model(0.5, [station('q', 1, 1)], [{ kind: 'exponential', meanS: 1 }], [visit(0, 0, { attempts: 3, failProbability: 0.2 }), { op: 'end' }]);
    const rs = runReplications(m, steady(150_000, 10, 29));
    expectWithin(rs, util, 0.5 * 1.24, TOLERANCES.utilization);
    expectWithin(rs, (r) => r.failed.exhausted / (r.failed.exhausted + r.e2eCount), 0.008, { relative: 0.02, absolute: 0.001 });
  });
});
