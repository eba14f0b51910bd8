import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathLatency, visitCounts } from '../../src/model/path-latency.js';
import { type PathStage, pathMeanResponseTime, pathResponseTimePercentile } from '../../src/model/mmc-path.js';
import type { PathModel } from '../../src/model/path-tree.js';
import { exponentialLaw } from '../../src/model/service-law.js';
import { mmc, mmcResponseTimePercentile } from '../../src/model/queueing.js';

function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

/** A stage that is a bare Exp(μ) delay per visit: one server, no load. */
function idle(serviceRate: number, visits = 1, constantDelayS?: number): PathStage {
  return { servers: 1, arrivalRate: 0, serviceRate, visits, ...(constantDelayS === undefined ? {} : { constantDelayS }) };
}

/** Idle exponential stages (no wait) as a path model. */
function mmcModel(stages: readonly PathStage[]): PathModel {
  return {
    stages: stages.map((s) => ({ wait: { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 }, service: exponentialLaw(1 / s.serviceRate), constantDelayS: s.constantDelayS ?? 0 })),
    root: { kind: 'sequence', items: stages.map((s, i) => ({ kind: 'visit' as const, stage: i, counts: visitCounts(s.visits) })) },
  };
}

/*
 * Erlang (gamma) survival, Ross, Introduction to Probability Models, §5.2.3:
 *   P(Gamma(k, μ) > t) = e^{−μt} Σ_{i<k} (μt)^i / i!.
 */
function erlangSurvival(k: number, mu: number, t: number): number {
  if (t < 0) return 1;
  let term = 1;
  let sum = 1;
  for (let i = 1; i < k; i++) {
    term *= (mu * t) / i;
    sum += term;
  }
  return Math.exp(-mu * t) * sum;
}

/*
 * Upper-tail critical values of χ²(ν), NIST/SEMATECH e-Handbook of Statistical Methods,
 * §1.3.6.7.4 (itl.nist.gov/div898/handbook/eda/section3/eda3674.htm), 3 decimals.
 * A sum of k independent Exp(μ) is Gamma(k, μ) and 2μ·Gamma(k, μ) ~ χ²(2k), so its
 * p-quantile is χ²_p(2k)/(2μ).
 */
const chiSquare95: [k: number, value: number][] = [
  [1, 5.991],
  [2, 9.488],
  [3, 12.592],
  [5, 18.307],
  [10, 31.41],
];

describe('pathResponseTimePercentile', () => {
  it.each(chiSquare95)('k = %s idle stages in series: the χ²(2k) table quantile', (k, chi2) => {
    const mu = 4;
    const stages = Array.from({ length: k }, () => idle(mu));
    expectNear(2 * mu * pathResponseTimePercentile(stages, 0.95), chi2, 5e-4);
    // The same sum as one stage visited k times.
    expectNear(2 * mu * pathResponseTimePercentile([idle(mu, k)], 0.95), chi2, 5e-4);
  });

  it('k M/M/1 stages at ρ = 0.75 are Gamma(k, μ − λ): χ²(6) at 95 % and 99 %', () => {
    // Each M/M/1 response time is Exp(μ − λ) (Kleinrock Vol. 1, ch. 5); NIST table as above,
    // χ²_0.95(6) = 12.592, χ²_0.99(6) = 16.812.
    const stage: PathStage = { servers: 1, arrivalRate: 0.75, serviceRate: 1, visits: 1 };
    const stages = [stage, stage, stage];
    expectNear(2 * 0.25 * pathResponseTimePercentile(stages, 0.95), 12.592, 5e-4);
    expectNear(2 * 0.25 * pathResponseTimePercentile(stages, 0.99), 16.812, 5e-4);
  });

  /*
   * Hypoexponential (Ross, Introduction to Probability Models, §5.2.4): for X ~ Exp(a),
   * Y ~ Exp(b), a ≠ b, P(X + Y > t) = (b·e^{−at} − a·e^{−bt})/(b − a).
   */
  const hypoexponential = (a: number, b: number, t: number): number =>
    (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);

  it.each([
    [1, 3],
    [10, 1000],
    [2, 1e6],
  ])('two different exponentials (%s/s and %s/s) follow the hypoexponential law', (a, b) => {
    for (const p of [0.5, 0.95, 0.999]) {
      const t = pathResponseTimePercentile([idle(a), idle(b)], p);
      expectNear(hypoexponential(a, b, t), 1 - p, 1e-10 * (1 - p) + 2e-13);
    }
  });

  it('fractional visits 1.5 are a 50/50 mixture of one and two visits', () => {
    // P(T > t) = ½e^{−μt} + ½(1 + μt)e^{−μt} = e^{−μt}(1 + μt/2) (Erlang survival, Ross §5.2.3).
    const mu = 20;
    for (const p of [0.5, 0.95, 0.99]) {
      const t = pathResponseTimePercentile([idle(mu, 1.5)], p);
      expectNear(Math.exp(-mu * t) * (1 + (mu * t) / 2), 1 - p, 1e-10 * (1 - p) + 2e-13);
    }
  });

  it('visits 0.2: no visit w.p. 0.8, so p95 = ln(4)/μ and the median is 0', () => {
    // P(T > t) = 0.2·e^{−μt} = 0.05 ⇔ t = ln(4)/μ.
    const mu = 10;
    expectNear(pathResponseTimePercentile([idle(mu, 0.2)], 0.95), Math.log(4) / mu, 1e-12);
    expect(pathResponseTimePercentile([idle(mu, 0.2)], 0.5)).toBe(0);
    // The per-visit delay only applies when the visit happens.
    expectNear(pathResponseTimePercentile([idle(mu, 0.2, 0.05)], 0.95), 0.05 + Math.log(4) / mu, 1e-12);
    expect(pathResponseTimePercentile([idle(mu, 0.2, 0.05)], 0.5)).toBe(0);
  });

  it('visits 2.5 with a per-visit delay: a mixture of shifted Erlang-2 and Erlang-3', () => {
    // T = 2d + Gamma(2, μ) w.p. ½, 3d + Gamma(3, μ) w.p. ½ (Ross §5.2.3 for the Erlang laws).
    const mu = 50;
    const d = 0.004;
    const survival = (t: number): number => 0.5 * erlangSurvival(2, mu, t - 2 * d) + 0.5 * erlangSurvival(3, mu, t - 3 * d);
    for (const p of [0.3, 0.5, 0.95, 0.99]) {
      const t = pathResponseTimePercentile([idle(mu, 2.5, d)], p);
      expectNear(survival(t), 1 - p, 1e-10 * (1 - p) + 2e-13);
    }
  });

  it('two fractional stages with equal delays: the brute-force mixture over visit outcomes', () => {
    // Stage A: visits 0.5, Exp(30), delay 2 ms; stage B: visits 1.25, Exp(60), delay 2 ms.
    // Outcomes (A, B visits): (0,1) .375, (1,1) .375, (0,2) .125, (1,2) .125; the times are
    // hypoexponential/Erlang sums (Ross §5.2.3–5.2.4) shifted by 2 ms per visit.
    const d = 0.002;
    const hypo = (a: number, b: number, t: number): number => (t < 0 ? 1 : hypoexponential(a, b, t));
    // Exp(30) + Gamma(2, 60), from the partial fractions of 30·60²/((s + 30)(s + 60)²):
    // S(t) = 4e^{−30t} − 3e^{−60t} − 60t·e^{−60t} (S(0) = 1 and S'(0) = S''(0) = 0 check it).
    const exp30Gamma2At60 = (t: number): number => {
      if (t < 0) return 1;
      return 4 * Math.exp(-30 * t) - 3 * Math.exp(-60 * t) - 60 * t * Math.exp(-60 * t);
    };
    const survival = (t: number): number =>
      0.375 * erlangSurvival(1, 60, t - d) +
      0.375 * hypo(30, 60, t - 2 * d) +
      0.125 * erlangSurvival(2, 60, t - 2 * d) +
      0.125 * exp30Gamma2At60(t - 3 * d);
    const stages = [idle(30, 0.5, d), idle(60, 1.25, d)];
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const t = pathResponseTimePercentile(stages, p);
      expectNear(survival(t), 1 - p, 1e-10 * (1 - p) + 2e-13);
    }
  });

  it('a constant delay on whole visits shifts the quantile by visits × delay', () => {
    const base: PathStage = { servers: 4, arrivalRate: 30, serviceRate: 10, visits: 3 };
    const shifted = pathResponseTimePercentile([{ ...base, constantDelayS: 0.01 }], 0.95);
    expectNear(shifted, pathResponseTimePercentile([base], 0.95) + 0.03, 1e-12);
  });

  it('one visit to one stage equals the closed-form M/M/c percentile', () => {
    for (const [c, lambda, mu] of [
      [1, 0.75, 1],
      [4, 30, 10],
      [14, 100 / 1800, 1 / 180],
      [64, 60_000, 1000],
    ] as const) {
      const expected = mmcResponseTimePercentile(0.95, c, lambda, mu);
      const actual = pathResponseTimePercentile([{ servers: c, arrivalRate: lambda, serviceRate: mu, visits: 1 }], 0.95);
      expectNear(actual, expected, 1e-10 * expected);
    }
  });

  it('is Infinity when a visited stage is unstable and ignores unvisited ones', () => {
    const overloaded: PathStage = { servers: 2, arrivalRate: 30, serviceRate: 10, visits: 0.1 };
    expect(pathResponseTimePercentile([idle(10), overloaded], 0.95)).toBe(Infinity);
    const t = pathResponseTimePercentile([idle(10), { ...overloaded, visits: 0 }], 0.95);
    expectNear(t, Math.log(20) / 10, 1e-12);
    expect(pathResponseTimePercentile([], 0.95)).toBe(0);
  });

  it('beyond 32 distinct delay combinations gives the stated upper bound q_p(C) + D_max; the mean stays exact', () => {
    // Delays of 1..13 ms on stages visited with probability ½ take 92 distinct totals (0..91 ms).
    const stages = Array.from({ length: 13 }, (_, i) => idle(100, 0.5, 0.001 * (i + 1)));
    const withoutDelays = stages.map((s) => ({ ...s, constantDelayS: 0 }));
    const bound = pathResponseTimePercentile(withoutDelays, 0.95) + 0.091;
    expectNear(pathResponseTimePercentile(stages, 0.95), bound, 1e-12);
    expectNear(pathMeanResponseTime(stages), 0.5 * 13 * 0.01 + 0.5 * 0.001 * 91, 1e-12);
    // Seven such stages have 29 distinct totals (0..28 ms): computed exactly, and below the bound.
    const seven = stages.slice(0, 7);
    const exact = pathLatency(mmcModel(seven), 0.95);
    expect(exact.method).toBe('exact');
    expect(exact.groups).toBe(29);
    expect(exact.percentileS).toBeLessThan(pathResponseTimePercentile(withoutDelays.slice(0, 7), 0.95) + 0.028);
    expect(pathLatency(mmcModel(stages), 0.95).method).toBe('bound');
  });

  it('rejects bad input', () => {
    expect(() => pathResponseTimePercentile([idle(10)], 1)).toThrow(RangeError);
    expect(() => pathResponseTimePercentile([idle(10, -1)], 0.9)).toThrow(RangeError);
    expect(() => pathResponseTimePercentile([idle(10, 1, -0.1)], 0.9)).toThrow(RangeError);
    expect(() => pathResponseTimePercentile([{ servers: 0, arrivalRate: 0, serviceRate: 1, visits: 1 }], 0.9)).toThrow(
      RangeError,
    );
  });

  // Its speed is the bench's kernel "path p95 of 10 stages with up to 10 visits" (scripts/bench/kernels.ts).
  it('gives a finite p95 for 10 stages with up to 10 visits, above the constant delays', () => {
    const stages: PathStage[] = Array.from({ length: 10 }, (_, i) => ({
      servers: 1 + (i % 4) * 8,
      arrivalRate: (1 + (i % 4) * 8) * 100 * (0.5 + 0.04 * i),
      serviceRate: 100 * (1 + i),
      visits: 1 + ((i * 0.97) % 9.5),
      constantDelayS: i % 3 === 0 ? 0.0005 : 0,
    }));
    const p95 = pathResponseTimePercentile(stages, 0.95);
    expect(Number.isFinite(p95)).toBe(true);
    expect(p95).toBeGreaterThan(stages.reduce((s, x) => s + x.visits * (x.constantDelayS ?? 0), 0));
  });

  it('increases with the load on any stage', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            servers: fc.integer({ min: 1, max: 32 }),
            serviceRate: fc.double({ min: 1, max: 1e4, noNaN: true }),
            rho: fc.double({ min: 0, max: 0.9, noNaN: true }),
            visits: fc.double({ min: 0, max: 5, noNaN: true }),
            constantDelayS: fc.constantFrom(0, 0, 0.001, 0.002),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.nat(),
        fc.constantFrom(0.5, 0.95, 0.99),
        (specs, which, p) => {
          const stages = specs.map(({ servers, serviceRate, rho, visits, constantDelayS }) => ({
            servers, serviceRate, visits, constantDelayS, arrivalRate: rho * servers * serviceRate,
          }));
          const index = which % stages.length;
          const target = stages[index];
          fc.pre(target !== undefined && target.visits > 0);
          if (target === undefined) return true;
          const heavier = stages.map((stage, i) =>
            i === index ? { ...stage, arrivalRate: stage.arrivalRate + 0.05 * stage.servers * stage.serviceRate } : stage,
          );
          const before = pathResponseTimePercentile(stages, p);
          const after = pathResponseTimePercentile(heavier, p);
          return after >= before * (1 - 1e-10);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('pathMeanResponseTime', () => {
  it('is Σ visits × (mean response + delay)', () => {
    // M/M/1 at ρ = 0.75 with S = 1 s has mean response 4 s (Kleinrock Vol. 1, ch. 3), so 2.5
    // visits with 0.1 s per visit take 2.5 × 4.1 = 10.25 s; an idle Exp(10) stage adds 0.1 s.
    const stages: PathStage[] = [
      { servers: 1, arrivalRate: 0.75, serviceRate: 1, visits: 2.5, constantDelayS: 0.1 },
      idle(10),
    ];
    expectNear(pathMeanResponseTime(stages), 10.35, 1e-12);
  });

  it('matches mmc for one visit and is Infinity when a visited stage is unstable', () => {
    expectNear(
      pathMeanResponseTime([{ servers: 14, arrivalRate: 100 / 1800, serviceRate: 1 / 180, visits: 1 }]),
      mmc(14, 100 / 1800, 1 / 180).meanResponseS,
      1e-9,
    );
    expect(pathMeanResponseTime([{ servers: 1, arrivalRate: 2, serviceRate: 1, visits: 0.5 }])).toBe(Infinity);
    expect(pathMeanResponseTime([{ servers: 1, arrivalRate: 2, serviceRate: 1, visits: 0 }])).toBe(0);
  });
});

describe('the quantile from a guess (Newton on the inverted density)', () => {
  it('the density the inversion returns is −dP(T > t)/dt: Erlang-2 of rate 10, f(t) = 100·t·e^{−10t}', async () => {
    const { groupedTail } = await import('../../src/model/inversion.js');
    // E2(10): G(s) = (10/(10 + s))², survival e^{−10t}(1 + 10t) (Ross, Introduction to Probability Models, §5.2.3).
    const transform = (_: number, s: { re: number; im: number }) => {
      const dRe = 10 + s.re;
      const dIm = s.im;
      const n = dRe * dRe + dIm * dIm;
      const r = { re: (10 * dRe) / n, im: (-10 * dIm) / n };
      return { re: r.re * r.re - r.im * r.im, im: 2 * r.re * r.im };
    };
    for (const t of [0.05, 0.2, 0.5]) {
      const tail = groupedTail([{ shiftS: 0, mass: 1, atom: 0 }], transform, t);
      expectNear(tail.survival, Math.exp(-10 * t) * (1 + 10 * t), 1e-9);
      expectNear(tail.density, 100 * t * Math.exp(-10 * t), 1e-7);
    }
  });

  it('gives the same p95 from any guess near it as from no guess (to 1e-12 relative)', () => {
    const stages: PathStage[] = [{ servers: 2, arrivalRate: 150, serviceRate: 100, visits: 2.5 }, { servers: 4, arrivalRate: 300, serviceRate: 100, visits: 1, constantDelayS: 0.003 }];
    const exact = pathResponseTimePercentile(stages, 0.95);
    for (const factor of [0.9, 0.99, 1, 1.01, 1.2]) expectNear(pathResponseTimePercentile(stages, 0.95, exact * factor), exact, 1e-12 * exact);
  });
});
