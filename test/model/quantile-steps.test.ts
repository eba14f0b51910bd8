/**
 * The steps of the percentile search (src/model/inversion.ts's newtonNear): on ln P(T > t), and
 * Halley's where the contour gives the density's derivative f'(t) from the same transform values.
 * References: Erlang's closed-form density and its derivative, quantiles by bisection on the
 * closed form, and the count of tail evaluations the search needs from the moments' start.
 */
import { describe, expect, it } from 'vitest';
import { contourTail, groupedTail, quantileFromSurvival, type Tail } from '../../src/model/inversion.js';
import { pathMoments, type PathModel } from '../../src/model/path-tree.js';
import { fitLaw } from '../../src/model/service-law.js';
import { bisect, erlangSurvival, groupsOf } from '../support/inversion-reference.js';

/** ln of (k − 1)!. */
const logFactorial = (n: number) => Array.from({ length: n }, (_, i) => Math.log(i + 1)).reduce((a, b) => a + b, 0);

/** Erlang(k, r)'s density r^k t^{k−1} e^{−rt}/(k − 1)! and its derivative, (k − 1 − rt)/t times the density. */
function erlangDensity(k: number, r: number, t: number): { density: number; slope: number } {
  const density = Math.exp(k * Math.log(r) + (k - 1) * Math.log(t) - r * t - logFactorial(k - 1));
  return { density, slope: ((k - 1 - r * t) / t) * density };
}

/** Erlang(k, r)'s transform (r/(r + s))^k, as one shift group of mass 1 and no atom. */
function erlangGroup(k: number, r: number) {
  const transform = (_: number, s: { re: number; im: number }) => {
    // (r/(r + s))^k by repeated complex products.
    const dRe = r + s.re;
    const dIm = s.im;
    const n = dRe * dRe + dIm * dIm;
    const bRe = (r * dRe) / n;
    const bIm = (-r * dIm) / n;
    let re = 1;
    let im = 0;
    for (let j = 0; j < k; j++) [re, im] = [re * bRe - im * bIm, re * bIm + im * bRe];
    return { re, im };
  };
  return { group: { shiftS: 0, mass: 1, atom: 0 }, transform };
}

describe("the density's derivative on the contour", () => {
  it("is Erlang's closed form, for one to sixteen phases", () => {
    for (const k of [1, 3, 8, 16]) {
      const r = 5;
      const { group, transform } = erlangGroup(k, r);
      for (const x of [0.2, 1, 3, 8, 20]) {
        const t = x / r;
        const exact = erlangDensity(k, r, t);
        const tail = contourTail(group, 0, transform, t);
        // The contour resolves these laws to ~1e-12 of the survival (talbot.ts); its derivative, whose
        // transform grows by a factor s, to a few units in 1e-9 of the density's scale r.
        expect(Math.abs(tail.density - exact.density)).toBeLessThan(1e-9 * r);
        expect(Math.abs(tail.slope - exact.slope)).toBeLessThan(1e-7 * r * r);
        expect(Math.abs(tail.survival - erlangSurvival(k, r, t))).toBeLessThan(1e-10);
      }
    }
  });
});

/** A path of `means.length` M/M/c-like stages in a row (exponential service behind an exponential wait with an atom), each visited once. */
function stagesInRow(means: number[]): PathModel {
  return {
    stages: means.map((m) => ({ wait: { kind: 'exponential' as const, waitProbability: 0.2, conditionalRate: 2 / m }, service: fitLaw(m, 1), constantDelayS: 0 })),
    root: { kind: 'sequence', items: means.map((_, stage) => ({ kind: 'visit' as const, stage, counts: [{ count: 1, probability: 1 }] })) },
  };
}

describe('the percentile search', () => {
  const paths: [string, PathModel][] = [
    ['one stage', stagesInRow([0.05])],
    ['five stages of one size', stagesInRow([0.2, 0.2, 0.2, 0.2, 0.2])],
    ['five stages of mixed sizes', stagesInRow([0.002, 0.4, 0.03, 1.2, 0.08])],
    ['an agent behind a fast API', stagesInRow([0.01, 1.8])],
  ];
  for (const [name, model] of paths) {
    for (const p of [0.5, 0.95, 0.99, 0.999]) {
      it(`${name}, p${p * 100}: the bisected root, in two evaluations from the moments' start`, () => {
        const { groups, transform } = groupsOf(model);
        const m = pathMoments(model);
        const hints = { minS: 0, meanS: m.meanS, varianceS2: m.varianceS2 };
        const exact = bisect((t) => groupedTail(groups, transform, t).survival, p, 0, 100 * m.meanS);
        let calls = 0;
        const tailAt = (t: number): Tail => {
          calls++;
          return groupedTail(groups, transform, t);
        };
        const q = quantileFromSurvival((t) => groupedTail(groups, transform, t).survival, p, hints, tailAt);
        // Both solve the same inverted survival, known to ~1e-11 relative (talbot.ts).
        expect(Math.abs(q / exact - 1)).toBeLessThan(1e-11);
        // Newton's steps on P(T > t) took three to four from a start a few per cent off (four on the
        // largest bundled plan's path); steps on ln P(T > t), near straight for a tail near
        // exponential (Halley's, with f'), land within ~1e-13 on that path, and the second
        // evaluation confirms it.
        expect(calls).toBe(2);
      });
    }
  }

  it("takes no more evaluations with Halley's steps than without", () => {
    let withSlope = 0;
    let withoutSlope = 0;
    for (const [, model] of paths) {
      const { groups, transform } = groupsOf(model);
      const m = pathMoments(model);
      const hints = { minS: 0, meanS: m.meanS, varianceS2: m.varianceS2 };
      for (const p of [0.5, 0.95, 0.99, 0.999]) {
        quantileFromSurvival((t) => groupedTail(groups, transform, t).survival, p, hints, (t) => {
          withSlope++;
          return groupedTail(groups, transform, t);
        });
        quantileFromSurvival((t) => groupedTail(groups, transform, t).survival, p, hints, (t) => {
          withoutSlope++;
          const { survival, density } = groupedTail(groups, transform, t);
          return { survival, density };
        });
      }
    }
    expect(withSlope).toBeLessThanOrEqual(withoutSlope);
  });
});
