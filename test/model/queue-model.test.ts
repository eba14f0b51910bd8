import { describe, expect, it } from 'vitest';
import { erlangArrivalsMmc } from '../../src/model/gi-m-c.js';
import { pathLatency, pathSurvival } from '../../src/model/path-latency.js';
import type { PathModel } from '../../src/model/path-tree.js';
import { solveQueue, type QueueInput } from '../../src/model/queue-model.js';
import { erlangC } from '../../src/model/queueing.js';
import { exponentialLaw, fitLaw, type ServiceLaw } from '../../src/model/service-law.js';
import { waitMean, type WaitLaw } from '../../src/model/wait-law.js';
import { quantileInterval, seededUniform, simulate } from '../support/queue-sim.js';

function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

/** One visit of wait + service as a path, to invert its transform. */
function oneVisit(wait: WaitLaw, service: ServiceLaw): PathModel {
  return { stages: [{ wait, service, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } };
}

/** A service time too short to matter: inverts the wait alone. */
const instant: ServiceLaw = { branches: [{ probability: 1, phases: 1, rate: 1e12 }] };

describe('M/G/1: Pollaczek–Khinchine', () => {
  /*
   * Hillier & Lieberman, Introduction to Operations Research, §17.7 (the M/G/1 model), with
   * λ = 0.8 and μ = 1: L_q = (λ²σ² + ρ²)/(2(1 − ρ)) gives W_q = L_q/λ = 4 for exponential
   * service (σ² = 1), 2 for constant service (σ² = 0), and for Erlang-k service
   * (σ² = 1/(kμ²)) W_q = (1 + 1/k)·ρ/(2μ(1 − ρ)): 2.5 for k = 4.
   */
  it.each([
    ['exponential', exponentialLaw(1), 4],
    ['Erlang-4', fitLaw(1, 0.25), 2.5],
    ['H2 with cv² = 4', fitLaw(1, 4), 10],
  ] as const)('%s service at ρ = 0.8: the textbook W_q', (_, law, expected) => {
    const q = solveQueue({ servers: 1, arrivalRate: 0.8, service: law });
    expect(q.exact).toBe(true);
    expectNear(q.meanWaitS, expected, 1e-12);
    expectNear(q.waitProbability, 0.8, 1e-12);
  });

  it('M/D/1: W_q = ρ/(2μ(1 − ρ)) (Cooper 1981, p. 189) within the Erlang-64 stand-in for constant service, +1/64', () => {
    const q = solveQueue({ servers: 1, arrivalRate: 0.8, service: fitLaw(1, 0) });
    expectNear(q.meanWaitS, 2 * (1 + 1 / 64), 1e-12);
  });

  /*
   * Erlang's M/D/1 waiting-time distribution (Erlang 1909; Gross & Harris, Fundamentals of
   * Queueing Theory, §6.1.7), service time D = 1:
   *   P(W ≤ t) = (1 − ρ) Σ_{k=0..⌊t⌋} e^{λ(t−k)} (−λ(t−k))^k / k!.
   */
  const mdWait = (lambda: number, t: number): number => {
    let sum = 0;
    let factorial = 1;
    for (let k = 0; k <= Math.floor(t); k++) {
      if (k > 0) factorial *= k;
      const x = lambda * (t - k);
      sum += (Math.exp(x) * (-x) ** k) / factorial;
    }
    return (1 - lambda) * sum;
  };

  it.each([
    [0.5, 2.0506],
    [0.8, 6.6203],
  ])('M/D/1 at ρ = %s: the wait p95 is Erlang’s, within +2.5 % (never below it)', (rho, exactP95) => {
    // The exact p95 (4 decimals) solves P(W ≤ t) = 0.95 in Erlang's formula.
    expectNear(mdWait(rho, exactP95), 0.95, 2e-4);
    const q = solveQueue({ servers: 1, arrivalRate: rho, service: fitLaw(1, 0) });
    const p95 = pathLatency(oneVisit(q.wait!, instant), 0.95).percentileS;
    expect(p95).toBeGreaterThanOrEqual(exactP95);
    expect(p95 / exactP95 - 1).toBeLessThan(0.025);
  });

  /*
   * M/H2/1 in closed form: with B*(s) = p1μ1/(μ1 + s) + p2μ2/(μ2 + s), the P-K response
   * transform T*(s) = W*(s)B*(s) simplifies to (1 − ρ)(μ1μ2 + (p1μ1 + p2μ2)s)/((s − s1)(s − s2)),
   * s1, s2 < 0 the roots of s² + (μ1 + μ2 − λ)s + μ1μ2 − λ(p2μ1 + p1μ2) (Kleinrock vol. 1,
   * §5.7, and partial fractions), so P(T > t) = Σ_i −A_i/s_i·e^{s_i t} with
   * A_i = (1 − ρ)(μ1μ2 + (p1μ1 + p2μ2)s_i)/(s_i − s_j).
   */
  it('M/H2/1: the response-time survival and p95 by inversion match the closed form', () => {
    const law = fitLaw(1, 4);
    const [b1, b2] = law.branches;
    const [m1, m2, p1, p2] = [b1!.rate, b2!.rate, b1!.probability, b2!.probability];
    const lambda = 0.8;
    const bq = m1 + m2 - lambda;
    const cq = m1 * m2 - lambda * (p2 * m1 + p1 * m2);
    const root = Math.sqrt(bq * bq - 4 * cq);
    const [s1, s2] = [(-bq + root) / 2, (-bq - root) / 2];
    const a = (s: number, other: number) => (0.2 * (m1 * m2 + (p1 * m1 + p2 * m2) * s)) / (s - other);
    const survival = (t: number) => (-a(s1, s2) / s1) * Math.exp(s1 * t) + (-a(s2, s1) / s2) * Math.exp(s2 * t);
    expectNear(survival(0), 1, 1e-12);
    const q = solveQueue({ servers: 1, arrivalRate: lambda, service: law });
    const model = oneVisit(q.wait!, law);
    for (const t of [0.5, 2, 10, 40]) expectNear(pathSurvival(model, t), survival(t), 1e-10);
    const p95 = pathLatency(model, 0.95).percentileS;
    expectNear(survival(p95), 0.05, 1e-10);
  });
});

describe('lognormal service, matched on two moments', () => {
  it('M/G/1 at ρ = 0.8 with lognormal service of cv 2: the p95 within −10 % … +20 % of a seeded Lindley simulation', () => {
    // Lindley's recursion W_{n+1} = max(0, W_n + S_n − A_n) (Kleinrock vol. 1, §8.1) for FCFS
    // one-server queues; lognormal S with mean 1 and cv 2: σ² = ln(1 + cv²), μ = −σ²/2.
    const u = seededUniform(99);
    const sigma2 = Math.log(5);
    const sample = () => Math.exp(-sigma2 / 2 + Math.sqrt(sigma2) * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
    const n = 600_000;
    const times = new Float64Array(n);
    let w = 0;
    for (let i = 0; i < n; i++) {
      const s = sample();
      times[i] = w + s;
      w = Math.max(0, w + s + Math.log(u()) / 0.8);
    }
    const sim = quantileInterval(times, 0.95);
    const law = fitLaw(1, 4);
    const q = solveQueue({ servers: 1, arrivalRate: 0.8, service: law });
    const model = pathLatency(oneVisit(q.wait!, law), 0.95).percentileS;
    // Measured (docs/model.md): −7 % at ρ = 0.8, +18 % at ρ = 0.3.
    expect(model / sim.estimate).toBeGreaterThan(0.9);
    expect(model / sim.estimate).toBeLessThan(1.2);
  });
});

describe('M/G/c: Allen–Cunneen', () => {
  it('is P-K exactly with one server, and Erlang C with exponential service', () => {
    const law = fitLaw(0.01, 3);
    const mg1 = solveQueue({ servers: 1, arrivalRate: 70, service: law });
    // The same formula as Allen–Cunneen at c = 1: C(1, a) = ρ, W_q = ρ/(μ − λ)·(1 + c_s²)/2.
    expectNear(mg1.meanWaitS, (0.7 / (100 - 70)) * ((1 + 3) / 2), 1e-12);
    const mmc = solveQueue({ servers: 14, arrivalRate: 100 / 1800, service: exponentialLaw(180) });
    expect(mmc.exact).toBe(true);
    expectNear(mmc.waitProbability, 0.1741319335950498, 1e-12);
  });

  it.each([
    ['M/H2/4, cv² = 4', fitLaw(1, 4), 0.06],
    ['M/G/4, cv² = 0.25', fitLaw(1, 0.25), 0.04],
  ] as const)('%s at ρ = 0.8: p95 within its stated tolerance of a seeded simulation', (_, law, tolerance) => {
    const input: QueueInput = { servers: 4, arrivalRate: 3.2, service: law };
    const q = solveQueue(input);
    expect(q.exact).toBe(false);
    const model = pathLatency(oneVisit(q.wait!, law), 0.95).percentileS;
    const sim = quantileInterval(simulate({ arrivalRate: 3.2, replicas: 1, servers: 4, service: law, requests: 300_000, warmup: 10_000, seed: 17 }).totals, 0.95);
    // Measured (docs/model.md): −2 % (H2) and −1.5 % (cv² 0.25) against 400,000 simulated requests.
    expect(model).toBeGreaterThan(sim.low * (1 - tolerance));
    expect(model).toBeLessThan(sim.high * (1 + tolerance));
  });
});

describe('E_n/M/c: round-robin arrivals (GI/M/c, exact)', () => {
  it('is Erlang C for Poisson arrivals and σ for one server', () => {
    // c = 20 at ρ = 0.85 puts c(1 − σ) = 3 on a whole number: the removable 0/0 of Takács' sum.
    for (const c of [1, 2, 5, 20, 64]) {
      const g = erlangArrivalsMmc(1, 0.85 * c * 3, c, 3)!;
      expectNear(g.waitProbability, erlangC(c, 0.85 * c), 5e-9);
      expectNear(g.conditionalRate, c * 3 - 0.85 * c * 3, 1e-7);
    }
    const one = erlangArrivalsMmc(3, 3 * 0.8, 1, 1)!;
    expectNear(one.waitProbability, one.sigma, 1e-12);
    // σ solves σ = (λ/(λ + μ(1 − σ)))³ with λ = 2.4 (the Poisson rate), μ = 1.
    expectNear(one.sigma, (2.4 / (2.4 + 1 - one.sigma)) ** 3, 1e-12);
  });

  /*
   * An independent exact method: the continuous-time Markov chain of (customers, arrival phase)
   * with Erlang-n interarrival phases of rate Λ and min(j, c)μ departures, truncated far in the
   * tail and solved by uniformised power iteration. Arrivals happen at the end of phase n, so
   * an arrival finds j with probability ∝ π(j, n); it waits when j ≥ c.
   */
  function ctmcWaitProbability(n: number, poissonRate: number, c: number, mu: number): number {
    const levels = 400;
    const states = levels * n;
    const q = poissonRate + c * mu;
    let pi = new Float64Array(states).fill(1 / states);
    for (let iter = 0; iter < 200_000; iter++) {
      const next = new Float64Array(states);
      for (let j = 0; j < levels; j++) {
        const out = Math.min(j, c) * mu;
        for (let ph = 0; ph < n; ph++) {
          const i = j * n + ph;
          const p = pi[i]!;
          let stay = 1;
          // Phase advance, or an arrival after the last phase (blocked at the truncation).
          if (ph < n - 1) next[i + 1]! += (p * poissonRate) / q;
          else if (j + 1 < levels) next[(j + 1) * n]! += (p * poissonRate) / q;
          else next[j * n]! += (p * poissonRate) / q;
          stay -= poissonRate / q;
          if (j > 0) {
            next[i - n]! += (p * out) / q;
            stay -= out / q;
          }
          next[i]! += p * stay;
        }
      }
      let diff = 0;
      for (let i = 0; i < states; i++) diff += Math.abs(next[i]! - pi[i]!);
      pi = next;
      if (diff < 1e-13) break;
    }
    let seen = 0;
    let waits = 0;
    for (let j = 0; j < levels; j++) {
      const p = pi[j * n + n - 1]!;
      seen += p;
      if (j >= c) waits += p;
    }
    return waits / seen;
  }

  it.each([
    [2, 3, 0.7],
    [5, 4, 0.7],
    [3, 1, 0.8],
  ])('E%s/M/%s at ρ = %s: P(wait) equals the Markov chain’s', (n, c, rho) => {
    const mu = 1;
    const poissonRate = rho * c * mu * n;
    const g = erlangArrivalsMmc(n, poissonRate, c, mu)!;
    expectNear(g.waitProbability, ctmcWaitProbability(n, poissonRate, c, mu), 1e-7);
  });

  it('E5/M/4 at ρ = 0.7 (round-robin over 5 replicas of 4 workers): p95 inside a seeded simulation’s 95 % interval', () => {
    const q = solveQueue({ servers: 4, arrivalRate: 2.8, service: exponentialLaw(1), arrivals: { kind: 'erlang', phases: 5 } });
    expect(q.method).toBe('E5/M/4 exact (GI/M/c)');
    const model = pathLatency(oneVisit(q.wait!, exponentialLaw(1)), 0.95).percentileS;
    const sim = quantileInterval(simulate({ arrivalRate: 14, replicas: 5, servers: 4, service: exponentialLaw(1), balancing: 'round-robin', requests: 200_000, warmup: 10_000, seed: 3 }).totals, 0.95);
    expect(model).toBeGreaterThanOrEqual(sim.low);
    expect(model).toBeLessThanOrEqual(sim.high);
  });

  it('E4/H2/2 (round-robin, cv² = 4) is within 12 % of a seeded simulation (an approximation)', () => {
    const law = fitLaw(1, 4);
    const q = solveQueue({ servers: 2, arrivalRate: 1.6, service: law, arrivals: { kind: 'erlang', phases: 4 } });
    expect(q.exact).toBe(false);
    const model = pathLatency(oneVisit(q.wait!, law), 0.95).percentileS;
    const sim = quantileInterval(simulate({ arrivalRate: 6.4, replicas: 4, servers: 2, service: law, balancing: 'round-robin', requests: 300_000, warmup: 10_000, seed: 3 }).totals, 0.95);
    expect(Math.abs(model / sim.estimate - 1)).toBeLessThan(0.12);
  });
});

describe('waitMean', () => {
  it('is C/θ for an exponential tail and 0 without waiting', () => {
    expectNear(waitMean({ kind: 'exponential', waitProbability: 0.5, conditionalRate: 4 }), 0.125, 1e-15);
    expect(waitMean({ kind: 'exponential', waitProbability: 0, conditionalRate: 4 })).toBe(0);
  });
});
