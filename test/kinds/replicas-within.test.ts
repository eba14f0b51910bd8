/**
 * leastReplicasQueue hands back the latency search's own queue and quantile at its count, which
 * the horizontal sizing then uses instead of computing them again: they must be exactly what
 * replicaQueue and visitPercentile give at that count, and the count leastReplicasWithin's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leastReplicasQueue, leastReplicasWithin, replicaQueue, visitPercentile, type ReplicaQueueSpec } from '../../src/kinds/replica-queue.js';
import { exponentialLaw, fitLaw } from '../../src/model/service-law.js';

const specOf = (workers: number, balancing: ReplicaQueueSpec['balancing'], meanS: number, scv: number): ReplicaQueueSpec => ({
  workers,
  service: scv === 1 ? exponentialLaw(meanS) : fitLaw(meanS, scv),
  holding: null,
  balancing,
  constantDelayS: 0,
});

describe('leastReplicasQueue', () => {
  it('returns the count of leastReplicasWithin with the queue and p-quantile recomputed there, number for number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom<ReplicaQueueSpec['balancing']>('random', 'round-robin', 'least-request', 'shared-queue'),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.constantFrom(1, 0.25, 4),
        fc.double({ min: 0, max: 5_000, noNaN: true }),
        fc.double({ min: 1.5, max: 20, noNaN: true }),
        (workers, balancing, meanS, scv, lambda, budgetInMeans) => {
          const spec = specOf(workers, balancing, meanS, scv);
          const budgetS = budgetInMeans * meanS;
          const found = leastReplicasQueue(spec, lambda, 0.95, budgetS, 2_000);
          expect(found?.n ?? null).toBe(leastReplicasWithin(spec, lambda, 0.95, budgetS, 2_000));
          if (found === null || found.at === null) return;
          const queue = replicaQueue(spec, lambda, found.n);
          expect(found.at.queue).toEqual(queue);
          expect(Object.is(found.at.percentileS, visitPercentile(spec, queue, 0.95))).toBe(true);
          expect(found.at.percentileS).toBeLessThanOrEqual(budgetS);
        },
      ),
      { numRuns: 60, seed: 18 },
    );
  });

  it('has no search to reuse at λ = 0, and no count when the budget is below the bare service quantile', () => {
    const spec = specOf(2, 'random', 0.1, 1);
    expect(leastReplicasQueue(spec, 0, 0.95, 1, 100)).toEqual({ n: 1, at: null });
    // −ln(0.05) × 0.1 s ≈ 0.2996 s: a 0.25 s budget is out of reach.
    expect(leastReplicasQueue(spec, 10, 0.95, 0.25, 100)).toBeNull();
  });
});
