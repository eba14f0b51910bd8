/**
 * When the N = 36 contour's root is trusted without the Fourier series (path-latency.ts,
 * contourRootStands): where N = 36 and 48 differ, a third contour (N = 64) that agrees with N = 48
 * to 1e-10 shows N = 48 within 1e-9 of the law, so N = 36's error is known. References: the closed
 * form of Erlang-k and, for sums of many stages, the Fourier series (fourier.ts, 1e-10).
 */
import { describe, expect, it } from 'vitest';
import { seriesTail } from '../../src/model/fourier.js';
import { contourTail, groupedTail } from '../../src/model/inversion.js';
import { checkedSurvival, pathLatency, visitCounts } from '../../src/model/path-latency.js';
import { pathMoments, type PathModel, type PathStageLaw } from '../../src/model/path-tree.js';
import { fitLaw } from '../../src/model/service-law.js';
import { checkContour, contour, thirdContour } from '../../src/model/talbot.js';
import { seededUniform } from '../support/queue-sim.js';
import { erlangSurvival, groupsOf } from '../support/inversion-reference.js';

/** P(T > t) on one contour, every group summed, unclamped. */
function reading(model: PathModel, t: number, nodes: typeof contour): number {
  const { groups, transform } = groupsOf(model);
  return groups.reduce((sum, g, i) => {
    const tau = t - g.shiftS;
    return sum + (tau < 0 ? g.mass : tau === 0 ? g.mass - g.atom : contourTail(g, i, transform, tau, nodes).survival);
  }, 0);
}

const noWait = { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 };
const sequence = (stages: PathStageLaw[]): PathModel => ({ stages, root: { kind: 'sequence', items: stages.map((_, i) => ({ kind: 'visit' as const, stage: i, counts: [{ count: 1, probability: 1 }] })) } });

/** n stages of seeded means (5 ms × spread^u), cvs (1, 0.5, 2, and cv 0.1 one time in `sharpEvery`), waits and delays. */
function manyStages(n: number, spread: number, seed: number, sharpEvery = Infinity, delayS = 0): PathModel {
  const u = seededUniform(seed);
  return sequence(
    Array.from({ length: n }, (_, i) => ({
      wait: { kind: 'exponential' as const, waitProbability: u() < 0.5 ? 0 : 0.3 * u(), conditionalRate: 20 * spread ** u() },
      service: fitLaw(0.005 * spread ** u(), i % sharpEvery === sharpEvery - 1 ? 0.01 : [1, 0.25, 4][Math.floor(u() * 3)]!),
      constantDelayS: i % 7 === 0 ? delayS : 0,
    })),
  );
}

describe('a third contour settles the second', () => {
  it('where N = 48 and N = 64 agree to 1e-10, N = 48 is within 1e-9 of the law: Erlang-k (closed form), sums of 5 … 800 stages (series)', () => {
    const cases: [string, PathModel, ((t: number) => number) | null][] = [];
    for (let k = 17; k <= 4000; k = Math.ceil(k * 1.6)) cases.push([`Erlang-${k}`, sequence([{ wait: noWait, service: { branches: [{ probability: 1, phases: k, rate: k }] }, constantDelayS: 0 }]), (t) => erlangSurvival(k, k, t)]);
    for (const n of [5, 50, 200, 800]) for (const spread of [1.2, 2, 100]) cases.push([`${n} stages, spread ${spread}`, manyStages(n, spread, n * 7 + spread), null]);
    let settled = 0;
    for (const [name, model, exact] of cases) {
      const { groups, transform } = groupsOf(model);
      const m = pathMoments(model).meanS;
      // Beyond ~2.5 means the series' own roundoff (~1e-9 on a survival near 0) is the larger error.
      for (let lr = -1.5; lr <= (exact ? 1.5 : 0.4); lr += 0.03) {
        const t = m * 10 ** lr;
        const b = reading(model, t, checkContour());
        const c = reading(model, t, thirdContour());
        if (!(Math.abs(b - c) <= 1e-10 && b >= -1e-10 && b <= 1 + 1e-10)) continue;
        const want = exact ? exact(t) : seriesTail(groups, transform, t)?.survival;
        if (want === undefined) continue;
        settled++;
        expect(Math.abs(b - want), `${name}, t = ${t}`).toBeLessThanOrEqual(1e-9);
      }
    }
    expect(settled).toBeGreaterThan(800);
  });
});

/**
 * A path like the synthetic 1,000-component profile's (scripts/synthetic-profile.mjs): `n` stages,
 * each visited once with a probability of 0.5–15 % (else skipped), services of 10–70 ms (cv 1; cv 0.1
 * one time in `sharpEvery`), a wait one time in three, a `delayS` constant delay one time in 97.
 * Its pole clusters reach order ~n (rates within a factor of two), so pathSharpness sends it to the check.
 */
function longPath(n: number, seed: number, sharpEvery = Infinity, delayS = 0): PathModel {
  const u = seededUniform(seed);
  const stages: PathStageLaw[] = Array.from({ length: n }, (_, i) => ({
    wait: { kind: 'exponential' as const, waitProbability: u() < 1 / 3 ? 0.1 * u() : 0, conditionalRate: 20 + 200 * u() },
    service: fitLaw(0.01 + 0.06 * u(), i % sharpEvery === sharpEvery - 1 ? 0.01 : 1),
    constantDelayS: i % 97 === 0 ? delayS : 0,
  }));
  return {
    stages,
    root: { kind: 'sequence', items: stages.map((_, i) => ({ kind: 'visit' as const, stage: i, counts: visitCounts(0.005 + 0.145 * u()) })) },
  };
}

describe('long paths: the N = 36 root stands where the third contour bounds its error, the series runs where it is needed', () => {
  const cases: [string, PathModel][] = [
    ['830 stages, each visited with a probability', longPath(830, 1)],
    ['400 such stages', longPath(400, 2)],
    ['830 such stages, one in 50 cv 0.1', longPath(830, 3, 50)],
    ['600 such stages, one in 97 behind a 10 ms delay', longPath(600, 4, Infinity, 0.01)],
  ];
  it("the percentile is the series' root to 1e-7, by the contour, and the third contour decided at least half of them", () => {
    let decided = 0;
    for (const [name, model] of cases) {
      const { groups, transform } = groupsOf(model);
      for (const p of [0.5, 0.95, 0.99]) {
        const got = pathLatency(model, p);
        expect(got.inversion, `${name}, p${p * 100}`).toBe('contour');
        const at = seriesTail(groups, transform, got.percentileS)!;
        // The series' Newton step to its root, relative to the root.
        expect(Math.abs((at.survival - (1 - p)) / at.density) / got.percentileS, `${name}, p${p * 100}`).toBeLessThanOrEqual(1e-7);
        // Where N = 36 and 48 differ by more than 1e-10, the old check went to the series.
        if (Math.abs(reading(model, got.percentileS, contour) - reading(model, got.percentileS, checkContour())) > 1e-10) decided++;
      }
    }
    expect(decided).toBeGreaterThanOrEqual(6);
  });

  it('300 exponential stages of 5 … 500 ms (cv 0.1 of the whole): N = 36 is off by more than 1e-7 of the root, and the series corrects it', () => {
    const u = seededUniform(300);
    const model = sequence(Array.from({ length: 300 }, () => ({ wait: noWait, service: fitLaw(0.005 * 100 ** u(), 1), constantDelayS: 0 })));
    const { groups, transform } = groupsOf(model);
    for (const p of [0.5, 0.95]) {
      const got = pathLatency(model, p);
      expect(got.inversion).toBe('series');
      const at = seriesTail(groups, transform, got.percentileS)!;
      expect(Math.abs(at.survival - (1 - p))).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe("checkedSurvival's one pass over the contour", () => {
  it('where the contour is kept, its value is groupedTail\'s to the last bit (the old code evaluated both)', () => {
    let checked = 0;
    for (const [model, scale] of [
      [longPath(300, 5), 1],
      [longPath(200, 6, 10, 0.01), 1],
      [sequence([{ wait: noWait, service: fitLaw(0.1, 0.01), constantDelayS: 0.02 }, { wait: { kind: 'exponential', waitProbability: 0.3, conditionalRate: 4 }, service: fitLaw(0.3, 1), constantDelayS: 0 }]), 1],
    ] as const) {
      const { groups, transform } = groupsOf(model);
      const m = pathMoments(model).meanS * scale;
      for (let i = 1; i <= 30; i++) {
        const t = (i / 12) * m;
        const got = checkedSurvival(model, t);
        if (got.inversion !== 'contour') continue;
        checked++;
        expect(got.survival).toBe(groupedTail(groups, transform, t).survival);
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
