/** The linear convolution by the FFT (fft.ts) that path-parallel.ts's grid convolution sums with, against the direct sum. */
import { describe, expect, it } from 'vitest';
import { linearConvolution } from '../../src/model/fft.js';

describe('linearConvolution', () => {
  it('equals Σ_{k≤m} x_k·y_{m−k} to round-off for a CDF-like y and cell masses x (L = 1,024)', () => {
    const len = 1024;
    const x = new Float64Array(len);
    const y = new Float64Array(len);
    // Cell masses of an Exp(3) law on [0, 2] and the CDF of an Erlang-2 at the half points: what the grid convolves.
    const h = 2 / len;
    for (let k = 0; k < len; k++) {
      x[k] = Math.exp(-3 * k * h) - Math.exp(-3 * (k + 1) * h);
      const t = (k + 0.5) * h;
      y[k] = 1 - Math.exp(-5 * t) * (1 + 5 * t);
    }
    const c = linearConvolution(x, y);
    let worst = 0;
    for (let m = 0; m < len; m++) {
      let direct = 0;
      for (let k = 0; k <= m; k++) direct += x[k]! * y[m - k]!;
      worst = Math.max(worst, Math.abs(c[m]! - direct));
    }
    expect(worst).toBeLessThan(1e-14);
  });

  it('four terms by hand: c₀ = x₀y₀, c₁ = x₀y₁ + x₁y₀, c₃ = x₀y₃ + x₁y₂', () => {
    const c = linearConvolution(Float64Array.from([2, 3, 0, 0]), Float64Array.from([5, 7, 11, 13]));
    expect(c[0]).toBeCloseTo(10, 12);
    expect(c[1]).toBeCloseTo(2 * 7 + 3 * 5, 12);
    expect(c[3]).toBeCloseTo(2 * 13 + 3 * 11, 12);
  });
});
