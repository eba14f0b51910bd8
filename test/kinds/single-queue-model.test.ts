/**
 * singleQueueModel (src/kinds/replica-queue.ts) builds one node's queue without copying the spec
 * (unless it is a shared queue) or its results. The reference is the construction it replaced,
 * random balancing forced on a copy and both results spread into new objects: the two must agree
 * key for key, in the same order (JSON text), for every balancing, arrival stream and law.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { queueModelOf, replicaQueue, singleQueueModel, type ReplicaQueueSpec } from '../../src/kinds/replica-queue.js';
import { fitLaw } from '../../src/model/service-law.js';

function reference(spec: ReplicaQueueSpec, arrivalRate: number, replicas: number, sameQueue: number) {
  const q = { ...replicaQueue({ ...spec, balancing: 'random' }, arrivalRate, 1), sameQueue };
  return { queue: { ...queueModelOf(spec, q, replicas) }, replicaQueue: q };
}

describe('singleQueueModel', () => {
  it('gives the queue and queue model of the copy-and-spread construction, key for key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.constantFrom(0.2, 1, 3),
        fc.constantFrom('random', 'round-robin', 'least-request', 'shared-queue') as fc.Arbitrary<ReplicaQueueSpec['balancing']>,
        fc.constantFrom(1, 1, 0.5, 2.5),
        fc.double({ min: 0.01, max: 1.2, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (workers, meanS, scv, balancing, arrivalScv, load, replicas, sameQueue) => {
          const spec: ReplicaQueueSpec = { workers, service: fitLaw(meanS, scv), holding: null, balancing, constantDelayS: 0, arrivalScv };
          const arrivalRate = (load * workers) / meanS;
          expect(JSON.stringify(singleQueueModel(spec, arrivalRate, replicas, sameQueue))).toBe(JSON.stringify(reference(spec, arrivalRate, replicas, sameQueue)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
