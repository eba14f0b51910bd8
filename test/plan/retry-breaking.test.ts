/**
 * Where a call retries on a timeout, its amplification grows with the load: the breaking point is
 * the largest load at which the retry fixed point exists with the callee below saturation, the
 * sweep recomputes the amplification at each load, and a storm that would sustain itself at the
 * peak is a violation even with a timeout above the callee's p95 (the outside tester's
 * retry.yaml: plan said "no violations" and a breaking point of 190 req/s; `simulate` collapsed
 * and the fixed point ceases to exist at about 141 req/s).
 *
 * The references are computed here by hand, independently of the planner: back is M/M/4 per
 * replica (μ = 1/40 ms = 25/s), 2 replicas, api's call retried twice on a 150 ms timeout with 2 %
 * failures. At X user req/s each replica of back gets λ = X/2 · (1 + q + q²), and
 * q = 0.02 + 0.98 · P(R > 150 ms | λ) with the M/M/c response time's survival
 * P(R > t) = (1 − C)e^{−μt} + C·(θe^{−μt} − μe^{−θt})/(θ − μ), θ = cμ − λ, C Erlang's C.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { sweepFixed } from '../../src/explore/sweep.js';
import { solve } from '../../src/plan/solve.js';
import type { PhasePlan } from '../../src/plan/types.js';
import { formatNumber } from '../../src/units/format.js';

function profile(rps: number, call: string): string {
  return `apiVersion: capplan/v1
name: retry
workload: { rps: ${rps} }
targets: { latencyP95: 1s }
components:
  api: { kind: service, serviceTime: 5ms, workers: 8, replicas: 2, calls: [${call}] }
  back: { kind: service, serviceTime: 40ms, workers: 4, replicas: 2 }
`;
}
const RETRIED = '{ to: back, retries: 2, timeout: 150ms, failureRate: 2% }';

async function phaseOf(text: string): Promise<PhasePlan> {
  const { profile: p } = await loadProfileText(text, 'retry.yaml');
  return solve(p).phases[0]!;
}

/** Erlang's C for c servers at offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = ((term * a) / c) / (1 - a / c);
  return last / (sum + last);
}

/** P(R > t) of M/M/c (the closed form above); 1 when saturated. */
function survival(t: number, lambda: number, mu: number, c: number): number {
  if (lambda >= c * mu) return 1;
  const C = erlangC(c, lambda / mu);
  const theta = c * mu - lambda;
  return (1 - C) * Math.exp(-mu * t) + (C * (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t))) / (theta - mu);
}

/** The least fixed point's attempts per call at X user req/s, by plain passes from q = 2 %; null when they reach back's saturation. */
function attemptsAt(x: number): number | null {
  let q = 0.02;
  for (let n = 0; n < 1_000_000; n++) {
    const lambda = (x / 2) * (1 + q + q * q);
    if (lambda >= 100) return null;
    const next = 0.02 + 0.98 * survival(0.15, lambda, 25, 4);
    if (next - q < 1e-15) return 1 + q + q * q;
    q = next;
  }
  return null;
}

/** The least X (to 1e-9 relative) at which back's load X·E(X) reaches `rate` per replica pair, or its fixed point ceases to exist. */
function referenceRate(rate: number): number {
  let lo = 100;
  let hi = 200;
  while (hi - lo > 1e-9 * hi) {
    const mid = (lo + hi) / 2;
    const e = attemptsAt(mid);
    if (e === null || mid * e >= rate) hi = mid;
    else lo = mid;
  }
  return lo;
}

describe('retries on a timeout: the breaking point and the storm', () => {
  it('finds the breaking point where the retry fixed point ceases to exist (≈ 141 req/s, not 190)', async () => {
    const phase = await phaseOf(profile(100, RETRIED));
    const back = phase.components.find((c) => c.name === 'back')!;
    // back carries 2 × 4 / 40 ms = 200 req/s: at the peak's 1.0503 attempts that was 190 req/s.
    const breaking = referenceRate(200);
    expect(breaking).toBeGreaterThan(141);
    expect(breaking).toBeLessThan(142);
    // Tolerance: the planner bisects the load to 1e-6 (relative) and reads passes that have not
    // settled within 2,000 as broken, about 3e-6 below the exact point (3.5/√ε passes at ε past
    // it): 1e-5 covers both, far below the three digits printed.
    expect(Math.abs(back.breakingRps - breaking)).toBeLessThan(1e-5 * breaking);
    expect(phase.system.breakingRps).toBe(back.breakingRps);
    // The max sustainable rate: back's load X·E(X) at its 70 % target, 140 req/s.
    const max = referenceRate(140);
    expect(Math.abs(back.maxRps - max)).toBeLessThan(1e-5 * max);
    expect(max).toBeLessThan(133.3); // the peak's amplification gave 133
    // As printed: three significant digits.
    expect(formatNumber(phase.system.breakingRps)).toBe('141');
  });

  it('agrees with the plan of the same topology just past it: back saturated', async () => {
    const below = await phaseOf(profile(140, RETRIED));
    const above = await phaseOf(profile(142, RETRIED));
    expect(below.components.find((c) => c.name === 'back')!.utilization).toBeLessThan(0.8);
    expect(above.components.find((c) => c.name === 'back')!.utilization).toBeGreaterThan(2);
    // The breaking point is the topology's, whatever the peak it was planned at.
    expect(Math.abs(above.system.breakingRps - referenceRate(200))).toBeLessThan(1e-4 * 141);
  });

  it('reports a storm that sustains itself though the timeout is above the p95 (150 ms against 127 ms)', async () => {
    const phase = await phaseOf(profile(100, RETRIED));
    const call = phase.components.find((c) => c.name === 'api')!.callGraph[0]!;
    // By hand: P(R > 150 ms) = 2.86 % at λ = 52.5/s, q = 0.02 + 0.98 × 0.0286 = 4.80 %, E = 1.0503.
    const p = survival(0.15, 52.51, 25, 4);
    expect(p).toBeCloseTo(0.0286, 4);
    expect(call.expectedAttempts).toBeCloseTo(1.0503, 4);
    expect(call.callP95!).toBeLessThan(0.15);
    // In a storm every call makes 3: F = 3/1.0503 = 2.856, against 190.4 req/s at the peak's
    // amplification: 285.6/190.4 = 1.50× its breaking point.
    const v = phase.violations.filter((x) => x.kind === 'timeout');
    expect(v).toHaveLength(1);
    expect(v[0]!.component).toBe('api');
    expect(v[0]!.path).toBe('components.api.calls[0]');
    expect(v[0]!.message).toMatch(/^calls to back time out after 150 ms, above their p95 of 127 ms, yet 2\.9% of attempts time out and each is retried \(2 retries, 1\.05 attempts a call\); were every attempt to time out \(a burst, a slow back\), each call would make 3 attempts and back would take 2\.86× its planned load, 1\.5× its breaking point: once started, the storm would sustain itself \(metastable\)$/);
  });

  it('says nothing of a storm that would drain (back three times larger)', async () => {
    const phase = await phaseOf(profile(100, RETRIED).replace('workers: 4, replicas: 2 }', 'workers: 4, replicas: 6 }'));
    expect(phase.violations).toEqual([]);
  });

  it('sweeps the fixed topology with the amplification found again at each load', async () => {
    const phase = await phaseOf(profile(100, RETRIED));
    const r = sweepFixed('retry', phase, { fromScale: 1.3, toScale: 1.5, points: 21 }, 0.95);
    const back = r.components.find((c) => c.name === 'back')!;
    const breaking = referenceRate(200);
    for (let k = 0; k < r.rps.length; k++) {
      const x = r.rps[k]!;
      if (x < breaking - 0.01) {
        // Below it, back's load is X·E(X)/200 by hand, its p95 and the path's finite.
        expect(back.utilization[k]!).toBeCloseTo((x * attemptsAt(x)!) / 200, 6);
        expect(Number.isFinite(r.latencyP95[k]!)).toBe(true);
      } else if (x > breaking + 0.01) {
        // Past it every attempt times out: 3 attempts a call, back at 3X/200, the p95 unbounded.
        expect(back.utilization[k]!).toBeCloseTo((3 * x) / 200, 6);
        expect(r.latencyP95[k]).toBe(Infinity);
      }
    }
    // At 145 req/s, as the plan of the same topology at that load has it: 217 %.
    const at145 = sweepFixed('retry', phase, { fromScale: 1.45, toScale: 1.45, points: 1 }, 0.95);
    expect(at145.components.find((c) => c.name === 'back')!.utilization[0]!).toBeCloseTo(2.175, 3);
    expect(Math.abs(r.pathSaturationRps! - breaking)).toBeLessThan(1e-5 * breaking);
    expect(r.saturation[0]).toMatchObject({ component: 'back' });
    expect(Math.abs(r.saturation[0]!.breakingRps! - breaking)).toBeLessThan(1e-5 * breaking);
    // back's replicas are fixed, so its saturation is a hard break: no latency limit is told past it (sweep-hard-break.test.ts).
    if (r.latencyLimitRps !== null) expect(r.latencyLimitRps).toBeLessThanOrEqual(r.pathSaturationRps! * (1 + 1e-9));
  });

  it('leaves a profile without a timed retry as it was: the breaking point at the peak amplification, the sweep linear', async () => {
    // Retried on failures only: 1 + 0.02 + 0.0004 = 1.0204 attempts at every load, 200/1.0204 req/s.
    const failures = await phaseOf(profile(100, '{ to: back, retries: 2, failureRate: 2% }'));
    expect(failures.system.breakingRps).toBeCloseTo(200 / 1.0204, 9);
    expect(failures.violations).toEqual([]);
    const plain = await phaseOf(profile(100, 'back'));
    expect(plain.system.breakingRps).toBe(200);
    expect(plain.system.maxRps).toBeCloseTo(140, 9);
    const r = sweepFixed('retry', plain, { fromScale: 0.5, toScale: 2, points: 4 }, 0.95);
    const back = r.components.find((c) => c.name === 'back')!;
    expect(back.utilization).toEqual(r.scale.map((s) => plain.components.find((c) => c.name === 'back')!.utilization * s));
    expect(r.pathSaturationRps).toBeCloseTo(200, 9);
  });
});

describe('a retry search past its inversion budget', () => {
  it('takes the storm bound for a near-deterministic callee, says so, and ends in time (it searched ~3,800 sharp inversions, 98 s)', async () => {
    // api → pay (1.5 ms, deterministic) → 60 %: slow (2 s, deterministic, 64 workers), retried once on a 2 s timeout:
    // the callee's time is too sharp for the contour, every pass inverts it by the Fourier series.
    const text = `apiVersion: capplan/v1
name: sharp-call
workload: { rps: 5 }
targets: { zones: 1 }
components:
  api: { kind: service, serviceTime: 5ms, workers: 8, calls: [{ to: pay, retries: 1, timeout: 2s }] }
  pay: { kind: service, serviceTime: 1.5ms, distribution: deterministic, workers: 4, calls: [{ oneOf: [{ to: slow, probability: 60% }] }] }
  slow: { kind: service, serviceTime: 2s, distribution: deterministic, workers: 64 }
`;
    const started = performance.now();
    const phase = await phaseOf(text);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(phase.system.latencyNotes.join('\n')).toMatch(/take every retried attempt timing out: lower bounds, not the exact rates/);
    // slow saturates at 64 / 2 s = 32/s; a request sends it 0.6 calls of at most 2 attempts (1 retry),
    // so its breaking point is at least 32 / (0.6 × 2) = 26.7 user req/s (the storm bound), and below
    // the one with the peak's amplification held (82.6 req/s, the plan before the search).
    const slow = phase.components.find((c) => c.name === 'slow')!;
    expect(slow.breakingRps).toBeGreaterThanOrEqual(32 / (0.6 * 2) - 1e-6);
    expect(slow.breakingRps).toBeLessThan(82.6);
  });
});

describe('timed calls that next to never time out', () => {
  it('are not searched: a chain of six retried calls on a 2 s timeout over 6 ms p95s breaks at its capacity, 2,000 req/s (a storm bound gave 62.5)', async () => {
    const hop = (i: number) => `  s${i}: { kind: service, serviceTime: 2ms, workers: 4, calls: [{ to: s${i + 1}, retries: 1, timeout: 2s }] }\n`;
    const text = `apiVersion: capplan/v1\nname: chain6\nworkload: { rps: 100 }\ntargets: { latencyP95: 60s }\ncomponents:\n${[0, 1, 2, 3, 4].map(hop).join('')}  s5: { kind: service, serviceTime: 2ms, workers: 4 }\n`;
    const phase = await phaseOf(text);
    // Each replica: 4 workers / 2 ms = 2,000/s; one replica each, every hop visited once a request.
    expect(phase.system.breakingRps).toBeCloseTo(2000, 6);
    expect(phase.system.latencyNotes.join('\n')).not.toMatch(/lower bounds/);
    expect(phase.violations).toEqual([]);
  });
});
