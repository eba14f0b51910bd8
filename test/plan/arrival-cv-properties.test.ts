/** Invariants of bursty arrivals (workload.arrivalCv) over generated stacks (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planText } from '../support/plan.js';

const stack = fc.record({
  serviceMs: fc.integer({ min: 1, max: 200 }),
  workers: fc.integer({ min: 1, max: 16 }),
  budgetFactor: fc.double({ min: 2, max: 30, noNaN: true }),
  balancing: fc.constantFrom('random', 'round-robin', 'least-request'),
  dbCapacity: fc.integer({ min: 200, max: 20_000 }),
  cacheOps: fc.integer({ min: 1, max: 8 }),
  jobMs: fc.integer({ min: 10, max: 2000 }),
  serviceCv: fc.constantFrom(0.5, 1, 2),
});

type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;

function profileOf(v: Stack, rps: number, cv: number): string {
  return `apiVersion: capplan/v1
name: generated
workload: { rps: ${rps}, arrivalCv: ${cv} }
components:
  api: { kind: service, serviceTime: ${v.serviceMs}ms, serviceTimeCv: ${v.serviceCv}, workers: ${v.workers}, balancing: ${v.balancing}, latencyP95: ${Math.round(v.serviceMs * v.budgetFactor)}ms, calls: [db, cache, { to: jobs, probability: 0.3 }] }
  db: { kind: database, capacity: ${v.dbCapacity}/s, readsPerRequest: 2, writesPerRequest: 0.5, latencyP95: 50ms, shards: { max: 64 } }
  cache: { kind: cache, capacity: 100000/s, latencyP95: 5ms }
  jobs: { kind: worker, serviceTime: ${v.jobMs}ms, workers: 4, classes: [{ name: a, share: 30%, timeout: ${v.jobMs * 20}ms }, { name: b, share: 70%, timeout: 10min }] }
`;
}

const runs = { numRuns: 30 };

describe('bursty arrivals: invariants', () => {
  it('burstier arrivals never mean fewer replicas at the entry, and every figure is a number', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }), async (s, rps, cv, more) => {
        const low = await planText(profileOf(s, rps, cv));
        const high = await planText(profileOf(s, rps, Math.min(10, cv * more)));
        for (const plan of [low, high]) {
          for (const c of plan.phases[0]!.components) {
            expect(Number.isNaN(c.latencyP95 ?? 0), `${c.name} p95`).toBe(false);
            expect(Number.isNaN(c.waitProbability ?? 0), `${c.name} P(wait)`).toBe(false);
          }
        }
        const api = (p: typeof low) => p.phases[0]!.components.find((k) => k.name === 'api')!.replicas;
        expect(api(high), `api at cv ${cv} → ${cv * more}`).toBeGreaterThanOrEqual(api(low));
      }),
      runs,
    );
  });
});
