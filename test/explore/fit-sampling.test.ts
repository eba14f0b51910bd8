/** A fitted USL capacity as an uncertain input: the Cholesky factor, draws against the delta method, the tornado's direction. */
import { describe, expect, it } from 'vitest';
import { cholesky, fitAtDeviate, fitCapacityQuantiles, fitInput, sampleFit } from '../../src/explore/fit-sampling.js';
import { normalQuantile, uniforms } from '../../src/explore/random.js';
import { Z90 } from '../../src/explore/ranges.js';
import { fitUsl, uslThroughput } from '../../src/fit/usl.js';

// test/fixtures/loadtools/generic.csv: concurrency and throughput of a generic load test.
const POINTS = [[1, 120], [4, 451.3], [8, 829.88], [16, 1399.42], [32, 2002.5], [64, 2213.51]].map(([n, x]) => ({ n: n!, x: x! }));

describe('cholesky', () => {
  it('factors a covariance: L Lᵀ = C', () => {
    const c = [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]];
    const l = cholesky(c);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(l[i]!.reduce((s, v, k) => s + v * l[j]![k]!, 0)).toBeCloseTo(c[i]![j]!, 12);
    expect(l[0]![1]).toBe(0);
  });
});

describe('fitted capacities', () => {
  const fit = fitUsl(POINTS);
  if (!fit.ok) throw new Error('the fixture fits');
  const f = fitInput('api', 'components.api.capacity.fit', fit.params, fit.covariance, 16)!;

  it('draw X(N) with the delta method’s spread (within sampling error)', () => {
    const next = uniforms(11);
    const n = 4000;
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(uslThroughput(sampleFit(f, [normalQuantile(next()), normalQuantile(next()), normalQuantile(next())]), 16));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    // Var X(N) ≈ gᵀ Cov g (Bates & Watts §2.3.1); a sample sd of 4,000 normal draws is within
    // ±3 × 1/√(2n) = ±3.4 % of the truth; the curvature of X in θ adds a little.
    expect(Math.abs(sd / f.capacitySd - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean - uslThroughput(fit.params, 16))).toBeLessThan(4 * (f.capacitySd / Math.sqrt(n)) + 0.01 * f.capacitySd);
  });
  it('put X(N) at its p10 and p90 along the direction of the tornado', () => {
    const q = fitCapacityQuantiles(f);
    expect(q.p90 - q.p50).toBeCloseTo(Z90 * f.capacitySd, 9);
    // To first order X(θ̂ + z·Cov g/sd) = X̂ + z·sd.
    expect(uslThroughput(fitAtDeviate(f, Z90), 16)).toBeCloseTo(q.p90, 0);
    expect(uslThroughput(fitAtDeviate(f, -Z90), 16)).toBeCloseTo(q.p10, 0);
  });
  it('is absent without a covariance', () => {
    expect(fitInput('api', 'x', fit.params, null, 16)).toBeNull();
  });
});
