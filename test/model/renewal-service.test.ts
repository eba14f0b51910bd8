/*
 * A renewal stream (c_a² ≠ 1) into a queue whose service is not exponential: the approximation
 * (queue-model.ts, docs/model.md "Bursty arrivals") must meet the exact models at its edges, the
 * M/G/1 (Pollaczek–Khinchine) or M/G/c model at c_a² = 1 and the exact GI/M/c at c_s² = 1.
 */
import { describe, expect, it } from 'vitest';
import { solveQueue, type Arrivals } from '../../src/model/queue-model.js';
import { fitLaw } from '../../src/model/service-law.js';
import { pathLatency } from '../../src/model/path-latency.js';

const renewal = (scv: number): Arrivals => ({ kind: 'renewal', scv, every: 1, keep: 1 });

function p95(servers: number, rho: number, serviceScv: number, arrivals?: Arrivals): { p95: number; mean: number } {
  const service = fitLaw(0.01, serviceScv);
  const q = solveQueue({ servers, arrivalRate: (rho * servers) / 0.01, service, arrivals });
  const r = pathLatency({ stages: [{ wait: q.wait!, service, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } }, 0.95);
  return { p95: r.percentileS, mean: q.meanWaitS };
}

describe('GI/G/c: continuous with the exact models', () => {
  for (const servers of [1, 4]) {
    for (const [rho, cs2] of [[0.5, 9], [0.8, 4], [0.7, 0.25]] as const) {
      it(`c = ${servers}, ρ ${rho}, c_s² ${cs2}: c_a² 1 ± 1e-4 is the Poisson model's p95 within 0.1 %`, () => {
        const poisson = p95(servers, rho, cs2);
        for (const ca2 of [1 - 1e-4, 1 + 1e-4]) {
          const near = p95(servers, rho, cs2, renewal(ca2));
          expect(Math.abs(near.p95 / poisson.p95 - 1)).toBeLessThan(1e-3);
          expect(Math.abs(near.mean / poisson.mean - 1)).toBeLessThan(1e-3);
        }
      });
    }
    for (const ca2 of [0.25, 4]) {
      it(`c = ${servers}, c_a² ${ca2}: c_s² 1 ± 1e-4 is the exact GI/M/c's p95 within 0.1 %`, () => {
        const exact = p95(servers, 0.6, 1, renewal(ca2));
        for (const cs2 of [1 - 1e-4, 1 + 1e-4]) {
          const near = p95(servers, 0.6, cs2, renewal(ca2));
          expect(Math.abs(near.p95 / exact.p95 - 1)).toBeLessThan(1e-3);
        }
      });
    }
  }

  it('names the approximation', () => {
    const q = solveQueue({ servers: 1, arrivalRate: 50, service: fitLaw(0.01, 4), arrivals: renewal(4) });
    expect(q.method).toBe('GI/H2/1 M/G/1 × (c_a² + c_s²)/(1 + c_s²), GI/M/1-corrected, c_a² 4 (approximation)');
    expect(q.exact).toBe(false);
  });
});
