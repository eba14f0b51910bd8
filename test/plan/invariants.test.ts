/**
 * The planner's invariants over generated valid profiles of every kind (fast-check): more load
 * never gives fewer replicas or a smaller bill; more capacity per replica never gives more
 * replicas; a component without violations is never above its target utilisation; the same
 * input gives the same bytes. The figures are drawn from the ranges real stacks have, in units.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newlyUnpriced, reshardedDatabases } from '../../scripts/fuzz/invariants.js';
import { billOptions } from '../../src/cli/plan-pipeline.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import { pricePlan } from '../../src/pricing/bill.js';
import { renderPlanJson } from '../../src/render/json.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import { plainPalette } from '../../src/render/palette.js';

/** One component as YAML flow-mapping text, given a multiplier on its capacity per replica. */
type ComponentText = (capacityFactor: number) => string;

const ms = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((v) => `${v}ms`);
const perS = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const visits = fc.constantFrom(0.1, 0.3, 0.5, 1, 2, 3);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const field = (name: string, value: unknown) => (value === undefined ? '' : `, ${name}: ${value}`);
const resources = opt(fc.record({ cpu: fc.constantFrom('250m', '500m', '1', '2', '4'), memory: fc.constantFrom('256Mi', '512Mi', '2Gi', '8Gi') }));
const resourcesText = (r: { cpu: string; memory: string } | undefined) => (r ? `, resources: { cpu: ${r.cpu}, memory: ${r.memory} }` : '');
const replicas = opt(fc.record({ min: fc.integer({ min: 1, max: 3 }), max: fc.integer({ min: 4, max: 400 }) }));
const replicasText = (r: { min: number; max: number } | undefined) => (r ? `, replicas: { min: ${r.min}, max: ${r.max} }` : '');

const service: fc.Arbitrary<ComponentText> = fc
  .record({ time: fc.integer({ min: 1, max: 400 }), capacity: opt(perS(20, 5000)), workers: fc.integer({ min: 1, max: 16 }), budget: opt(ms(30, 2000)), visits, resources, replicas })
  .map((v) => (k) => `{ kind: service, perRequest: ${v.visits}${v.capacity ? `, capacity: ${v.capacity * k}/s` : `, serviceTime: ${v.time / k}ms`}, workers: ${v.workers}${field('latencyP95', v.budget)}${resourcesText(v.resources)}${replicasText(v.replicas)} }`);

const adapter: fc.Arbitrary<ComponentText> = fc
  .record({ capacity: perS(10, 2000), rateLimit: opt(perS(5, 2000)), providerLatency: opt(ms(0, 500)), visits, replicas })
  .map((v) => (k) => `{ kind: adapter, perRequest: ${v.visits}, capacity: ${v.capacity * k}/s${field('rateLimit', v.rateLimit === undefined ? undefined : `${v.rateLimit}/s`)}${field('providerLatency', v.providerLatency)}${replicasText(v.replicas)} }`);

const agent: fc.Arbitrary<ComponentText> = fc
  .record({ perGpu: perS(1, 200), gpu: fc.integer({ min: 1, max: 4 }), concurrency: opt(fc.integer({ min: 1, max: 16 })), vertical: fc.boolean(), maxUnits: fc.integer({ min: 1, max: 8 }), memory: fc.boolean() })
  .map((v) => (k) => `{ kind: agent, perRequest: 0.2, perGpu: ${v.perGpu * k}/s, gpu: ${v.gpu}${field('concurrency', v.concurrency)}, scaling: ${v.vertical ? 'vertical' : 'horizontal'}, maxUnitsPerReplica: ${Math.max(v.maxUnits, v.gpu)}${v.memory ? ', gpuMemory: 80GB, modelMemory: 14GiB, memoryPerRequest: 512Mi' : ''} }`);

const worker: fc.Arbitrary<ComponentText> = fc
  .record({ time: fc.integer({ min: 5, max: 5000 }), workers: fc.integer({ min: 1, max: 8 }), classes: fc.boolean(), timeoutS: fc.integer({ min: 1, max: 600 }) })
  .map((v) => (k) => `{ kind: worker, perRequest: 0.3, serviceTime: ${v.time / k}ms, workers: ${v.workers}${v.classes ? `, classes: [{ name: fast, share: 30%, timeout: ${v.timeoutS}s }, { name: slow, share: 70%, timeout: ${v.timeoutS * 10}s }]` : ''} }`);

const database: fc.Arbitrary<ComponentText> = fc
  .record({ capacity: perS(100, 20_000), reads: fc.integer({ min: 0, max: 5 }), writes: fc.constantFrom(0.05, 0.2, 0.5, 1, 2), hit: fc.integer({ min: 0, max: 95 }), shards: opt(fc.integer({ min: 1, max: 16 })), storage: fc.boolean(), resources })
  .map((v) => (k) => `{ kind: database, capacity: ${v.capacity * k}/s, readsPerRequest: ${v.reads}, writesPerRequest: ${v.writes}, cacheHitRatio: ${v.hit}%${v.shards ? `, shards: { max: ${v.shards} }` : ''}${v.storage ? ', bytesPerWrite: 2KB, retention: 90d' : ''}${resourcesText(v.resources)} }`);

const cache: fc.Arbitrary<ComponentText> = fc
  .record({ capacity: perS(10_000, 200_000), ops: fc.integer({ min: 1, max: 8 }), bySessions: fc.boolean(), datasetGiB: fc.integer({ min: 1, max: 200 }), nodeGiB: fc.constantFrom(4, 8, 16, 64) })
  .map((v) => (k) => `{ kind: cache, capacity: ${v.capacity * k}/s, opsPerRequest: ${v.ops}, ${v.bySessions ? 'statePerSession: 64KB, ttl: 30min' : `dataset: ${v.datasetGiB}GiB`}, nodeMemory: ${v.nodeGiB}GiB }`);

const network: fc.Arbitrary<ComponentText> = fc
  .record({ kb: fc.integer({ min: 1, max: 2000 }), link: fc.constantFrom('1GbE', '10GbE', '25GbE'), egress: fc.integer({ min: 0, max: 100 }) })
  .map((v) => () => `{ kind: network, bytesPerRequest: ${v.kb}KB, link: ${v.link}, egress: ${v.egress}% }`);

const disk: fc.Arbitrary<ComponentText> = fc
  .record({ kb: fc.integer({ min: 0, max: 200 }), iops: fc.integer({ min: 1, max: 6 }), device: fc.constantFrom('hdd', 'ssd', 'nvme'), retention: fc.boolean() })
  .map((v) => () => `{ kind: disk, writeBytesPerRequest: ${v.kb}KB, iopsPerRequest: ${v.iops}, device: ${v.device}${v.retention ? ', retention: 30d' : ''} }`);

const stack = fc.record({
  rps: fc.double({ min: 0.5, max: 3000, noNaN: true }),
  zones: fc.integer({ min: 1, max: 3 }),
  availability: fc.constantFrom('99%', '99.9%', '99.99%'),
  utilization: fc.integer({ min: 40, max: 90 }),
  latency: opt(ms(200, 3000)),
  components: fc.array(fc.oneof(service, service, adapter, agent, worker, database, cache, network, disk), { minLength: 1, maxLength: 7 }),
  grown: fc.constantFrom(1, 2, 5),
});

type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;

/** The profile text of a generated stack at `rps`, with component `boosted` (or none) given `factor` × its capacity per replica. */
function profileOf(s: Stack, rps: number, boosted = -1, factor = 1): string {
  const components = s.components.map((c, i) => `  c${i}: ${c(i === boosted ? factor : 1)}`).join('\n');
  return `apiVersion: capplan/v1
name: generated
workload: { rps: ${rps}/s, requestsPerSession: 10, peakFactor: 2 }
targets: { zones: ${s.zones}, availability: ${s.availability}, cpuUtilization: ${s.utilization}%${field('latencyP95', s.latency)} }
phases: [{ name: grown, scale: ${s.grown} }]
components:
${components}
`;
}

/** Plans and prices profile text (the CLI's pipeline without files). */
async function plan(text: string): Promise<Plan> {
  const { profile } = await loadProfileText(text, 'generated.yaml');
  return pricePlan(solve(profile), billOptions(profile, {}).options);
}

// CAPPLAN_PROPERTY_RUNS raises the runs when hunting for counterexamples (docs/development.md).
const runs = { numRuns: Number(process.env.CAPPLAN_PROPERTY_RUNS ?? 60) };

describe('planner invariants over generated profiles of every kind', () => {
  it('more load never gives fewer replicas or a smaller bill', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.constantFrom(1.01, 1.5, 2, 4), async (s, factor) => {
        const low = await plan(profileOf(s, s.rps));
        const high = await plan(profileOf(s, s.rps * factor));
        low.phases.forEach((phase, i) => {
          // A database that shards further may drop read replicas, and their copies of the data (reshardedDatabases).
          const resharded = reshardedDatabases(phase, high.phases[i]!);
          for (const c of phase.components) {
            const h = high.phases[i]!.components.find((x) => x.name === c.name)!;
            if (resharded.has(c.name)) continue;
            expect(h.replicas, `${phase.name} ${c.name} (${c.kind}) at ${s.rps} → ${s.rps * factor} req/s; binding ${c.binding} → ${h.binding}`).toBeGreaterThanOrEqual(c.replicas);
          }
          // A bill that newly leaves a component out (its pods fit no instance) is a lower bound (newlyUnpriced).
          if (resharded.size === 0 && newlyUnpriced(phase, high.phases[i]!).size === 0) expect(high.phases[i]!.bill!.monthly, `${phase.name} bill`).toBeGreaterThanOrEqual(phase.bill!.monthly * (1 - 1e-9));
        });
      }),
      runs,
    );
  });

  it('more capacity per replica never gives more replicas', async () => {
    await fc.assert(
      fc.asyncProperty(stack, fc.nat(), fc.constantFrom(1.01, 1.5, 2, 4), async (s, pick, factor) => {
        const boosted = pick % s.components.length;
        const base = await plan(profileOf(s, s.rps));
        const faster = await plan(profileOf(s, s.rps, boosted, factor));
        base.phases.forEach((phase, i) => {
          const resharded = reshardedDatabases(faster.phases[i]!, phase);
          for (const c of phase.components) {
            const f = faster.phases[i]!.components.find((x) => x.name === c.name)!;
            if (resharded.has(c.name)) continue;
            expect(f.replicas, `${phase.name} ${c.name} (${c.kind}) with c${boosted} × ${factor}; binding ${c.binding} → ${f.binding}`).toBeLessThanOrEqual(c.replicas);
          }
        });
      }),
      runs,
    );
  });

  it('a component without violations is never above its target utilisation', async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (s) => {
        const p = await plan(profileOf(s, s.rps));
        for (const phase of p.phases) {
          for (const c of phase.components) {
            if (c.violations.length > 0) continue;
            expect(c.utilization, `${phase.name} ${c.name} (${c.kind}), binding ${c.binding}`).toBeLessThanOrEqual(c.targetUtilization * (1 + 1e-9) + 1e-12);
          }
        }
      }),
      runs,
    );
  });

  it('the same input gives the same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (s) => {
        const text = profileOf(s, s.rps);
        const [a, b] = [await plan(text), await plan(text)];
        expect(renderPlanJson(b)).toBe(renderPlanJson(a));
        expect(renderPlanTable(b, { palette: plainPalette, explain: true })).toBe(renderPlanTable(a, { palette: plainPalette, explain: true }));
      }),
      { numRuns: 20 },
    );
  });
});
