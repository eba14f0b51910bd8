/** The knee (Kleinrock's power) and target crossing of latency curves, against closed forms. */
import { describe, expect, it } from 'vitest';
import { crossing, powerKnee, sampledKnee } from '../../src/explore/knee.js';

describe('powerKnee', () => {
  it('finds ρ = ½ on an M/M/1 curve, where the response time is twice its unloaded value', () => {
    // M/M/1 with μ = 100/s: the response time is exponential with rate μ − λ, so
    // p95(λ) = ln 20 / (μ − λ) and λ / p95(λ) = λ(μ − λ) / ln 20 is largest at λ = μ/2 = 50
    // (Kleinrock 1979), where p95 = ln 20 / 50 = 2 × (ln 20 / 100).
    const mu = 100;
    const p95 = (x: number) => (x < mu ? Math.log(20) / (mu - x) : Infinity);
    const knee = powerKnee(p95, mu)!;
    expect(knee.rps).toBeCloseTo(50, 6);
    expect(knee.latencyS).toBeCloseTo(2 * (Math.log(20) / mu), 9);
  });
  it('moves toward saturation when a fixed delay dominates', () => {
    // R(X) = d + Sμ/(μ − X) (a fixed delay d before an M/M/1-like wait). dP/dX = 0 with P = X/R
    // means R = X·R', R' = Sμ/(μ − X)²; with y = μ − X this is d·y² + 2Sμ·y − Sμ² = 0, so
    // y = μ(√(S² + dS) − S)/d. S = 10 ms, d = 90 ms, μ = 100/s: y = 100 × (0.0316228 − 0.01)/0.09
    // = 24.0253, X = 75.9747 req/s (past μ/2: the delay makes queueing relatively cheaper).
    const mu = 100;
    const s = 0.01;
    const d = 0.09;
    const r = (x: number) => (x < mu ? d + (s * mu) / (mu - x) : Infinity);
    const expected = mu - (mu * (Math.sqrt(s * s + d * s) - s)) / d;
    expect(expected).toBeCloseTo(75.9747, 4);
    expect(powerKnee(r, mu)!.rps).toBeCloseTo(expected, 6);
  });
  it('has no knee without saturation', () => {
    expect(powerKnee(() => 0.1, Infinity)).toBeNull();
  });
});

describe('crossing', () => {
  it('solves ln 20 / (μ − λ) = target', () => {
    // μ = 100/s, target 100 ms: λ = μ − ln 20 / 0.1 = 100 − 29.957 = 70.043 req/s.
    const p95 = (x: number) => (x < 100 ? Math.log(20) / (100 - x) : Infinity);
    expect(crossing(p95, 100, 0.1)).toBeCloseTo(100 - Math.log(20) / 0.1, 6);
  });
  it('is 0 when the target is missed unloaded, and null when a flat curve never reaches it', () => {
    expect(crossing(() => 0.2, 100, 0.1)).toBe(0);
    expect(crossing(() => 0.05, Infinity, 0.1)).toBeNull();
  });
});

describe('sampledKnee', () => {
  it('takes the point of largest X / R, skipping unbounded points', () => {
    expect(sampledKnee([{ rps: 10, latencyS: 1 }, { rps: 30, latencyS: 2 }, { rps: 40, latencyS: Infinity }])).toEqual({ rps: 30, latencyS: 2 });
  });
  it('finds no knee where X / R still rises at the last point (a re-planned sweep named its end "the knee")', () => {
    expect(sampledKnee([{ rps: 10, latencyS: 1 }, { rps: 30, latencyS: 1.1 }, { rps: 60, latencyS: 1.2 }])).toBeNull();
    expect(sampledKnee([{ rps: 10, latencyS: 1 }])).toEqual({ rps: 10, latencyS: 1 });
  });
});
