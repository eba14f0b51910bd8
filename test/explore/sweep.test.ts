/** capplan sweep: saturation points by hand, the knee of an M/M/1, agreement with the plan, monotonicity, determinism. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixPhase } from '../../src/explore/fixed-load.js';
import { parseLoadArg } from '../../src/explore/load-arg.js';
import { renderSweepCsv, renderSweepJson, renderSweepMarkdown, renderSweepText } from '../../src/explore/render-sweep.js';
import { sweepFixed, sweepResized, sweepScales } from '../../src/explore/sweep.js';
import { pathLatency } from '../../src/model/path-latency.js';
import { planPathAt } from '../../src/plan/plan-path.js';
import { plainPalette } from '../../src/render/palette.js';
import { bundledProfiles } from '../support/profiles.js';
import { overWidth, planFile, planYaml } from './helpers.js';

const P95 = 0.95;

/*
 * By hand (DESIGN.md §3: a component carries n·μ·u / visits user req/s at its target):
 * - api: μ = c/S = 4 / 20 ms = 200/s per replica; λ = 100 × 2 = 200/s needs ⌈200/(200 × 0.7)⌉ = 2,
 *   min 3 → 3 replicas; target 3 × 200 × 0.7 / 2 = 210 req/s, 100 % at 3 × 200 / 2 = 300 req/s.
 * - db: writes 50/s + reads 100 × 2 × (1 − 0.5) = 100/s on one primary (0.05 + 0.10 = 15 % ≤ 70 %,
 *   no read replicas): per user request it spends 0.5/1000 + 1/1000 = 1.5 ms of the primary, so
 *   target 0.7 / 0.0015 = 466.67 req/s and 100 % at 1 / 0.0015 = 666.67 req/s.
 * - tg: the provider's 30/s rate limit at 0.5 calls per request caps it at 30 / 0.5 = 60 req/s,
 *   both at target and at 100 % (no replica count lifts it).
 */
const HAND = `apiVersion: capplan/v1
name: hand
workload: { rps: 100 }
targets: { cpuUtilization: 70% }
components:
  api: { kind: service, perRequest: 2, serviceTime: 20ms, workers: 4, replicas: { min: 3 }, calls: [db] }
  db: { kind: database, capacity: 1000/s, readsPerRequest: 2, writesPerRequest: 0.5, cacheHitRatio: 50% }
  tg: { kind: adapter, perRequest: 0.5, capacity: 200/s, rateLimit: 30/s }
`;

/** One M/M/1 replica: capacity 100/s, one worker, fixed at one replica; target 100 ms. */
const MM1 = `apiVersion: capplan/v1
name: mm1
workload: { rps: 10 }
targets: { latencyP95: 100ms }
components:
  api: { kind: service, capacity: 100/s, replicas: 1 }
`;

describe('sweep with the topology fixed', () => {
  it('finds each component’s target and 100 % load by hand, in order', async () => {
    const { plan } = await planYaml(HAND);
    const r = sweepFixed('hand', plan.phases[0]!, { fromScale: 0, toScale: 8, points: 41 }, P95);
    expect(r.saturation.map((s) => s.component)).toEqual(['tg', 'api', 'db']);
    const at = (n: string) => r.saturation.find((s) => s.component === n)!;
    expect(at('tg').targetRps).toBeCloseTo(60, 9);
    expect(at('tg').breakingRps).toBeCloseTo(60, 9);
    expect(at('tg').limitedBy).toBe('rateLimit');
    expect(at('api').targetRps).toBeCloseTo(210, 9);
    expect(at('api').breakingRps).toBeCloseTo(300, 9);
    expect(at('db').targetRps).toBeCloseTo(0.7 / 0.0015, 9);
    expect(at('db').breakingRps).toBeCloseTo(1 / 0.0015, 9);
    // The end-to-end p95 is unbounded from the first queue on the path to saturate: api at 300.
    expect(r.pathSaturationRps).toBeCloseTo(300, 9);
    const api = r.components.find((c) => c.name === 'api')!;
    r.rps.forEach((x, k) => {
      // Utilisation λ / (n μ) = 2x / (3 × 200).
      expect(api.utilization[k]).toBeCloseTo((2 * x) / 600, 12);
      if (x >= 300) expect(r.latencyP95[k]).toBe(Infinity);
    });
  });

  it('puts the knee of one M/M/1 replica at ρ = ½ and the 100 ms target where ln 20 / (μ − λ) = 0.1 s', async () => {
    const { plan } = await planYaml(MM1);
    const r = sweepFixed('mm1', plan.phases[0]!, { fromScale: 0.1, toScale: 11, points: 60 }, P95);
    // Kleinrock's power λ(μ − λ)/ln 20 is largest at λ = μ/2 = 50 req/s. Near a maximum the power
    // is flat, so its argument is found to about the square root of the p95's precision (~1e-6).
    expect(r.knee!.rps).toBeCloseTo(50, 4);
    expect(Math.abs(r.knee!.latencyS / (Math.log(20) / 50) - 1)).toBeLessThan(1e-6);
    // 0.1 s = ln 20 / (100 − λ) → λ = 100 − 10 ln 20 = 70.043 req/s.
    expect(r.latencyLimitRps).toBeCloseTo(100 - 10 * Math.log(20), 6);
    r.rps.forEach((x, k) => {
      if (x < 100) expect(r.latencyP95[k]).toBeCloseTo(Math.log(20) / (100 - x), 9);
    });
  });

  it('agrees with the plan at the peak of every phase of every bundled profile', async () => {
    for (const file of await bundledProfiles()) {
      const { plan } = await planFile(file);
      for (const phase of plan.phases) {
        const fixed = fixPhase(phase);
        phase.components.forEach((c, i) => {
          const at = fixed.latencyAt(i, 1);
          if (c.latencyP95 === null) expect(at, `${file} ${phase.name} ${c.name}`).toBeNull();
          else if (!Number.isFinite(c.latencyP95)) expect(at).toBe(Infinity);
          else expect(Math.abs(at! - c.latencyP95) / c.latencyP95, `${file} ${phase.name} ${c.name}`).toBeLessThan(1e-12);
          expect(fixed.utilizationAt(i, 1)).toBe(c.utilization);
        });
        expect(fixed.pathLatencyAt(1), `${file} ${phase.name}`).toBe(phase.system.latencyP95);
      }
    }
  });

  it('gets the same end-to-end p95 from a warm-started root search as from a cold one', async () => {
    const { plan } = await planFile(new URL('../../profiles/litper.yaml', import.meta.url).pathname);
    const phase = plan.phases[0]!;
    const r = sweepFixed('litper', phase, { fromScale: 0.05, toScale: 9.9, points: 2000 }, P95);
    for (let k = 0; k < r.scale.length; k += 97) {
      const cold = pathLatency(planPathAt(phase, r.scale[k]!), P95).percentileS;
      expect(Math.abs(r.latencyP95[k]! - cold) / cold).toBeLessThan(1e-10);
    }
  });

  it('writes the same bytes for the same input, and fits 80 columns', async () => {
    const { plan } = await planYaml(HAND);
    const a = sweepFixed('hand', plan.phases[0]!, { fromScale: 0.1, toScale: 5, points: 60 }, P95);
    const b = sweepFixed('hand', plan.phases[0]!, { fromScale: 0.1, toScale: 5, points: 60 }, P95);
    for (const render of [renderSweepJson, renderSweepCsv, renderSweepMarkdown, (x: typeof a) => renderSweepText(x, { palette: plainPalette })]) expect(render(b)).toBe(render(a));
    expect(overWidth(renderSweepText(a, { palette: plainPalette }))).toEqual([]);
    const json = JSON.parse(renderSweepJson(a));
    expect(json.series.rps).toHaveLength(60);
    expect(json.components[0].latencyP95).toHaveLength(60);
    expect(renderSweepCsv(a).split('\n')[0]).toBe('scale,rps,latency_p95_s,api_utilization,api_latency_p95_s,api_replicas,db_utilization,db_latency_p95_s,db_replicas,tg_utilization,tg_latency_p95_s,tg_replicas');
  });

  it('spaces points evenly, ends included', () => {
    expect(sweepScales({ fromScale: 0.5, toScale: 2.5, points: 5 })).toEqual([0.5, 1, 1.5, 2, 2.5]);
    expect(sweepScales({ fromScale: 2, toScale: 3, points: 1 })).toEqual([2]);
  });
});

/** Generated stacks for the invariants. */
const stack = fc.record({
  serviceMs: fc.integer({ min: 1, max: 200 }),
  workers: fc.integer({ min: 1, max: 8 }),
  budgetMs: fc.option(fc.integer({ min: 100, max: 2000 }), { nil: undefined }),
  dbCapacity: fc.integer({ min: 200, max: 20_000 }),
  reads: fc.integer({ min: 0, max: 5 }),
  writes: fc.double({ min: 0.05, max: 2, noNaN: true }),
  cacheOps: fc.integer({ min: 1, max: 8 }),
  zones: fc.integer({ min: 1, max: 3 }),
  rps: fc.double({ min: 1, max: 500, noNaN: true }),
});
type Stack = typeof stack extends fc.Arbitrary<infer T> ? T : never;
const stackYaml = (v: Stack) => `apiVersion: capplan/v1
name: generated
workload: { rps: ${v.rps}, requestsPerSession: 10, peakFactor: 2 }
targets: { zones: ${v.zones} }
components:
  api: { kind: service, serviceTime: ${v.serviceMs}ms, workers: ${v.workers}${v.budgetMs ? `, latencyP95: ${v.budgetMs}ms` : ''}, calls: [db, cache] }
  db: { kind: database, capacity: ${v.dbCapacity}/s, readsPerRequest: ${v.reads}, writesPerRequest: ${v.writes}, shards: { max: 64 } }
  cache: { kind: cache, capacity: 100000/s, opsPerRequest: ${v.cacheOps}, statePerSession: 8KB, ttl: 30min, nodeMemory: 4GiB, cluster: true }
  jobs: { kind: worker, perRequest: 0.3, serviceTime: 200ms, workers: 4, classes: [{ name: a, share: 30%, timeout: 60s }, { name: b, share: 70% }] }
`;

describe('sweep invariants', () => {
  it('more load: never lower utilisation or p95 with the topology fixed, never fewer units re-planned', async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (v) => {
        const { profile, plan } = await planYaml(stackYaml(v));
        const range = { fromScale: 0.1, toScale: 4, points: 12 };
        const fixed = sweepFixed('g', plan.phases[0]!, range, P95);
        const resized = sweepResized(profile, profile.phases[0]!, range, P95);
        for (let k = 1; k < range.points; k++) {
          expect(fixed.latencyP95[k]!).toBeGreaterThanOrEqual(fixed.latencyP95[k - 1]! * (1 - 1e-9));
          for (const c of fixed.components) {
            expect(c.utilization[k]!).toBeGreaterThanOrEqual(c.utilization[k - 1]!);
            const [a, b] = [c.latencyP95[k - 1], c.latencyP95[k]];
            if (a != null && b != null) expect(b, c.name).toBeGreaterThanOrEqual(a * (1 - 1e-9));
          }
          for (const c of resized.components) expect(c.replicas[k]!, `${c.name} at ×${range.fromScale + k}`).toBeGreaterThanOrEqual(c.replicas[k - 1]!);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('sweep of every bundled profile', () => {
  it('runs on every phase with fixed and re-planned topologies, within 80 columns', async () => {
    for (const file of await bundledProfiles()) {
      const { profile, plan } = await planFile(file);
      plan.phases.forEach((phase, i) => {
        const range = { fromScale: 0.1, toScale: 3, points: 20 };
        const fixed = sweepFixed(profile.name, phase, range, P95);
        expect(fixed.saturation).toHaveLength(phase.components.length);
        expect(overWidth(renderSweepText(fixed, { palette: plainPalette })), file).toEqual([]);
        const resized = sweepResized(profile, profile.phases[i]!, range, P95);
        // Re-planned at ×1, a point is the plan itself.
        const one = sweepResized(profile, profile.phases[i]!, { fromScale: 1, toScale: 1, points: 1 }, P95);
        expect(one.latencyP95[0]).toBe(phase.system.latencyP95);
        expect(one.components.map((c) => c.replicas[0])).toEqual(phase.components.map((c) => c.replicas));
        expect(overWidth(renderSweepText(resized, { palette: plainPalette })), file).toEqual([]);
      });
    }
  });
});

describe('--from and --to', () => {
  it('read multiples of the peak and user request rates per second, minute or hour', () => {
    expect(parseLoadArg('0.1x')).toEqual({ scale: 0.1 });
    // A bare number is a multiple of the peak or a rate: refused, save 0, which is both.
    expect(() => parseLoadArg('2000')).toThrow('2000 needs a unit: 2000x (a multiple of the peak) or 2000/s (a rate)?');
    expect(() => parseLoadArg('3')).toThrow(/needs a unit/);
    expect(parseLoadArg('0')).toEqual({ scale: 0 });
    expect(parseLoadArg('150/s')).toEqual({ rps: 150 });
    expect(parseLoadArg('150rps')).toEqual({ rps: 150 });
    // A rate per minute, as a profile writes one, was refused ("expected … a rate like 150/s").
    expect(parseLoadArg('9000/min')).toEqual({ rps: 150 });
    expect(parseLoadArg('9000 req/min')).toEqual({ rps: 150 });
    expect(parseLoadArg('36000/h')).toEqual({ rps: 10 });
    expect(() => parseLoadArg('5/d')).toThrow(/a rate like 150\/s or 9000\/min/);
  });
});
