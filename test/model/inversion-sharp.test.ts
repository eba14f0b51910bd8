/**
 * The path percentile of near-deterministic laws (cv ≤ 0.125, fitted as a 64-phase Erlang):
 * Talbot's contour of 18 points cannot follow a law that sharp (its survival came out 1, 0, 1, 0
 * across the mean), so such paths are checked, and where needed solved, by the Fourier series
 * (src/model/fourier.ts). References: closed forms (a sum of Erlangs of one rate is an Erlang; a
 * constant shift adds) and, for queues' waits and mixtures, a seeded Monte Carlo with a binomial
 * confidence interval. The contour stays for smooth laws: a property test holds it to the series.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { lawSampler, seededUniform } from '../support/queue-sim.js';
import { seriesTail } from '../../src/model/fourier.js';
import { contourTail, groupedTail } from '../../src/model/inversion.js';
import { checkContour } from '../../src/model/talbot.js';
import { CONTOUR_SHARPNESS, pathLatency, pathSurvival, visitCounts } from '../../src/model/path-latency.js';
import { pathMoments, type PathModel, type PathNode, type PathStageLaw } from '../../src/model/path-tree.js';
import { pathSharpness } from '../../src/model/sharpness.js';
import { fitLaw, type ServiceLaw } from '../../src/model/service-law.js';
import { bisect, erlangSurvival, groupsOf } from '../support/inversion-reference.js';

const noWait = { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 };

/** A sequence of stages, each visited once. */
function sequence(stages: PathStageLaw[]): PathModel {
  return { stages, root: { kind: 'sequence', items: stages.map((_, i) => ({ kind: 'visit' as const, stage: i, counts: [{ count: 1, probability: 1 }] })) } };
}

const stage = (meanS: number, scv: number, delayS = 0): PathStageLaw => ({ wait: noWait, service: fitLaw(meanS, scv), constantDelayS: delayS });

describe('near-deterministic paths against closed forms', () => {
  const cases: { name: string; model: PathModel; survival: (t: number) => number; hiS: number; ps?: number[] }[] = [
    { name: 'one stage, cv 0.1 (Erlang-64, mean 1 s)', model: sequence([stage(1, 0.01)]), survival: (t) => erlangSurvival(64, 64, t), hiS: 3 },
    // Two Erlang-64 stages of one rate with a 1 s delay each: 2 s + Erlang-128.
    { name: 'two such stages, each behind a 1 s constant delay', model: sequence([stage(1, 0.01, 1), stage(1, 0.01, 1)]), survival: (t) => erlangSurvival(128, 64, t - 2), hiS: 6 },
    { name: 'ten stages of 0.1 s, cv 0 (Erlang-640)', model: sequence(Array.from({ length: 10 }, () => stage(0.1, 0))), survival: (t) => erlangSurvival(640, 640, t), hiS: 3 },
    {
      // One or two visits (½ each) of a stage with a 1 s delay: ½·S₆₄(t − 1) + ½·S₁₂₈(t − 2), two shift groups.
      name: 'a stage visited once or twice behind a 1 s delay',
      model: { stages: [stage(1, 0.01, 1)], root: { kind: 'visit', stage: 0, counts: visitCounts(1.5) } },
      survival: (t) => 0.5 * erlangSurvival(64, 64, t - 1) + 0.5 * erlangSurvival(128, 64, t - 2),
      hiS: 8,
      // Not p50: P(T > t) = ½ on a whole interval between the two groups.
      ps: [0.05, 0.25, 0.75, 0.95, 0.999],
    },
  ];

  for (const c of cases) {
    it(`${c.name}: the survival and the percentiles are the closed form's`, () => {
      for (let i = 1; i <= 40; i++) {
        const t = (i / 40) * c.hiS;
        expect(Math.abs(pathSurvival(c.model, t) - c.survival(t)), `P(T > ${t})`).toBeLessThanOrEqual(1e-9);
      }
      for (const p of c.ps ?? [0.05, 0.5, 0.95, 0.99, 0.999]) {
        const got = pathLatency(c.model, p);
        const want = bisect(c.survival, p, 0, c.hiS);
        expect(got.method).toBe('exact');
        expect(got.inversion).toBe('series');
        expect(Math.abs(got.percentileS - want) / want, `p${p * 100}: ${got.percentileS} vs ${want}`).toBeLessThanOrEqual(1e-8);
      }
    });
  }

  it('a 1 ms cv-0.1 stage behind a wait of mean 10 s: far past the sharp part, where the series would need too many terms, the contour', () => {
    // X ~ Erlang(64, r), Y ~ Exp(θ) with probability C: P(X + Y > t) = S_X(t) + e^{−θt}·(r/(r − θ))^64·P(Erlang(64, r − θ) ≤ t)
    // (∫₀ᵗ f_X(x)·e^{−θ(t−x)} dx, the Erlang density times e^{θx} being (r/(r − θ))^64 times Erlang(64, r − θ)'s).
    const r = 64000;
    const theta = 0.1;
    const c = 0.7;
    const model = sequence([{ wait: { kind: 'exponential', waitProbability: c, conditionalRate: theta }, service: fitLaw(0.001, 0.01), constantDelayS: 0 }]);
    const survival = (t: number) => erlangSurvival(64, r, t) + c * Math.exp(-theta * t) * (r / (r - theta)) ** 64 * (1 - erlangSurvival(64, r - theta, t));
    for (const p of [0.2, 0.5, 0.95, 0.99]) {
      const got = pathLatency(model, p);
      const want = bisect(survival, p, 0, 100);
      expect(got.inversion).not.toBe('cantelli');
      expect(Math.abs(got.percentileS - want) / want, `p${p * 100}: ${got.percentileS} vs ${want}`).toBeLessThanOrEqual(1e-8);
    }
  });

  it('two contours (N = 36, 48) that agree to 1e-10 are right: Erlang-k, k = 17 … 4,000, across the band where the contour fails', () => {
    let agreed = 0;
    for (let k = 17; k <= 4000; k = Math.ceil(k * 1.3)) {
      const model = sequence([{ wait: noWait, service: { branches: [{ probability: 1, phases: k, rate: 1 }] }, constantDelayS: 0 }]);
      const { groups, transform } = groupsOf(model);
      for (let lr = -1; lr <= 4; lr += 0.02) {
        const tau = 10 ** lr;
        const a = contourTail(groups[0]!, 0, transform, tau).survival;
        const b = contourTail(groups[0]!, 0, transform, tau, checkContour()).survival;
        if (!(Math.abs(a - b) <= 1e-10 && a >= -1e-10 && a <= 1 + 1e-10)) continue;
        agreed++;
        expect(Math.abs(a - erlangSurvival(k, 1, tau)), `k ${k}, τ ${tau}`).toBeLessThanOrEqual(5e-9);
      }
    }
    expect(agreed).toBeGreaterThan(1000);
  });

  it('the contour alone is wrong on these laws (why the series is needed)', () => {
    const model = cases[1]!.model;
    const { groups, transform } = groupsOf(model);
    // At the mean of 4 s the contour's survival is out by orders of magnitude more than its ~1e-13 on smooth laws.
    expect(Math.abs(groupedTail(groups, transform, 3.6).survival - cases[1]!.survival(3.6))).toBeGreaterThan(0.1);
    expect(pathSharpness(model)).toBeGreaterThan(CONTOUR_SHARPNESS);
  });
});

describe('near-deterministic paths with queues, delays and alternatives against a seeded Monte Carlo', () => {
  it('the percentiles cut the simulated sample where they should (binomial 99.999 % interval)', () => {
    // A: cv 0.1 service behind an M/M/c-like wait (atom 0.6, Exp(20) with 0.4), 50 ms delay.
    // B: cv 0 service (Erlang-64) visited twice, 10 ms delay each visit.
    // C: one request in three, an exponential 0.3 s stage behind a wait.
    const a: PathStageLaw = { wait: { kind: 'exponential', waitProbability: 0.4, conditionalRate: 20 }, service: fitLaw(0.5, 0.01), constantDelayS: 0.05 };
    const b: PathStageLaw = { wait: noWait, service: fitLaw(0.2, 0), constantDelayS: 0.01 };
    const c: PathStageLaw = { wait: { kind: 'exponential', waitProbability: 0.3, conditionalRate: 5 }, service: fitLaw(0.3, 1), constantDelayS: 0.02 };
    const items: PathNode[] = [
      { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] },
      { kind: 'visit', stage: 1, counts: [{ count: 2, probability: 1 }] },
      { kind: 'choice', branches: [{ probability: 1 / 3, node: { kind: 'visit', stage: 2, counts: [{ count: 1, probability: 1 }] } }] },
    ];
    const model: PathModel = { stages: [a, b, c], root: { kind: 'sequence', items } };
    const u = seededUniform(20261126);
    const service = [a, b, c].map((st) => lawSampler(st.service, u));
    const wait = (st: PathStageLaw) => (st.wait.kind === 'exponential' && u() < st.wait.waitProbability ? -Math.log(u()) / st.wait.conditionalRate : 0);
    const n = 100_000;
    const sample = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = wait(a) + service[0]!() + a.constantDelayS;
      for (let v = 0; v < 2; v++) t += wait(b) + service[1]!() + b.constantDelayS;
      if (u() < 1 / 3) t += wait(c) + service[2]!() + c.constantDelayS;
      sample[i] = t;
    }
    for (const p of [0.05, 0.5, 0.95, 0.99]) {
      const got = pathLatency(model, p);
      expect(got.inversion).not.toBe('cantelli');
      const above = sample.reduce((k, t) => k + (t > got.percentileS ? 1 : 0), 0) / n;
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs(above - (1 - p)), `p${p * 100} = ${got.percentileS}: ${above} of the sample above`).toBeLessThanOrEqual(4.5 * se);
    }
  });
});

const anyLaw = (scvs: readonly number[]) =>
  fc
    .record({
      meanS: fc.double({ min: 1e-3, max: 5, noNaN: true }),
      scv: fc.constantFrom(...scvs),
      waitProbability: fc.constantFrom(0, 0.2, 0.7),
      conditionalRate: fc.double({ min: 0.1, max: 100, noNaN: true }),
      delayS: fc.constantFrom(0, 0, 0.01, 0.3),
    })
    .map(({ meanS, scv, waitProbability, conditionalRate, delayS }): PathStageLaw => ({ wait: { kind: 'exponential', waitProbability, conditionalRate }, service: fitLaw(meanS, scv), constantDelayS: delayS }));

const pathOf = (scvs: readonly number[], most: number) =>
  fc.array(fc.record({ law: anyLaw(scvs), visits: fc.constantFrom(1, 1, 1.5, 2), branch: fc.constantFrom(1, 1, 0.6) }), { minLength: 1, maxLength: most }).map((parts): PathModel => {
    const items: PathNode[] = parts.map(({ visits, branch }, i) => {
      const visit: PathNode = { kind: 'visit', stage: i, counts: visitCounts(visits) };
      return branch === 1 ? visit : { kind: 'choice', branches: [{ probability: branch, node: visit }] };
    });
    return { stages: parts.map((x) => x.law), root: { kind: 'sequence', items } };
  });

describe('which inversion a path gets', () => {
  it('the contour where it is trusted (sharpness ≤ 16) agrees with the series to 1e-9', () => {
    fc.assert(
      fc.property(pathOf([0.0625, 0.1, 0.3, 1, 4], 4), fc.constantFrom(0.3, 0.7, 1, 1.5, 3), (model, at) => {
        fc.pre(pathSharpness(model) <= CONTOUR_SHARPNESS);
        const { groups, transform } = groupsOf(model);
        const t = at * pathLatency(model, 0.5).percentileS;
        const series = seriesTail(groups, transform, t);
        expect(series).not.toBeNull();
        expect(Math.abs(groupedTail(groups, transform, t).survival - series!.survival)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('any path, near-deterministic stages included: the percentile is a root of the series survival, and the survival is monotone', () => {
    fc.assert(
      fc.property(pathOf([0, 0.01, 0.03, 0.1, 1, 4], 5), fc.constantFrom(0.5, 0.95, 0.999), (model, p) => {
        const got = pathLatency(model, p);
        if (got.inversion === 'cantelli') {
          // A near-deterministic stage beside one ~100 times slower: neither method resolves it, and the bound says so.
          const m = pathMoments(model);
          expect(got.method).toBe('bound');
          expect(got.percentileS).toBeCloseTo(m.meanS + Math.sqrt(m.varianceS2 * (p / (1 - p))), 9);
          return;
        }
        const { groups, transform } = groupsOf(model);
        // The series alone, where it settles (far beyond a sharp part it would need more terms than it takes: there the contour is right and used).
        const series = seriesTail(groups, transform, got.percentileS);
        // Within 1e-8, or (the contour's root kept) within 1e-7 of the series' root.
        const tolerance = Math.max(1e-8, 1.5e-7 * got.percentileS * (series?.density ?? 0));
        expect(Math.abs((series ?? { survival: pathSurvival(model, got.percentileS) }).survival - (1 - p))).toBeLessThanOrEqual(tolerance);
        let last = 1;
        for (let i = 1; i <= 6; i++) {
          const s = pathSurvival(model, (i / 4) * got.percentileS);
          expect(s).toBeLessThanOrEqual(last + 1e-9);
          last = s;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a law too sharp for the series as well: the Cantelli bound, said so', () => {
    // Erlang with 10^10 phases, mean 1 s (σ = 1e-5 s): the series would need ~250,000 terms.
    const law: ServiceLaw = { branches: [{ probability: 1, phases: 1e10, rate: 1e10 }] };
    const model = sequence([{ wait: noWait, service: law, constantDelayS: 0 }]);
    const got = pathLatency(model, 0.95);
    expect(got.inversion).toBe('cantelli');
    expect(got.method).toBe('bound');
    // Cantelli: q_p ≤ m + σ·√(p/(1 − p)), here 1 + 1e-5·√19.
    expect(got.percentileS).toBeCloseTo(1 + 1e-5 * Math.sqrt(19), 10);
  });
});
