/** Planner invariants over generated call graphs: alternatives, blocking, retries with timeouts, balancing, cv. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderPlanJson } from '../../src/render/json.js';
import { planText } from '../support/plan.js';

const stack = fc.record({
  serviceMs: fc.integer({ min: 1, max: 50 }),
  workers: fc.integer({ min: 1, max: 16 }),
  cv: fc.constantFrom(0, 0.5, 1, 2),
  balancing: fc.constantFrom('random', 'round-robin', 'least-request'),
  budgetMs: fc.option(fc.integer({ min: 80, max: 1000 }), { nil: undefined }),
  share: fc.integer({ min: 0, max: 100 }),
  blocking: fc.boolean(),
  retries: fc.integer({ min: 0, max: 4 }),
  timeoutMs: fc.integer({ min: 5, max: 500 }),
  failure: fc.integer({ min: 0, max: 30 }),
  dbCapacity: fc.integer({ min: 500, max: 20_000 }),
  writeCapacity: fc.integer({ min: 200, max: 20_000 }),
  reads: fc.integer({ min: 0, max: 4 }),
});

type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;

function profileOf(v: Stack, rps: number): string {
  return `apiVersion: capplan/v1
name: generated
workload: { rps: ${rps} }
targets: { zones: 1, availability: 99.9% }
components:
  api:
    kind: service
    serviceTime: ${v.serviceMs}ms
    workers: ${v.workers}
    serviceTimeCv: ${v.cv}
    balancing: ${v.balancing}${v.budgetMs ? `\n    latencyP95: ${v.budgetMs}ms` : ''}
    calls:
      - oneOf: [{ to: tg, probability: ${v.share}% }, { to: rest, probability: ${100 - v.share}% }]
      - { to: db, blocking: ${v.blocking} }
      - { to: pay, retries: ${v.retries}, timeout: ${v.timeoutMs}ms, failureRate: ${v.failure}% }
  tg: { kind: adapter, capacity: 200/s, providerLatency: 40ms }
  rest: { kind: adapter, capacity: 300/s }
  pay: { kind: service, serviceTime: 20ms, workers: 4, perRequest: 0.3 }
  db: { kind: database, capacity: ${v.dbCapacity}/s, writeCapacity: ${v.writeCapacity}/s, readsPerRequest: ${v.reads}, writesPerRequest: 0.5, shards: { max: 64 } }
`;
}

/**
 * A component holds its workers through a blocking call, and a retried call's attempts follow the
 * callee's latency: more load can scale a callee out, its latency falls, and the caller then needs
 * fewer replicas. The only way a component may get fewer replicas under more load is that way.
 */
const CALLEES: Readonly<Record<string, readonly string[]>> = { api: ['tg', 'rest', 'db', 'pay'] };

describe('planner invariants with call objects', () => {
  it('more load never means fewer replicas (but for a caller whose callee scaled out), and the same input gives the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.double({ min: 0.5, max: 800, noNaN: true }), fc.double({ min: 1, max: 5, noNaN: true }), async (s, rps, factor) => {
        const low = await planText(profileOf(s, rps));
        const high = await planText(profileOf(s, rps * factor));
        const replicasOf = (plan: typeof low, name: string) => plan.phases[0]!.components.find((k) => k.name === name)!.replicas;
        for (const c of low.phases[0]!.components) {
          const h = replicasOf(high, c.name);
          const calleeGrew = (CALLEES[c.name] ?? []).some((k) => replicasOf(high, k) > replicasOf(low, k));
          if (!calleeGrew) expect(h, `${c.name} at ${rps} → ${rps * factor} req/s`).toBeGreaterThanOrEqual(c.replicas);
          expect(Number.isNaN(c.latencyP95 ?? 0), c.name).toBe(false);
        }
        expect(Number.isNaN(low.phases[0]!.system.latencyP95)).toBe(false);
        expect(renderPlanJson(await planText(profileOf(s, rps)))).toBe(renderPlanJson(low));
      }),
      { numRuns: 15, seed: 20261126 },
    );
  });

  it('a blocking caller may shrink when its database scales out under more load (fast-check seed -783391654)', async () => {
    const s: Stack = { serviceMs: 1, workers: 1, cv: 0, balancing: 'random', budgetMs: undefined, share: 0, blocking: true, retries: 0, timeoutMs: 5, failure: 0, dbCapacity: 500, writeCapacity: 200, reads: 0 };
    const at = async (rps: number) => {
      const c = (await planText(profileOf(s, rps))).phases[0]!.components;
      return Object.fromEntries(c.map((k) => [k.name, k.replicas]));
    };
    const [low, high] = [await at(800), await at(850)];
    // The database's nodes grow with the writes (0.5 per request over 200/s each)...
    expect(high.db!).toBeGreaterThan(low.db!);
    // ...and whatever the api does, no component other than a caller shrinks.
    for (const name of ['db', 'pay', 'tg', 'rest']) expect(high[name]!, name).toBeGreaterThanOrEqual(low[name]!);
  });
});
