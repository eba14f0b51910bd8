/**
 * Calls refused by a token bucket below its limit (model/token-bucket.ts). The M/D/1 waiting-time
 * law is checked against its textbook figures (P(W = 0) = 1 − ρ, the Pollaczek–Khinchine mean
 * ρD / 2(1 − ρ)); the refused share against Erlang's loss for one token (ρ / (1 + ρ)) and
 * against a seeded simulation of the bucket, with 95 % intervals over independent runs.
 */
import { describe, expect, it } from 'vitest';
import { bucketDepth, md1WaitCdf, md1WaitTail, rateForRefusedShare, refusedShare } from '../../src/model/token-bucket.js';

/** A token bucket of `depth` filled at `rate` meeting `n` Poisson calls at `lambda`: the share refused (LCG seeded). */
function simulatedShare(lambda: number, rate: number, depth: number, n: number, seed: number): number {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  let t = 0;
  let last = 0;
  let tokens = depth;
  let refused = 0;
  for (let i = 0; i < n; i++) {
    t += -Math.log(uniform()) / lambda;
    tokens = Math.min(depth, tokens + (t - last) * rate);
    last = t;
    if (tokens < 1) refused++;
    else tokens -= 1;
  }
  return refused / n;
}

/** Mean and 95 % half-width (Student t, 4 degrees of freedom) of five runs. */
function interval(runs: number[]): { mean: number; half: number } {
  const mean = runs.reduce((a, b) => a + b, 0) / runs.length;
  const sd = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / (runs.length - 1));
  return { mean, half: (2.776 * sd) / Math.sqrt(runs.length) };
}

describe('the M/D/1 waiting time', () => {
  it('has an atom 1 − ρ at zero and the Pollaczek–Khinchine mean', () => {
    for (const rho of [0.3, 0.7, 0.9]) {
      expect(md1WaitCdf(rho, 1, 0)).toBeCloseTo(1 - rho, 14);
      // E[W] = ∫ P(W > x) dx, the series to 8 service times and the exponential tail beyond.
      let mean = 0;
      const h = 1e-3;
      for (let x = h / 2; x < 8; x += h) mean += (1 - md1WaitCdf(rho, 1, x)) * h;
      const u = -Math.log(md1WaitTail(rho, 1) / md1WaitTail(rho, 0));
      mean += md1WaitTail(rho, 8) / u;
      expect(mean).toBeCloseTo(rho / (2 * (1 - rho)), 4);
    }
  });

  it('has an exponential tail that meets the series where the plan switches', () => {
    for (const rho of [0.3, 0.7, 0.9, 0.96]) {
      expect(md1WaitTail(rho, 8) / (1 - md1WaitCdf(rho, 1, 8))).toBeCloseTo(1, 4);
    }
  });
});

describe('calls refused by a token bucket below its limit', () => {
  it('is Erlang’s loss ρ / (1 + ρ) for a bucket of one token', () => {
    expect(refusedShare(0.45, 0.5, 1)).toBeCloseTo(0.9 / 1.9, 12);
    expect(refusedShare(0.3, 1, 1)).toBeCloseTo(0.3 / 1.3, 12);
  });

  it('agrees with a seeded simulation of the bucket (one second of the limit deep)', () => {
    for (const [lambda, rate] of [[48, 50], [4.5, 5], [9, 10], [7, 10], [2.8, 3]] as const) {
      const runs = [1, 2, 3, 4, 5].map((seed) => simulatedShare(lambda, rate, bucketDepth(rate), 1_000_000, seed));
      const { mean, half } = interval(runs);
      const model = refusedShare(lambda, rate)!;
      // Within the simulation's 95 % interval, widened by 3 % of the figure for the runs' own bias.
      expect(Math.abs(model - mean), `${lambda}/s on ${rate}/s: model ${model}, simulated ${mean} ± ${half}`).toBeLessThanOrEqual(half + 0.03 * mean);
    }
  });

  it('is none at or above the limit (the excess, not bursts) and nothing without calls', () => {
    expect(refusedShare(50, 50)).toBeNull();
    expect(refusedShare(60, 50)).toBeNull();
    expect(refusedShare(0, 50)).toBe(0);
  });

  it('finds the peak below which at most a given share is refused', () => {
    const rate = rateForRefusedShare(50, 1e-4);
    expect(refusedShare(rate, 50)!).toBeCloseTo(1e-4, 8);
    expect(rate).toBeGreaterThan(40);
    expect(rate).toBeLessThan(50);
  });
});
