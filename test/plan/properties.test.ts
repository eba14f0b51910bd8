/** Invariants of the planner, over generated profiles (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/json.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import { plainPalette } from '../../src/render/palette.js';
import { planText } from '../support/plan.js';

/** A generated stack: a service, a database, a cache and a worker with random figures. */
const stack = fc.record({
  serviceMs: fc.integer({ min: 1, max: 200 }),
  workers: fc.integer({ min: 1, max: 16 }),
  budgetMs: fc.option(fc.integer({ min: 50, max: 2000 }), { nil: undefined }),
  dbCapacity: fc.integer({ min: 200, max: 20_000 }),
  reads: fc.integer({ min: 0, max: 5 }),
  writes: fc.double({ min: 0.05, max: 2, noNaN: true }),
  hit: fc.integer({ min: 0, max: 95 }),
  cacheOps: fc.integer({ min: 1, max: 8 }),
  jobMs: fc.integer({ min: 10, max: 2000 }),
  zones: fc.integer({ min: 1, max: 3 }),
  availability: fc.constantFrom('99%', '99.9%'),
  utilization: fc.integer({ min: 40, max: 90 }),
});

type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;

function profileOf(v: Stack, rps: number): string {
  return `apiVersion: capplan/v1
name: generated
workload: { rps: ${rps}, requestsPerSession: 10, peakFactor: 2 }
targets: { zones: ${v.zones}, availability: ${v.availability}, cpuUtilization: ${v.utilization}% }
components:
  api: { kind: service, serviceTime: ${v.serviceMs}ms, workers: ${v.workers}${v.budgetMs ? `, latencyP95: ${v.budgetMs}ms` : ''} }
  db: { kind: database, capacity: ${v.dbCapacity}/s, readsPerRequest: ${v.reads}, writesPerRequest: ${v.writes}, cacheHitRatio: ${v.hit}%, shards: { max: 64 } }
  cache: { kind: cache, capacity: 100000/s, opsPerRequest: ${v.cacheOps}, statePerSession: 8KB, ttl: 30min, nodeMemory: 4GiB }
  ai: { kind: agent, perRequest: 0.1, capacity: 40/s, gpu: 1, concurrency: 4, scaling: vertical, maxUnitsPerReplica: 4 }
  tg: { kind: adapter, perRequest: 0.5, capacity: 200/s, rateLimit: 30/s }
  jobs: { kind: worker, perRequest: 0.3, serviceTime: ${v.jobMs}ms, workers: 4, classes: [{ name: a, share: 30%, timeout: 60s }, { name: b, share: 70%, timeout: 10min }] }
`;
}

const runs = { numRuns: 40 };

describe('planner invariants', () => {
  it('more load never means fewer replicas', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.double({ min: 0.1, max: 2000, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true }), async (s, rps, factor) => {
        const low = await planText(profileOf(s, rps));
        const high = await planText(profileOf(s, rps * factor));
        for (const c of low.phases[0]!.components) {
          const h = high.phases[0]!.components.find((k) => k.name === c.name)!;
          expect(h.replicas, `${c.name} at ${rps} → ${rps * factor} req/s`).toBeGreaterThanOrEqual(c.replicas);
        }
      }),
      runs,
    );
  });
  it('a plan without violations keeps every sized component at or under its target utilisation', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.double({ min: 0.1, max: 3000, noNaN: true }), async (s, rps) => {
        const plan = await planText(profileOf(s, rps));
        const phase = plan.phases[0]!;
        if (phase.violations.length > 0) return;
        for (const c of phase.components) expect(c.utilization, c.name).toBeLessThanOrEqual(c.targetUtilization + 1e-9);
        expect(phase.system.headroom).toBeGreaterThanOrEqual(1 - 1e-9);
      }),
      runs,
    );
  });
  it('the same input gives the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.double({ min: 0.1, max: 3000, noNaN: true }), async (s, rps) => {
        const a = await planText(profileOf(s, rps));
        const b = await planText(profileOf(s, rps));
        expect(renderPlanJson(b)).toBe(renderPlanJson(a));
        expect(renderPlanTable(b, { palette: plainPalette, explain: true })).toBe(renderPlanTable(a, { palette: plainPalette, explain: true }));
      }),
      { numRuns: 15 },
    );
  });
});
