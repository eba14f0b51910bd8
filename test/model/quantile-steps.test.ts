/**
 * The steps of the percentile search (src/model/inversion.ts's newtonNear): on ln P(T > t), and
 * Halley's where the contour gives the density's derivative f'(t) from the same transform values.
 * References: Erlang's closed-form density and its derivative, quantiles by bisection on the
 * closed form, and the count of tail evaluations the search needs from the moments' start.
 */
import { describe, expect, it } from 'vitest';
import { seriesTail } from '../../src/model/fourier.js';
import { contourTail, groupedTail, quantileFromSurvival, type Tail } from '../../src/model/inversion.js';
import { pathLatency } from '../../src/model/path-latency.js';
import { pathMoments, type PathModel } from '../../src/model/path-tree.js';
import { fitLaw, mixLaws } from '../../src/model/service-law.js';
import { bisect, erlangSurvival, groupsOf } from '../support/inversion-reference.js';
import { lindleyResponses, quantileInterval } from '../support/queue-sim.js';

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

describe("the density's derivative on the Fourier series", () => {
  it("is Erlang's closed form, for one to a thousand phases (laws the contour cannot follow)", () => {
    for (const k of [1, 3, 17, 64, 256, 1000]) {
      const r = 5;
      const { group, transform } = erlangGroup(k, r);
      const mean = k / r;
      const sd = Math.sqrt(k) / r;
      for (const z of [-3, -1, 0, 1, 2, 3, 5]) {
        const t = Math.max(0.01, mean + z * sd);
        const exact = erlangDensity(k, r, t);
        const tail = seriesTail([group], transform, t)!;
        // f' is of order r²/k near the mode (the density ~ r/√k over a width ~ √k/r). The series
        // sums Re[s·(G(s) − atom)] with the density's weights (the −f(0+) of f''s transform adds
        // ±f(0+)/2 to alternate partial sums, whose Euler average is 0): seen within 2e-8 of r²/k
        // (k = 1, the jump at 0) and 2e-12 for k ≥ 17.
        expect(tail.slope).toBeDefined();
        expect(Math.abs(tail.slope! - exact.slope)).toBeLessThan(1e-7 * ((r * r) / k));
        expect(Math.abs(tail.density - exact.density)).toBeLessThan(1e-10 * (r / Math.sqrt(k)));
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

describe('the search on the Fourier series', () => {
  it("settles a long path's percentile in fewer evaluations with Halley's steps, at the same root", () => {
    // Paths of 20 to 200 stages (shape m²/σ² 20 to 204, past the contour's 16), from a start 1 % off
    // as the contour's root is on a long path. From such a start Newton's steps on ln P(T > t) took
    // 38 evaluations of the series over these 12 cases, Halley's 31.
    let halley = 0;
    let newton = 0;
    for (const n of [20, 60, 200]) {
      const means = Array.from({ length: n }, (_, i) => 0.01 + (0.02 * ((i * 7919) % 13)) / 13);
      const model = stagesInRow(means);
      const { groups, transform } = groupsOf(model);
      const m = pathMoments(model);
      const survival = (t: number) => seriesTail(groups, transform, t)!.survival;
      for (const p of [0.5, 0.95, 0.99, 0.999]) {
        const exact = bisect(survival, p, 0, 10 * m.meanS);
        const hints = { minS: 0, meanS: m.meanS, varianceS2: m.varianceS2, guessS: exact * 1.01 };
        const a = quantileFromSurvival(survival, p, hints, (t) => {
          halley++;
          return seriesTail(groups, transform, t)!;
        }, 'log');
        const b = quantileFromSurvival(survival, p, hints, (t) => {
          newton++;
          const { survival: s, density } = seriesTail(groups, transform, t)!;
          return { survival: s, density };
        }, 'log');
        // The series' survival is known to ~1e-10 (fourier.ts): its root, to ~1e-9 relative here.
        expect(Math.abs(a / exact - 1)).toBeLessThan(2e-9);
        expect(Math.abs(b / exact - 1)).toBeLessThan(2e-9);
      }
    }
    expect(halley).toBeLessThan(newton);
    expect(halley).toBeLessThanOrEqual(32);
  });

  // Three M/G/1 stages in a row, each behind 59 % × 485 ms and 41 % × 0.5 ms, deterministic
  // (Erlang-64 each): too sharp for the contour. Newton's steps on the tail met a point where the
  // series does not settle, and the path fell to Cantelli's bound (3.33 s); steps on ln P(T > t)
  // visit other points, where it settles.
  const sharp = mixLaws([
    { weight: 0.59, law: fitLaw(0.485, 0) },
    { weight: 0.41, law: fitLaw(0.0005, 0) },
  ]);
  const lambda = 0.8;
  const stage = { wait: { kind: 'pollaczek-khinchine' as const, arrivalRate: lambda, service: sharp }, service: sharp, constantDelayS: 0 };
  const model: PathModel = { stages: [stage, stage, stage], root: { kind: 'sequence', items: [0, 1, 2].map((i) => ({ kind: 'visit' as const, stage: i, counts: [{ count: 1, probability: 1 }] })) } };

  it("is the series' figure, inside the simulated p95's 95 % interval (was Cantelli's bound)", () => {
    const plan = pathLatency(model, 0.95);
    expect(plan.inversion).toBe('series');
    // Independent visits (the plan's model): three runs summed request by request. Runs of 2·10⁶
    // gave 1.94163 (1.93932–1.94395) against the plan's 1.94219 s.
    const n = 600_000;
    const a = lindleyResponses(lambda, sharp, n, 51);
    const b = lindleyResponses(lambda, sharp, n, 52);
    const c = lindleyResponses(lambda, sharp, n, 53);
    for (let i = 0; i < n; i++) a[i] = a[i]! + b[i]! + c[i]!;
    const sim = quantileInterval(a, 0.95);
    expect(plan.percentileS).toBeGreaterThan(sim.low);
    expect(plan.percentileS).toBeLessThan(sim.high);
  });
});
