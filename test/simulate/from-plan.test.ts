/** The adapter from a planned phase to the simulated system. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { buildSimModel, PLAN_AS_IS } from '../../src/simulate/from-plan.js';
import { busyLoad, offeredLoad, visitRates } from '../../src/simulate/model-load.js';
import { checkSteps } from '../../src/simulate/steps.js';
import { renderSimulationJson } from '../../src/simulate/render-json.js';
import { renderSimulationMarkdown, renderSimulationText } from '../../src/simulate/render-text.js';
import { summarise } from '../../src/simulate/report.js';
import { runReplications } from '../../src/simulate/runner.js';
import { steady } from './helpers.js';
import { component, oneComponent, planText } from '../support/plan.js';
import { SHARP_OPS } from '../support/sharp-ops.js';

const large = fileURLToPath(new URL('../../profiles/templates/large.yaml', import.meta.url));

/** A profile's plan and the simulated model of its first phase. */
async function simModelOf(yaml: string) {
  const { profile } = await loadProfileText(yaml, 'test.yaml');
  const plan = solve(profile);
  return { plan, m: buildSimModel(plan.profile, plan.phases[0]!) };
}

async function largePlan() {
  const { profile } = await loadProfileText(await readFile(large, 'utf8'), large);
  return solve(profile);
}

describe('buildSimModel', () => {
  it('builds every component of the large template as the plan sized it', async () => {
    const plan = await largePlan();
    const phase = plan.phases[0]!;
    const m = buildSimModel(plan.profile, phase);
    expect(checkSteps(m)).toBeNull();
    const st = (name: string) => m.stations.find((s) => s.name === name)!;
    // Horizontal: replicas × workers; the rate per replica is the plan's queue.
    const api = component(plan, 'api');
    expect(st('api')).toMatchObject({ replicas: api.replicas, servers: api.queue!.servers, sharedQueue: false, zonal: true, balancing: 'random' });
    // The worker pool: one shared queue, priority classes in order with their shares.
    expect(st('jobs')).toMatchObject({ replicas: component(plan, 'jobs').replicas, servers: 16, sharedQueue: true, classes: ['realtime', 'standard'] });
    // The database: writes to the primary, reads to the read replica (falling back to the primary), primaries fail over.
    expect(st('postgres primary')).toMatchObject({ replicas: 1, zonal: false, fallback: null });
    expect(st('postgres replica')).toMatchObject({ replicas: 1, zonal: true, fallback: m.stations.indexOf(st('postgres primary')) });
    // The cache: shards serve, their replicas stand by.
    expect(st('redis')).toMatchObject({ replicas: 1, zonal: false });
    // The adapter's provider limit.
    expect(m.limiters).toEqual([{ component: 'whatsapp', ratePerS: 1000, burst: 1000, mode: 'reject' }]);
    // Offered load per station equals the plan's utilisation where the plan is exact.
    for (const name of ['edge', 'api', 'whatsapp', 'inference', 'jobs', 'redis', 'uplink']) {
      const i = m.stations.indexOf(st(name));
      expect(offeredLoad(m, i), name).toBeCloseTo(component(plan, name).utilization, 9);
    }
    expect(offeredLoad(m, m.stations.indexOf(st('postgres primary')))).toBeCloseTo(component(plan, 'postgres').detail.primaryUtilization as number, 9);
    // The path follows the plan's; jobs run asynchronously (spawned), not timed end to end.
    expect(m.path).toEqual(phase.system.path.filter((n) => n !== 'jobs'));
    expect(m.steps[0]).toMatchObject({ op: 'spawn', whole: 0, frac: 0.5 });
    expect(m.components.find((c) => c.name === 'jobs')).toMatchObject({ onPath: false, async: true });
  });

  it('a blocking caller is busy for its own work and its callees\' answers: busyLoad is the plan\'s utilisation', async () => {
    const yaml = `apiVersion: capplan/v1
name: held
workload: { rps: 300 }
targets: { zones: 2 }
components:
  web: { kind: service, serviceTime: 10ms, workers: 4, calls: [{ to: back, blocking: true }] }
  back: { kind: service, serviceTime: 20ms, workers: 8 }
`;
    const { plan, m } = await simModelOf(yaml);
    const web = m.stations.findIndex((s) => s.name === 'web');
    const back = m.stations.findIndex((s) => s.name === 'back');
    // Own work alone: 300 × 10 ms over 8 replicas × 4 workers.
    const servers = m.stations[web]!.replicas * m.stations[web]!.servers;
    expect(offeredLoad(m, web)).toBeCloseTo((300 * 0.01) / servers, 9);
    // Held: H = 10 ms + back's answer (its 20 ms and a little wait), as the plan sizes web.
    expect(busyLoad(m, web)).toBeCloseTo(component(plan, 'web').utilization, 9);
    expect(busyLoad(m, web) / offeredLoad(m, web)).toBeGreaterThan(3);
    // A station that holds nothing is unchanged.
    expect(busyLoad(m, back)).toBe(offeredLoad(m, back));
  });

  it('a held visit goes on past its own block even where the program is moved behind the spawns', async () => {
    // web holds through api, which holds through its database calls; audit is spawned (async), so
    // the main program sits after a spawn step and every step index moves by one. skipTo moved
    // too late: it pointed at web's release, and a request whose web visit was lost released a
    // server it did not hold (an internal error under --fail api:2@30s).
    const yaml = `apiVersion: capplan/v1
name: nested
workload: { rps: 200 }
targets: { zones: 3 }
components:
  web: { kind: service, serviceTime: 5ms, workers: 4, calls: [{ to: api, blocking: true }, { to: audit, probability: 10% }] }
  api: { kind: service, serviceTime: 15ms, workers: 4, blocking: true, calls: [{ to: db, timeout: 30ms, retries: 1 }] }
  audit: { kind: worker, serviceTime: 200ms, workers: 2 }
  db: { kind: database, readsPerRequest: 1, writesPerRequest: 0.2, capacity: 2000/s, writeCapacity: 500/s }
`;
    const { m } = await simModelOf(yaml);
    expect(m.steps[0]).toMatchObject({ op: 'spawn' });
    expect(checkSteps(m)).toBeNull();
    const held = m.steps.flatMap((s, i) => (s.op === 'visit' && s.hold ? [[m.stations[s.station]!.name, i, s.skipTo]] : []));
    // web at 1 (after the spawn) holds api at 2, the database's two visits, api's release at 5 and
    // web's at 6: web goes on at 7, api at 6.
    expect(held).toEqual([['web', 1, 7], ['api', 2, 6]]);
    const api = m.stations.findIndex((s) => s.name === 'api');
    const s = { ...steady(0, 2, 1), mode: 'transient' as const, durationS: 120, windows: 12, faults: [{ label: 'api', atS: 30, untilS: 60, replicas: [0, 1].map((replica) => ({ station: api, replica })) }] };
    expect(runReplications(m, s).every((r) => r.failed.lost > 0)).toBe(true);
  });

  it('visits per second add up to the plan’s demand on each station', async () => {
    const plan = await largePlan();
    const m = buildSimModel(plan.profile, plan.phases[1]!);
    const rates = new Map<number, number>();
    for (const [rate, step] of visitRates(m)) rates.set(step.station, (rates.get(step.station) ?? 0) + rate);
    for (const [i, rate] of rates) expect(rate, m.stations[i]!.name).toBeCloseTo(m.stations[i]!.arrivalRate, 6);
  });

  it('says where the plan is not exact for what is simulated', async () => {
    const plan = await largePlan();
    const phase = plan.phases[0]!;
    expect(buildSimModel(plan.profile, phase).analyticPath.inexact).toMatch(/repeated visits in one request \(postgres, redis, volumes\)/);
    const tuned = buildSimModel(plan.profile, phase, { ...PLAN_AS_IS, service: { api: { kind: 'lognormal', cv: 2 } }, balancing: { '*': 'p2c' } });
    expect(tuned.stations.find((s) => s.name === 'api')!.inexact).toMatch(/lognormal cv 2.*balancing is p2c/);
    expect(tuned.stations.find((s) => s.name === 'edge')!.inexact).toMatch(/balancing is p2c/);
    expect(tuned.stations.find((s) => s.name === 'jobs')!.balancing).toBe('random');
  });

  it('a primary serving reads and writes at their own speeds is the plan’s M/H2/1, exact by Pollaczek–Khinchine', async () => {
    const plan = await planText(oneComponent('{ rps: 100 }', '{ kind: database, readsPerRequest: 2, writesPerRequest: 1, capacity: 1000/s, writeCapacity: 300/s, workers: 1 }'));
    const m = buildSimModel(plan.profile, plan.phases[0]!);
    expect(m.stations.map((s) => s.name)).toEqual(['c primary']);
    // Exact for Poisson arrivals; a request's 2 reads and 1 write come back to back, which the station notes.
    expect(m.stations[0]!.inexact).toBe('a request may visit it again right after its own visit (not the Poisson arrivals the plan’s per-visit figures assume)');
    expect(m.dists.map((d) => d.meanS)).toEqual([1 / 1000, 1 / 300]);
    // P-K (Kleinrock vol. 1 §5.6): λ = 300/s, E[S] = (2·1 + 1·10/3)/3 ms, E[S²] = (2·2·1² + 1·2·(10/3)²)/3 ms²; T = E[S] + λE[S²]/(2(1 − ρ)).
    const lambda = 300;
    const es = (2 * 1e-3 + (10 / 3) * 1e-3) / 3;
    const es2 = (2 * 2 * 1e-6 + 2 * (10 / 3) ** 2 * 1e-6) / 3;
    expect(m.stations[0]!.analytic[0]!.meanResponseS).toBeCloseTo(es + (lambda * es2) / (2 * (1 - lambda * es)), 9);
  });
});

describe("a station behind near-deterministic operations far apart (once Cantelli's bound)", () => {
  // test/support/sharp-ops.ts: an M/G/1 wait behind two near-deterministic
  // operations three orders of magnitude apart, which no transform inversion follows; its p95 per
  // visit is now solved in the time domain (src/model/visit-tail.ts), so no station reaches the bound.
  const sharp = SHARP_OPS;

  it('is compared as an exact figure: the plan p95, not a bound', async () => {
    const plan = await planText(sharp);
    const api = buildSimModel(plan.profile, plan.phases[0]!).stations.find((s) => s.name === 'api')!;
    expect(api.inexact ?? '').not.toMatch(/Cantelli/);
    expect(api.analytic[0]!.p95S).toBeCloseTo(component(plan, 'api').latencyP95!, 12);
    expect(Object.keys(api.analytic[0]!).sort()).toEqual(['meanResponseS', 'p95S', 'queueLength', 'utilization', 'waitProbability']);
  });

  it('is not where the inversion settles', async () => {
    const plan = await planText(sharp.replace('distribution: deterministic', 'distribution: exponential'));
    const api = buildSimModel(plan.profile, plan.phases[0]!).stations.find((s) => s.name === 'api')!;
    expect(api.inexact ?? '').not.toMatch(/Cantelli/);
  });
});

describe('regions', () => {
  it('runs one region’s share of the peak and says so beside the whole system’s (it printed "peak 100 req/s" beside a plan of 200)', async () => {
    const { plan, m } = await simModelOf(`apiVersion: capplan/v1
name: two-regions
workload: { rps: 200/s }
targets: { regions: 2, latencyP95: 1s }
components:
  api: { kind: service, serviceTime: 20ms, workers: 4 }
`);
    expect(plan.phases[0]!.peakRps).toBe(200);
    expect(m.peakRps).toBe(100);
    expect(m.regions).toEqual({ count: 2, peakRps: 200 });
    const report = summarise(m, steady(2000, 2), runReplications(m, steady(2000, 2)));
    expect(renderSimulationText([report])).toContain('Phase now  peak 100 req/s, one region’s share of 200 req/s over 2 regions\n');
    expect(renderSimulationMarkdown([report])).toContain('## Phase now (peak 100 req/s, one region’s share of 200 req/s over 2 regions)');
    expect(JSON.parse(renderSimulationJson([report])).phases[0].regions).toEqual({ count: 2, peakRps: 200 });
  });
});
