import { describe, expect, it } from 'vitest';
import { leastReplicasWithin, replicaQueue, visitPercentile, type ReplicaQueueSpec } from '../../src/kinds/replica-queue.js';
import { leastReplicasForPercentile, mmcResponseTimePercentile } from '../../src/model/queueing.js';
import { exponentialLaw } from '../../src/model/service-law.js';
import { fractionInterval, quantileInterval, simulate, type SimBalancing } from '../support/queue-sim.js';

const spec = (workers: number, balancing: ReplicaQueueSpec['balancing']): ReplicaQueueSpec => ({
  workers,
  service: exponentialLaw(1),
  holding: null,
  balancing,
  constantDelayS: 0,
});

function simulated(n: number, c: number, rho: number, balancing: SimBalancing, seed: number) {
  const run = simulate({ arrivalRate: rho * n * c, replicas: n, servers: c, service: exponentialLaw(1), balancing, requests: 200_000, warmup: 10_000, seed });
  return { p95: quantileInterval(run.totals, 0.95), waits: fractionInterval(run.firstWaits, 0) };
}

describe('balancing policies', () => {
  it('random: each replica an independent M/M/c at λ/n, exactly the simulated p95', () => {
    const q = replicaQueue(spec(4, 'random'), 14, 5);
    expect(q.servers).toBe(4);
    const model = visitPercentile(spec(4, 'random'), q, 0.95);
    expect(model).toBeCloseTo(mmcResponseTimePercentile(0.95, 4, 2.8, 1), 12);
    const sim = simulated(5, 4, 0.7, 'random', 1);
    expect(model).toBeGreaterThanOrEqual(sim.p95.low);
    expect(model).toBeLessThanOrEqual(sim.p95.high);
  });

  it('least-request, 5 replicas × 4 workers at 70 %: the pooled M/M/20 is within 3 % of join-the-shortest-queue and power-of-two', () => {
    // The example: pooled P(wait) ≈ 0.10 against 0.43 for the random split.
    const pooled = replicaQueue(spec(4, 'least-request'), 14, 5);
    expect(pooled.servers).toBe(20);
    expect(pooled.solution.waitProbability).toBeCloseTo(0.094, 3);
    expect(replicaQueue(spec(4, 'random'), 14, 5).solution.waitProbability).toBeCloseTo(0.429, 3);
    const model = visitPercentile(spec(4, 'least-request'), pooled, 0.95);
    for (const [policy, seed] of [['least-request', 2], ['p2c', 3]] as const) {
      const sim = simulated(5, 4, 0.7, policy, seed);
      expect(Math.abs(model / sim.p95.estimate - 1), policy).toBeLessThan(0.03);
    }
  });

  it('least-request with one worker per replica: the pooled queue is optimistic by the documented 12 % (JSQ) to 19 % (P2C)', () => {
    const model = visitPercentile(spec(1, 'least-request'), replicaQueue(spec(1, 'least-request'), 2.4, 3), 0.95);
    const jsq = simulated(3, 1, 0.8, 'least-request', 4).p95;
    const p2c = simulated(3, 1, 0.8, 'p2c', 5).p95;
    expect(model).toBeLessThan(jsq.low);
    expect(model / jsq.estimate).toBeGreaterThan(0.84);
    expect(model / p2c.estimate).toBeGreaterThan(0.77);
  });

  it('latency-bound sizing uses the policy: least-request meets a budget with fewer replicas than random', () => {
    const random = leastReplicasWithin(spec(4, 'random'), 100, 0.95, 3.5, 1000)!;
    expect(random).toBe(leastReplicasForPercentile(100, 1, 4, 0.95, 3.5));
    const roundRobin = leastReplicasWithin(spec(4, 'round-robin'), 100, 0.95, 3.5, 1000)!;
    const least = leastReplicasWithin(spec(4, 'least-request'), 100, 0.95, 3.5, 1000)!;
    expect(roundRobin).toBeLessThan(random);
    expect(least).toBeLessThan(roundRobin);
    // Each is the least: one fewer misses the budget.
    for (const [policy, n] of [['random', random], ['round-robin', roundRobin], ['least-request', least]] as const) {
      expect(visitPercentile(spec(4, policy), replicaQueue(spec(4, policy), 100, n), 0.95)).toBeLessThanOrEqual(3.5);
      expect(visitPercentile(spec(4, policy), replicaQueue(spec(4, policy), 100, n - 1), 0.95)).toBeGreaterThan(3.5);
    }
  });
});
