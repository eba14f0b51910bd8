/**
 * fitUsl's summary (SSE, R², the covariance from JᵀJ) sums over every point in one pass each,
 * with the gradient written into one array: the same additions, in the same order, as mapping the
 * points and summing (Bates & Watts 1988, §2.3, as in usl.ts). Checked bit for bit against that
 * plain reading on random data, so no printed digit of a fit can move.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invertScaled } from '../../src/fit/linalg.js';
import { sumSquares } from '../../src/fit/least-squares.js';
import { fitUsl } from '../../src/fit/usl.js';
import { uslGradient, uslGradientInto, uslThroughput } from '../../src/fit/usl-model.js';

describe('the fit summary', () => {
  it('equals the map-then-sum reading of its formulas, bit for bit', () => {
    const point = fc.record({ n: fc.integer({ min: 1, max: 200 }), noise: fc.double({ min: 0.8, max: 1.2, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(point, { minLength: 8, maxLength: 300 }), fc.double({ min: 0, max: 0.2, noNaN: true }), (raw, sigma) => {
        const truth = { sigma, kappa: 0.0003, lambda: 50 };
        const points = raw.map(({ n, noise }) => ({ n, x: uslThroughput(truth, n) * noise }));
        const fit = fitUsl(points);
        if (!fit.ok) return;
        const sorted = Array.from(fit.points.n, (n, i) => ({ n, x: fit.points.x[i]! }));
        const sse = sumSquares(sorted.map((p) => p.x - uslThroughput(fit.params, p.n)));
        expect(fit.sse).toBe(sse);
        const mean = sorted.reduce((s, p) => s + p.x, 0) / sorted.length;
        const sst = sumSquares(sorted.map((p) => p.x - mean));
        expect(fit.r2).toBe(sst > 0 ? 1 - sse / sst : null);
        const jtj = [0, 1, 2].map(() => [0, 0, 0]);
        for (const p of sorted) {
          const g = uslGradient(fit.params, p.n);
          for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) jtj[a]![b]! += g[a]! * g[b]!;
        }
        const s2 = sse / (sorted.length - 3);
        expect(fit.covariance).toEqual(invertScaled(jtj)?.map((row) => row.map((v) => v * s2)) ?? null);
      }),
      { numRuns: 60 },
    );
  });

  it('uslGradientInto writes what uslGradient returns', () => {
    const out: [number, number, number] = [9, 9, 9];
    for (const n of [1, 2, 17, 1e6]) {
      const params = { sigma: 0.03, kappa: 1e-4, lambda: 120 };
      expect(uslGradientInto(params, n, out)).toBe(out);
      expect(out).toEqual(uslGradient(params, n));
    }
  });
});
