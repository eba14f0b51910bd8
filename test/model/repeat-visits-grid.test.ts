/**
 * Repeated back-to-back visits of one request to one queue against a seeded simulation of
 * requests that rejoin the tail after each visit (test/support/queue-sim.ts), over a grid of the
 * cases the model has to carry: one and four servers, one queue or a random choice among three
 * replicas, exponential and non-exponential service (c² 0.25 and 4), 2 to 10 visits, ρ 0.5 to 0.9.
 * Every request in the simulation makes the same number of visits, as a database's N+1 queries
 * do. The reference is the simulation's p95 with its 95 % batch-means confidence interval, never
 * a figure the model printed.
 *
 * Measured over the full grid (2 × 2 × 3 × 3 × 3 cases at 200,000 requests, docs/model.md,
 * "Repeated visits"): the p95 within −13.5 % … +17 % of the simulated one, where the model before
 * was within −46 % … +85 %. The band below is that measurement: at most 12 % under the interval's
 * low end, at most 18 % over its high end. Each case names the change it checks, and the first
 * model fails it.
 */
import { describe, expect, it } from 'vitest';
import { pathLatency, visitCounts } from '../../src/model/path-latency.js';
import type { PathModel } from '../../src/model/path-tree.js';
import { solveQueue } from '../../src/model/queue-model.js';
import type { VisitLaw } from '../../src/model/repeat-visits.js';
import { fitLaw } from '../../src/model/service-law.js';
import { meanInterval, quantileInterval, simulate } from '../support/queue-sim.js';

/** The measured band of the p95 around the simulation's interval. */
const BELOW = 0.12;
const ABOVE = 0.18;

interface Case {
  /** Replicas chosen at random (1: one queue). */
  replicas: number;
  servers: number;
  scv: number;
  rho: number;
  visits: number;
  /** What the case checks, and what the model before said (p95 against the simulated, measured). */
  checks: string;
}

const cases: Case[] = [
  { replicas: 1, servers: 1, scv: 1, rho: 0.5, visits: 10, checks: 'the customers ahead cycle back behind the request (first model −26.5 %)' },
  { replicas: 1, servers: 1, scv: 1, rho: 0.7, visits: 2, checks: 'two visits stay where they were (first model −2.1 %)' },
  { replicas: 1, servers: 1, scv: 0.25, rho: 0.5, visits: 10, checks: 'a returning visit waits whole services, c² = 0.25 (first model −44 %)' },
  { replicas: 1, servers: 1, scv: 4, rho: 0.5, visits: 5, checks: 'a returning visit waits whole services, c² = 4 (first model +32 %)' },
  { replicas: 3, servers: 1, scv: 1, rho: 0.7, visits: 10, checks: 'on another replica the returns of the customers ahead still count (first model −18 %)' },
  { replicas: 1, servers: 4, scv: 1, rho: 0.7, visits: 10, checks: 'four servers, the covariance of the waits (first model −16 %)' },
  { replicas: 1, servers: 4, scv: 0.25, rho: 0.7, visits: 5, checks: 'four servers, c² = 0.25 (first model −20 %)' },
  { replicas: 3, servers: 4, scv: 4, rho: 0.7, visits: 5, checks: 'random over three replicas of four, c² = 4 (first model +6 %)' },
];

/** One stage visited `visits` times, its consecutive visits correlated as the plan builds them (path-model.ts's stageLaw). */
function model(c: Case): PathModel {
  const service = fitLaw(1, c.scv);
  const q = solveQueue({ servers: c.servers, arrivalRate: c.rho * c.servers, service });
  const law: VisitLaw = { wait: q.wait!, service, repeat: { sameQueue: 1 / c.replicas, slope: c.rho, servers: c.servers } };
  return { stages: [{ ...law, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: visitCounts(c.visits) } };
}

describe('repeated back-to-back visits against a seeded simulation over the grid', () => {
  it.each(cases)('$replicas × M/G/$servers, c² = $scv, ρ = $rho, $visits visits: $checks', (c) => {
    const run = simulate({
      arrivalRate: (c.rho * c.servers * c.replicas) / c.visits,
      replicas: c.replicas,
      servers: c.servers,
      service: fitLaw(1, c.scv),
      visits: visitCounts(c.visits),
      requests: 100_000,
      warmup: 5_000,
      // Seeds other than those of the measurement the model was chosen on.
      seed: 9_001 + 17 * c.visits + 101 * c.servers + 7 * c.replicas,
    });
    const p95 = quantileInterval(run.totals, 0.95);
    const mean = meanInterval(run.totals);
    const got = pathLatency(model(c), 0.95);
    expect(got.percentileS, `p95 ${got.percentileS} against ${p95.low}…${p95.high}`).toBeGreaterThan(p95.low * (1 - BELOW));
    expect(got.percentileS, `p95 ${got.percentileS} against ${p95.low}…${p95.high}`).toBeLessThan(p95.high * (1 + ABOVE));
    // The mean: exact with exponential service (product form); with the returning wait within 12 % (measured −16 % … +8 % over the grid, within 7 % at c² = 0.25).
    const tolerance = c.scv === 1 ? 0 : 0.12;
    expect(got.meanS).toBeGreaterThan(mean.low * (1 - tolerance));
    expect(got.meanS).toBeLessThan(mean.high * (1 + tolerance));
  });
});
