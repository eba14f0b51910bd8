/**
 * Validation by construction: any profile that validates, however extreme its figures within
 * their documented magnitudes, plans without an internal error and without NaN in the plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { QUANTITY_RANGE } from '../../src/profile/limits.js';
import { solve } from '../../src/plan/solve.js';
import { renderPlanJson } from '../../src/render/json.js';
import type { QuantityKind } from '../../src/units/quantity.js';

/** A value log-uniform over the kind's whole range of magnitudes, as profile text with its SI unit. */
const quantity = (kind: QuantityKind, unit: string) => {
  const r = QUANTITY_RANGE[kind];
  return fc.double({ min: Math.log10(r.min), max: Math.log10(r.max), noNaN: true }).map((e) => `${Math.min(r.max, Math.max(r.min, 10 ** e))}${unit}`);
};
const duration = quantity('duration', 's');
const rate = quantity('rate', '/s');
const size = quantity('bytes', 'B');
const byteRate = quantity('byteRate', 'B/s');
const number = quantity('number', '');
const fraction = fc.double({ min: 0.001, max: 1, noNaN: true }).map(String);
const small = fc.integer({ min: 1, max: 8 });

const stack = fc.record({
  rps: rate, scale: number, zones: fc.integer({ min: 1, max: 5 }), availability: fc.constantFrom('90%', '99.9%', '99.99%'),
  apiTime: duration, apiWorkers: small, apiBudget: duration, apiVisits: number,
  dbCapacity: rate, reads: number, writes: number, hit: fraction, bytesPerWrite: size, retention: duration, dataset: size,
  cacheCapacity: rate, ops: number, state: size, ttl: duration, nodeMemory: size,
  netBytes: size, link: byteRate, rtt: duration,
  diskWrite: size, iops: number, diskRetention: duration,
  tokens: rate, tokensPerRequest: number, gpuMemory: size, modelMemory: size,
  rateLimit: rate, providerLatency: duration,
  jobTime: duration, timeout: duration,
  sigma: fc.double({ min: 0, max: 1, noNaN: true }), kappa: number, lambda: rate, concurrency: fc.integer({ min: 1, max: 1_000_000 }),
});

type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;

function profileOf(v: Stack): string {
  return `apiVersion: capplan/v1
name: extreme
workload: { rps: ${v.rps}, requestsPerSession: 10, peakFactor: 2 }
targets: { zones: ${v.zones}, availability: ${v.availability}, latencyP95: 1s }
phases: [{ name: grown, scale: ${v.scale} }]
components:
  api: { kind: service, serviceTime: ${v.apiTime}, workers: ${v.apiWorkers}, latencyP95: ${v.apiBudget}, perRequest: ${v.apiVisits}, calls: [db, kv] }
  db: { kind: database, capacity: ${v.dbCapacity}, readsPerRequest: ${v.reads}, writesPerRequest: ${v.writes}, cacheHitRatio: ${v.hit}, bytesPerWrite: ${v.bytesPerWrite}, retention: ${v.retention}, dataset: ${v.dataset}, shards: { max: 8 } }
  kv: { kind: cache, capacity: ${v.cacheCapacity}, opsPerRequest: ${v.ops}, statePerSession: ${v.state}, ttl: ${v.ttl}, nodeMemory: ${v.nodeMemory} }
  net: { kind: network, bytesPerRequest: ${v.netBytes}, link: ${v.link}, rtt: ${v.rtt}, egress: 10% }
  disk: { kind: disk, writeBytesPerRequest: ${v.diskWrite}, iopsPerRequest: ${v.iops}, retention: ${v.diskRetention} }
  ai: { kind: agent, perRequest: 0.1, tokensPerSecond: ${v.tokens}, tokensPerRequest: ${v.tokensPerRequest}, gpu: 1, gpuMemory: ${v.gpuMemory}, modelMemory: ${v.modelMemory}, scaling: vertical }
  tg: { kind: adapter, perRequest: 0.5, capacity: 100/s, rateLimit: ${v.rateLimit}, providerLatency: ${v.providerLatency} }
  jobs: { kind: worker, perRequest: 0.3, serviceTime: ${v.jobTime}, workers: 2, classes: [{ name: a, share: 50%, timeout: ${v.timeout} }, { name: b, share: 50% }] }
  usl: { kind: service, perRequest: 0.2, capacity: { usl: { sigma: ${v.sigma}, kappa: ${v.kappa}, lambda: ${v.lambda} }, concurrency: ${v.concurrency} } }
`;
}

const isNumberOrNull = (x: unknown) => x === null || (typeof x === 'number' && !Number.isNaN(x));

describe('validation by construction', () => {
  it('every profile that validates plans without an internal error or NaN, at any magnitudes', async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (v) => {
        let loaded;
        try {
          loaded = await loadProfileText(profileOf(v), 'x.yaml');
        } catch (error) {
          if (error instanceof InputError) return; // refused with positions: fine
          throw error;
        }
        const plan = solve(loaded.profile);
        for (const phase of plan.phases) {
          for (const c of phase.components) {
            expect(Number.isInteger(c.replicas) && c.replicas >= 0, `${c.name} replicas ${c.replicas}`).toBe(true);
            for (const k of ['demand', 'utilization', 'latencyP95', 'waitProbability', 'maxRps', 'breakingRps', 'capacityPerUnit'] as const) {
              expect(isNumberOrNull(c[k]), `${phase.name} ${c.name}.${k} = ${c[k]}`).toBe(true);
            }
          }
          for (const k of ['maxRps', 'breakingRps', 'headroom', 'latencyP95', 'latencyMean'] as const) {
            expect(isNumberOrNull(phase.system[k]), `${phase.name} system.${k} = ${phase.system[k]}`).toBe(true);
          }
        }
        expect(() => JSON.parse(renderPlanJson(plan))).not.toThrow();
      }),
      { numRuns: 100, seed: 20261125 },
    );
  }, 120_000);
});
