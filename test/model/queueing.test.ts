import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  erlangB,
  erlangC,
  leastReplicasForPercentile,
  mmc,
  mmcResponseTimePercentile,
  mmcResponseTimeSurvival,
  mmcWaitPercentile,
  waitPlusServicePercentile,
} from '../../src/model/queueing.js';

/** |actual − expected| ≤ tolerance, with the numbers in the failure message. */
function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

/*
 * Call-centre worked example: 100 calls per 30 min, AHT 180 s, 14 agents → 10 erlangs,
 * probability of waiting 17.4 %, ASA 7.8 s, service level 88.8 % within 20 s.
 * Sources: Call Centre Helper, "Erlang C Formula – Made Simple with an Easy Worked Example"
 * (callcentrehelper.com); the same case printed to full precision in the README of pyworkforce
 * (github.com/rodrigo-arenas/pyworkforce, ErlangC(transactions=100, aht=3, interval=30,
 * asa=20/60)): raw_positions 14, waiting_probability 0.1741319335950498,
 * service_level 0.8883500191794669.
 */
const callCentre = { agents: 14, arrivalRate: 100 / 1800, serviceRate: 1 / 180 };

describe('erlangB', () => {
  it('matches the R queueing package example B_erlang(2, 0.5/0.7)', () => {
    // rdrr.io/cran/queueing/man/B_erlang.html, "Example output: [1] 0.1295337" (7 decimals).
    expectNear(erlangB(2, 0.5 / 0.7), 0.1295337, 5e-8);
  });

  it('gives 1 % blocking for 15 lines offered 8.108 erlangs', () => {
    // erlang.com calculator manual, "How much traffic can a trunk group handle?": 15 lines at
    // 1 % blocking carry 8.108 E. A is printed to 3 decimals (±0.0005 E), and dB/dA ≈ 0.0086
    // per erlang there, so B is known to ±4.3e-6.
    expectNear(erlangB(15, 8.108), 0.01, 5e-6);
  });

  it('is 0 with no load, 1 with infinite load, and rejects bad servers', () => {
    expect(erlangB(5, 0)).toBe(0);
    expect(erlangB(5, Infinity)).toBe(1);
    expect(() => erlangB(0, 1)).toThrow(RangeError);
    expect(() => erlangB(2.5, 1)).toThrow(RangeError);
    expect(() => erlangB(3, -1)).toThrow(RangeError);
  });
});

describe('erlangB with many servers', () => {
  /** The recursion from E_0 = 1 (Iversen), every step taken: the definition the shortcut must match. */
  function erlangBFromZero(servers: number, load: number): number {
    let b = 1;
    for (let x = 1; x <= servers; x++) b = (load * b) / (x + load * b);
    return b;
  }

  it('starting the recursion near min(c, a) gives the full recursion to 1e-12 (relative)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000 }), fc.double({ min: 1e-3, max: 80_000, noNaN: true }), (servers, load) => {
        const full = erlangBFromZero(servers, load);
        const fast = erlangB(servers, load);
        if (full < 1e-300) expect(fast).toBeLessThan(1e-300);
        else expect(Math.abs(fast - full) / full).toBeLessThan(1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('answers for 10^9 servers in milliseconds, and C(c, a) meets the Halfin–Whitt limit there', () => {
    // Halfin & Whitt (1981), as below: c = a + β√a, C → [1 + βΦ(β)/φ(β)]⁻¹; β = 1, Φ(1) = 0.84134 (NIST).
    const load = 1e9;
    const servers = load + Math.sqrt(load) * 1 - ((load + Math.sqrt(load)) % 1);
    const c = erlangC(servers, load); // its speed: the bench's erlangC kernel (scripts/bench/kernels.ts)
    const density = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
    const limit = 1 / (1 + 0.84134 / density);
    expect(Math.abs(c - limit) / limit).toBeLessThan(1e-3);
    expect(erlangB(1e9, 10)).toBe(0);
    expect(erlangC(1e9, 10)).toBe(0);
  });
});

describe('erlangC', () => {
  it('is 0.1741319 for 14 servers at 10 erlangs', () => {
    expectNear(erlangC(14, 10), 0.1741319335950498, 1e-12);
  });

  it('matches Trueman Table 12.2: M/M/3 at ρ = 0.8 waits 1.079 mean service times', () => {
    // HP-12C Solutions Handbook, p. 144, Example 1 (bank, λ = 1.2/min, three tellers at
    // 0.5/min each), quoting R. E. Trueman, An Introduction to Quantitative Methods for Decision
    // Making (1977), Table 12.2, p. 512: "mean waiting time as a multiple of mean service time
    // for n = 3, ρ/n = 0.8 is 1.079", and worked results W_q = 2.16 min, W = 4.16 min,
    // L_q = 2.59, L = 4.99 (2 decimals, computed from the rounded 1.079).
    const m = mmc(3, 1.2, 0.5);
    expectNear(m.meanWaitS / 2, 1.079, 5e-4);
    expectNear(m.meanWaitS, 2.16, 0.005);
    expectNear(m.meanResponseS, 4.16, 0.005);
    expectNear(m.meanQueueLength, 2.59, 0.005);
    expectNear(m.meanInSystem, 4.99, 0.005);
  });

  /*
   * Large c: Halfin & Whitt, "Heavy-traffic limits for queues with many exponential servers",
   * Operations Research 29(3), 1981: with c = a + β√a servers, C(c, a) → [1 + βΦ(β)/φ(β)]^{-1}
   * as a → ∞, the error being O(1/√a). Φ from the NIST/SEMATECH e-Handbook of Statistical
   * Methods, §1.3.6.7.1 (area from 0 to z: 0.19146, 0.34134, 0.47725 at z = 0.5, 1, 2).
   */
  it.each([
    [0.5, 0.5 + 0.19146],
    [1, 0.5 + 0.34134],
    [2, 0.5 + 0.47725],
  ])('tends to the Halfin–Whitt limit for c ~ 10^4–10^5 (β = %s)', (beta, phiCdf) => {
    const density = Math.exp(-(beta ** 2) / 2) / Math.sqrt(2 * Math.PI);
    const limit = 1 / (1 + (beta * phiCdf) / density);
    for (const load of [1e4, 9e4]) {
      const servers = load + beta * Math.sqrt(load);
      const exact = erlangC(servers, load);
      expect(Math.abs(exact - limit) / limit).toBeLessThan(3 / Math.sqrt(load));
    }
  });

  it('is 1 at and above saturation', () => {
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 7)).toBe(1);
  });
});

describe('mmc', () => {
  it('M/M/1 at ρ = 0.75 with S = 1 s has L = 3 and R = 4 s', () => {
    // Kleinrock, Queueing Systems Vol. 1 (1975), ch. 3, M/M/1: N̄ = ρ/(1 − ρ), T = (1/μ)/(1 − ρ).
    const m = mmc(1, 0.75, 1);
    expectNear(m.meanInSystem, 3, 1e-12);
    expectNear(m.meanResponseS, 4, 1e-12);
    expectNear(m.waitProbability, 0.75, 1e-12);
    expect(m.stable).toBe(true);
  });

  it('gives the call-centre ASA of 7.84 s', () => {
    // Call Centre Helper / pyworkforce example above: average speed of answer 7.84 s (2 dp).
    const m = mmc(callCentre.agents, callCentre.arrivalRate, callCentre.serviceRate);
    expectNear(m.meanWaitS, 7.84, 0.005);
    expectNear(m.utilization, 10 / 14, 1e-12);
  });

  it('reports Infinity when unstable', () => {
    const m = mmc(2, 10, 5);
    expect(m.stable).toBe(false);
    expect(m.waitProbability).toBe(1);
    expect(m.meanWaitS).toBe(Infinity);
    expect(m.meanResponseS).toBe(Infinity);
    expect(m.meanQueueLength).toBe(Infinity);
    expect(m.meanInSystem).toBe(Infinity);
  });
});

describe('response-time distribution', () => {
  it('M/M/1 response time is Exp(μ − λ): p95 = ln(20)/(μ − λ)', () => {
    // Kleinrock Vol. 1, ch. 5: the M/M/1 FCFS time in system is exponential with rate μ(1 − ρ).
    const p95 = mmcResponseTimePercentile(0.95, 1, 0.75, 1);
    expectNear(p95, Math.log(20) / 0.25, 1e-10 * p95);
    const p99 = mmcResponseTimePercentile(0.99, 1, 30, 50);
    expectNear(p99, Math.log(100) / 20, 1e-10 * p99);
  });

  it('λ = 0 gives the Exp(μ) quantile', () => {
    expectNear(mmcResponseTimePercentile(0.95, 8, 0, 20), Math.log(20) / 20, 1e-15);
  });

  /*
   * Gross & Harris, Fundamentals of Queueing Theory, §2.3, the M/M/c time-in-system survival:
   *   P(T > t) = e^{−μt}·[1 + C·(1 − e^{−μt(c−1−r)})/(c − 1 − r)],  r = λ/μ, c − 1 − r ≠ 0.
   */
  function grossHarrisSurvival(t: number, c: number, lambda: number, mu: number): number {
    const r = lambda / mu;
    const C = erlangC(c, r);
    return Math.exp(-mu * t) * (1 + (C * (1 - Math.exp(-mu * t * (c - 1 - r)))) / (c - 1 - r));
  }

  /*
   * Direct numerical integration of the convolution of the published marginals, W with
   * P(W > x) = C·e^{−(cμ−λ)x} (Gross & Harris §2.3) and S ~ Exp(μ):
   *   P(W + S > t) = e^{−μt} + ∫_0^t μe^{−μs}·C·e^{−(cμ−λ)(t−s)} ds   (composite Simpson).
   */
  function integratedSurvival(t: number, c: number, lambda: number, mu: number): number {
    const C = erlangC(c, lambda / mu);
    const theta = c * mu - lambda;
    const n = 4000;
    const h = t / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const s = i * h;
      const weight = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
      sum += weight * mu * Math.exp(-mu * s) * C * Math.exp(-theta * (t - s));
    }
    return Math.exp(-mu * t) + (sum * h) / 3;
  }

  // (c = 4, λ = 30, μ = 10 would make c − 1 − r = 0, where the printed form is 0/0: see below.)
  it.each([
    [4, 29, 10],
    [14, 100 / 1800, 1 / 180],
    [64, 60_000, 1000],
    [1000, 9_500, 10],
  ])('percentiles agree with Gross & Harris and with numerical integration (c=%s, λ=%s, μ=%s)', (c, lambda, mu) => {
    for (const p of [0.5, 0.95, 0.99, 0.999]) {
      const t = mmcResponseTimePercentile(p, c, lambda, mu);
      expectNear(grossHarrisSurvival(t, c, lambda, mu), 1 - p, 1e-10 * (1 - p));
      expectNear(integratedSurvival(t, c, lambda, mu), 1 - p, 1e-9 * (1 - p));
      expectNear(mmcResponseTimeSurvival(t, c, lambda, mu), 1 - p, 1e-12);
    }
  });

  it('handles θ = cμ − λ = μ (the Erlang-2 limit) without cancellation', () => {
    // c = 2, μ = 1, λ = 1: θ = 1 = μ and C(2, 1) = 1/3 (B(2, 1) = 1/5 by Erlang B). W + S is
    // then Exp(1) w.p. 2/3 and Erlang-2(1) w.p. 1/3, whose survival is (1 + t)e^{−t}
    // (Ross, Introduction to Probability Models, §5.2.3, gamma/Erlang distribution).
    const exact = (t: number): number => (2 / 3) * Math.exp(-t) + (1 / 3) * (1 + t) * Math.exp(-t);
    for (const t of [0.001, 0.5, 2, 10, 40]) {
      expectNear(mmcResponseTimeSurvival(t, 2, 1, 1), exact(t), 1e-15 * exact(t));
      // θ a hair (1e-9) away from μ on either side moves the true value by about 1e-9·t
      // relative; the naive (θe^{−μt} − μe^{−θt})/(θ − μ) would be off by ~1e-7 there.
      const tolerance = 1e-9 * (1 + t) * exact(t);
      expectNear(mmcResponseTimeSurvival(t, 2, 1 + 1e-9, 1), exact(t), tolerance);
      expectNear(mmcResponseTimeSurvival(t, 2, 1 - 1e-9, 1), exact(t), tolerance);
    }
    const p95 = mmcResponseTimePercentile(0.95, 2, 1, 1);
    expectNear(exact(p95), 0.05, 1e-13);
    expect(mmcResponseTimeSurvival(Infinity, 2, 1, 1)).toBe(0);
    expect(mmcResponseTimeSurvival(0, 2, 1, 1)).toBe(1);
  });

  it('is Infinity (percentile) and 1 (survival) when unstable', () => {
    expect(mmcResponseTimePercentile(0.95, 2, 20, 10)).toBe(Infinity);
    expect(mmcResponseTimeSurvival(100, 2, 25, 10)).toBe(1);
    expect(mmcWaitPercentile(0.95, 2, 20, 10)).toBe(Infinity);
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => mmcResponseTimePercentile(1, 1, 0.5, 1)).toThrow(RangeError);
    expect(() => mmcResponseTimePercentile(0, 1, 0.5, 1)).toThrow(RangeError);
    expect(() => mmcWaitPercentile(Number.NaN, 1, 0.5, 1)).toThrow(RangeError);
  });
});

describe('waitPlusServicePercentile', () => {
  it('with waitRate = cμ − λ is the M/M/c response-time percentile', () => {
    const C = erlangC(14, 10);
    for (const p of [0.5, 0.95, 0.999]) {
      const expected = mmcResponseTimePercentile(p, 14, 100 / 1800, 1 / 180);
      expectNear(waitPlusServicePercentile(p, C, 4 / 180, 1 / 180), expected, 1e-12 * expected);
    }
  });

  it('with no wait (C = 0 or waitRate = Infinity) is the Exp(μ) quantile', () => {
    expectNear(waitPlusServicePercentile(0.95, 0, 3, 10), Math.log(20) / 10, 1e-15);
    expectNear(waitPlusServicePercentile(0.95, 0.4, Infinity, 10), Math.log(20) / 10, 1e-15);
  });

  it('with C = 1 is the hypoexponential quantile', () => {
    // Ross §5.2.4: P(Exp(a) + Exp(b) > t) = (b·e^{−at} − a·e^{−bt})/(b − a).
    const t = waitPlusServicePercentile(0.99, 1, 2, 7);
    expectNear((7 * Math.exp(-2 * t) - 2 * Math.exp(-7 * t)) / 5, 0.01, 1e-14);
  });
});

describe('mmcWaitPercentile', () => {
  it('reproduces the call-centre service level: 88.835 % answered within 20 s', () => {
    // P(W ≤ 20 s) = 0.8883500191794669 (pyworkforce, above), so that quantile of W is 20 s.
    const t = mmcWaitPercentile(0.8883500191794669, callCentre.agents, callCentre.arrivalRate, callCentre.serviceRate);
    expectNear(t, 20, 1e-9);
  });

  it('is 0 when C <= 1 − p', () => {
    // C(14, 10) = 0.174 < 0.2: four calls in five are answered at once.
    expect(mmcWaitPercentile(0.8, callCentre.agents, callCentre.arrivalRate, callCentre.serviceRate)).toBe(0);
  });
});

describe('leastReplicasForPercentile', () => {
  it('sizes M/M/1 replicas from the closed form', () => {
    // Each replica is M/M/1 with response Exp(μ − λ/n) (Kleinrock Vol. 1, ch. 5), so
    // p95 ≤ b ⇔ μ − λ/n ≥ ln(20)/b ⇔ n ≥ λ/(μ − ln(20)/b): λ = 100, μ = 10, b = 1 s → 14.28 → 15.
    expect(leastReplicasForPercentile(100, 10, 1, 0.95, 1)).toBe(15);
  });

  it('returns null below the zero-load quantile and 1 at no load', () => {
    const zeroLoad = Math.log(20) / 10;
    expect(leastReplicasForPercentile(100, 10, 4, 0.95, zeroLoad * 0.999)).toBeNull();
    expect(leastReplicasForPercentile(0, 10, 4, 0.95, zeroLoad)).toBe(1);
  });

  it('returns null when more than maxReplicas would be needed', () => {
    expect(leastReplicasForPercentile(100, 10, 1, 0.95, 1, 14)).toBeNull();
    expect(leastReplicasForPercentile(100, 10, 1, 0.95, 1, 15)).toBe(15);
    // Stability alone needs 11 replicas of one 10/s server for 100/s.
    expect(leastReplicasForPercentile(100, 10, 1, 0.95, 100, 10)).toBeNull();
  });
});

describe('properties', () => {
  const queue = fc.record({
    servers: fc.integer({ min: 1, max: 200 }),
    serviceRate: fc.double({ min: 0.01, max: 1e4, noNaN: true }),
    rho: fc.double({ min: 0, max: 0.98, noNaN: true }),
    extra: fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
    p: fc.constantFrom(0.5, 0.9, 0.95, 0.99, 0.999),
  });

  it('the response-time percentile increases with λ', () => {
    fc.assert(
      fc.property(queue, ({ servers, serviceRate, rho, extra, p }) => {
        const lambda = rho * servers * serviceRate;
        const more = Math.min(0.99, rho + extra) * servers * serviceRate;
        fc.pre(more > lambda * (1 + 1e-9));
        const low = mmcResponseTimePercentile(p, servers, lambda, serviceRate);
        const high = mmcResponseTimePercentile(p, servers, more, serviceRate);
        return high >= low * (1 - 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('the least replica count meets the budget and one fewer does not', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom(0.5, 0.95, 0.99),
        fc.double({ min: 1.001, max: 20, noNaN: true }),
        (lambda, mu, workers, p, budgetFactor) => {
          const budget = (budgetFactor * -Math.log1p(-p)) / mu;
          const maxReplicas = 1_000_000;
          const n = leastReplicasForPercentile(lambda, mu, workers, p, budget, maxReplicas);
          const meets = (k: number): boolean => mmcResponseTimePercentile(p, workers, lambda / k, mu) <= budget;
          if (n === null) return !meets(maxReplicas);
          return meets(n) && (n === 1 || !meets(n - 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
