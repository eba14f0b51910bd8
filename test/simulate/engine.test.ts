/** The simulator's building blocks: generator, samplers, histogram, event heap; determinism. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, inverseNormal, Sampler, secondMoment, type ServiceDist } from '../../src/simulate/distributions.js';
import { EventHeap } from '../../src/simulate/event-heap.js';
import { binOf, binValue, FINE, histogramQuantile } from '../../src/simulate/histogram.js';
import { renderSimulationJson, summarise } from '../../src/simulate/index.js';
import { Rng } from '../../src/simulate/rng.js';
import { runReplications } from '../../src/simulate/runner.js';
import { interval } from '../../src/simulate/stats.js';
import { model, station, steady, visit } from './helpers.js';

describe('xoshiro128**', () => {
  it('matches the reference outputs for the state (1, 2, 3, 4)', () => {
    // Blackman & Vigna's reference code (prng.di.unimi.it/xoshiro128starstar.c) from s = {1, 2, 3, 4}.
    const r = Rng.fromState(1, 2, 3, 4);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('gives uniforms in (0, 1) with mean ½ and variance 1/12, and distinct streams per replication', () => {
    const r = new Rng(42);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let inside = true;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      inside &&= u > 0 && u < 1;
      sum += u;
      sq += u * u;
    }
    expect(inside).toBe(true);
    // Standard errors: sd/√n = 0.289/447 ≈ 6.5e-4 for the mean; 5 standard errors allowed.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 * 6.5e-4);
    expect(Math.abs(sq / n - (sum / n) ** 2 - 1 / 12)).toBeLessThan(1e-3);
    expect(new Rng(42, 0).nextUint32()).not.toBe(new Rng(42, 1).nextUint32());
    expect(new Rng(42, 0, 1).nextUint32()).not.toBe(new Rng(42, 0, 2).nextUint32());
  });

  it('gives exponentials of mean 1 by the ziggurat: moments, the tail beyond its base strip, and a Kolmogorov–Smirnov test', () => {
    const r = new Rng(7);
    const n = 1_000_000;
    const x = new Float64Array(n);
    let sum = 0;
    let sq = 0;
    let beyondOne = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const v = r.exponential();
      x[i] = v;
      sum += v;
      sq += v * v;
      if (v > 1) beyondOne++;
      if (v > 7.697117470131487) tail++;
    }
    expect(x.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    const mean = sum / n;
    // Exp(1): sd 1, so the mean's standard error is 1/√n = 0.001; the sample variance's is √(8/n) ≈ 0.0028.
    expect(Math.abs(mean - 1)).toBeLessThan(4 * 0.001);
    expect(Math.abs(sq / n - mean * mean - 1)).toBeLessThan(4 * 0.0028);
    // P(X > 1) = e^−1, standard error √(p(1 − p)/n) ≈ 4.8e-4; beyond r = 7.6971 (the tail the base strip draws) e^−r ≈ 4.54e-4, ±21 of 454.
    expect(Math.abs(beyondOne / n - Math.exp(-1))).toBeLessThan(4 * 4.8e-4);
    expect(Math.abs(tail - n * Math.exp(-7.697117470131487))).toBeLessThan(4 * 21.3);
    // Kolmogorov–Smirnov: D below 1.628/√n, the 1 % critical value (Smirnov's asymptotic law).
    x.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = 1 - Math.exp(-x[i]!);
      d = Math.max(d, (i + 1) / n - f, f - i / n);
    }
    expect(d).toBeLessThan(1.628 / Math.sqrt(n));
  });
});

describe('service-time samplers (inverse transform)', () => {
  it('inverts the normal distribution function (Acklam, relative error < 1.2e-9)', () => {
    // Φ⁻¹ values from Abramowitz & Stegun table 26.5.
    expect(inverseNormal(0.975)).toBeCloseTo(1.959963985, 8);
    expect(inverseNormal(0.05)).toBeCloseTo(-1.644853627, 8);
    expect(inverseNormal(0.999)).toBeCloseTo(3.090232306, 8);
    expect(inverseNormal(0.5)).toBe(0);
  });

  const laws: ServiceDist[] = [
    { kind: 'exponential', meanS: 0.02 },
    { kind: 'deterministic', meanS: 0.02 },
    { kind: 'lognormal', meanS: 0.02, cv: 1.5 },
    { kind: 'phase-type', meanS: 0.02, cv: 0.4 },
    { kind: 'phase-type', meanS: 0.02, cv: 3 },
    { kind: 'empirical', meanS: 0.02, samplesS: [1, 2, 2, 3, 10], source: 'test' },
    // Reads of 1 ms and writes as Erlang-2 of mean 10 ms, 70/30: mean 0.7 ms + 3 ms.
    { kind: 'erlang-mixture', meanS: 0.0037, branches: [{ probability: 0.7, phases: 1, rate: 1000 }, { probability: 0.3, phases: 2, rate: 200 }] },
  ];
  it.each(laws.map((d) => [d.kind, d] as const))('%s: sample mean and cv match the law', (_, d) => {
    const sampler = new Sampler(d);
    const rng = new Rng(7);
    const reps = Array.from({ length: 10 }, () => {
      let s = 0;
      let q = 0;
      const n = 40_000;
      for (let i = 0; i < n; i++) {
        const x = sampler.sample(rng);
        s += x;
        q += x * x;
      }
      return { mean: s / n, m2: q / n };
    });
    const m = interval(reps.map((r) => r.mean), 0.99)!;
    const m2 = interval(reps.map((r) => r.m2), 0.99)!;
    expect(d.meanS).toBeGreaterThanOrEqual(m.lo - 1e-12);
    expect(d.meanS).toBeLessThanOrEqual(m.hi + 1e-12);
    expect(secondMoment(d)).toBeGreaterThanOrEqual(m2.lo - 1e-12);
    expect(secondMoment(d)).toBeLessThanOrEqual(m2.hi + 1e-12);
  });

  it('fits a very regular law (cv below 1/8) as Erlang-64, a little more variable than asked', () => {
    const sampler = new Sampler({ kind: 'phase-type', meanS: 1, cv: 0.001 });
    const rng = new Rng(2);
    const xs = Array.from({ length: 20_000 }, () => sampler.sample(rng));
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
    expect(m).toBeCloseTo(1, 2);
    expect(sd).toBeCloseTo(1 / 8, 2);
  });

  it('reports the coefficient of variation of each law', () => {
    expect(coefficientOfVariation({ kind: 'exponential', meanS: 3 })).toBeCloseTo(1, 12);
    expect(coefficientOfVariation({ kind: 'deterministic', meanS: 3 })).toBe(0);
    expect(coefficientOfVariation({ kind: 'lognormal', meanS: 3, cv: 0.7 })).toBeCloseTo(0.7, 12);
  });
});

describe('log-binned histogram', () => {
  it('reports any quantile within ±0.1 % of the exact sample quantile', () => {
    const rng = new Rng(3);
    const xs = Array.from({ length: 20_001 }, () => -Math.log(rng.uniform()) * 0.05);
    const counts = new Uint32Array(FINE.bins);
    for (const x of xs) counts[binOf(FINE, x)]!++;
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(p * xs.length) - 1]!;
      expect(Math.abs(histogramQuantile(FINE, counts, 0, p) / exact - 1)).toBeLessThanOrEqual(FINE.resolution / 2 + 1e-12);
    }
  });

  it('reads the same bin with the total given and from a slot at any offset (the scan that passes over empty runs)', () => {
    // The reference: the ⌈p·n⌉-th smallest sample's bin, from the sorted bins of the samples.
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-7, max: 1e7, noNaN: true }), { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(0.01, 0.5, 0.95, 0.999, 1),
        (xs, slot, p) => {
          const counts = new Uint32Array(4 * FINE.bins);
          // Other slots hold other samples, which a scan of this slot must not read.
          counts[(slot + 1) % 4 * FINE.bins + 7] = 5;
          const bins = xs.map((x) => binOf(FINE, x)).sort((a, b) => a - b);
          for (const b of bins) counts[slot * FINE.bins + b]!++;
          const expected = bins.length === 0 ? Number.NaN : binValue(FINE, bins[Math.max(1, Math.ceil(p * bins.length - 1e-9)) - 1]!);
          expect(histogramQuantile(FINE, counts, slot * FINE.bins, p)).toBe(expected);
          expect(histogramQuantile(FINE, counts, slot * FINE.bins, p, bins.length)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts each value in the bin whose edges hold it', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (t) => {
        const b = binOf(FINE, t);
        expect(Math.abs(binValue(FINE, b) / t - 1)).toBeLessThanOrEqual(FINE.resolution);
      }),
    );
  });
});

describe('event heap', () => {
  it('pops events in time order whatever the order of pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1e3, noNaN: true }), fc.boolean()), { maxLength: 300 }), (ops) => {
        const h = new EventHeap(4);
        let last = -Infinity;
        let now = 0;
        let pending = 0;
        for (const [dt, pop] of ops) {
          if (pop && h.size > 0) {
            const t = h.peekTime();
            expect(t).toBeGreaterThanOrEqual(last);
            last = t;
            now = t;
            h.pop();
            pending--;
          } else {
            h.push(now + dt, pending, 0);
            pending++;
          }
        }
        while (h.size > 0) {
          expect(h.peekTime()).toBeGreaterThanOrEqual(last);
          last = h.peekTime();
          h.pop();
        }
      }),
    );
  });
});

describe('determinism', () => {
  const m = model(1.5, [station('a', 2, 1), station('b', 1, 2, { sharedQueue: true, classes: ['hi', 'lo'] })], [{ kind: 'exponential', meanS: 1 }, { kind: 'lognormal', meanS: 0.5, cv: 2 }], [
    visit(0, 0, { frac: 0.5, whole: 0 }),
    visit(1, 1, { classShares: [0.3, 0.7] }),
    { op: 'end' },
  ]);
  const json = (seed: number) => renderSimulationJson([summarise(m, steady(20_000, 4, seed), runReplications(m, steady(20_000, 4, seed)))]);

  it('gives the same bytes for the same seed, and different figures for another', () => {
    expect(json(5)).toBe(json(5));
    expect(json(5)).not.toBe(json(6));
  });
});
