/**
 * Connection pools held per caller replica (adapter `poolPer`) and regions (targets.regions):
 * each against arithmetic done by hand from the model's definitions (plan/pools.ts,
 * plan/regions.ts), never against what the code printed.
 */
import { describe, expect, it } from 'vitest';
import { pricePlan } from '../../src/pricing/bill.js';
import { shippedCatalog } from '../../src/pricing/catalog.js';
import { component, planText } from '../support/plan.js';
import { problems } from '../support/problems.js';

/** NGX-like: a caller whose every replica holds one pool of 50 model connections. */
const pooled = (rps: number, callerMax = 40) => `
apiVersion: capplan/v1
name: pools
workload: { rps: ${rps}/s }
components:
  api:
    kind: service
    serviceTime: 5ms
    workers: 2
    replicas: { min: 2, max: ${callerMax} }
    calls: [model]
  model:
    kind: adapter
    managed: true
    poolPer: api
    perRequest: 0.5
    workers: 50
    serviceTime: 800ms
    utilization: 80%
`;

describe('connection pools per caller replica', () => {
  it('sizes the pools like replicas of 50 connections and raises the caller to hold them', async () => {
    // λ = 400 × 0.5 = 200 calls/s; one pool: μ = 50 / 0.8 s = 62.5/s; at u = 80 %: ⌈200 / 50⌉ = 4 pools.
    // The API alone: μ = 2 / 5 ms = 400/s; ⌈400 / (400 × 0.7)⌉ = 2 replicas, so the pools bind it.
    const plan = await planText(pooled(400));
    const api = component(plan, 'api');
    const model = component(plan, 'model');
    expect(api.replicas).toBe(4);
    expect(api.binding).toBe('connections');
    expect(api.constraints.find((k) => k.binding === 'connections')!.formula).toMatch(/pools model needs/);
    expect(model.replicas).toBe(4);
    expect(model.binding).toBe('throughput');
    expect(model.topology).toBe('4 pools');
    expect(model.detail).toMatchObject({ poolPer: 'api', poolsNeeded: 4, connections: 200 });
    // Utilisation of the pools: 200 / (4 × 62.5) = 0.8.
    expect(model.utilization).toBeCloseTo(0.8, 12);
  });

  it('lets the pools follow the caller when the caller needs more replicas than the pools', async () => {
    // λ = 40 calls/s → ⌈40 / 50⌉ = 1 pool; the API keeps its minimum of 2, so 2 pools of 50.
    const plan = await planText(pooled(80));
    expect(component(plan, 'api').replicas).toBe(2);
    const model = component(plan, 'model');
    expect(model.replicas).toBe(2);
    expect(model.binding).toBe('connections');
    expect(model.detail.connections).toBe(100);
  });

  it('says in pool terms when the caller’s maximum holds too few pools', async () => {
    const plan = await planText(pooled(400, 3));
    const model = component(plan, 'model');
    expect(component(plan, 'api').replicas).toBe(3);
    expect(model.replicas).toBe(3);
    const v = model.violations.find((x) => x.kind === 'maxReplicas')!;
    expect(v.message).toBe('needs 4 pools of 50 connections but api runs 3 replicas, one pool each; at 3 the peak runs at 106.7% of the pools');
    expect(v.path).toBe('components.model.poolPer');
  });

  it('refuses a poolPer that is unknown, itself, not a caller, not scalable, or beside replicas', async () => {
    const base = pooled(100);
    expect(await problems(base.replace('poolPer: api', 'poolPer: apx'))).toEqual([expect.stringMatching(/poolPer: "apx" is not a component of phase "now".*did you mean "api"/s)]);
    expect(await problems(base.replace('poolPer: api', 'poolPer: model'))).toEqual([expect.stringMatching(/an adapter cannot hold its own pools/)]);
    expect(await problems(base.replace('    calls: [model]\n', ''))).toEqual([expect.stringMatching(/"api" does not call model.*add model to api's calls/s)]);
    expect(await problems(`${base}  db:\n    kind: database\n    capacity: 100/s\n    readsPerRequest: 1\n`.replace('poolPer: api', 'poolPer: db'))).toEqual([
      expect.stringMatching(/"db" is a database; pools follow the replicas of a service/),
    ]);
    expect(await problems(base.replace('    poolPer: api\n', '    poolPer: api\n    replicas: 3\n'))).toEqual([expect.stringMatching(/model\.replicas: the pools follow api's replicas/)]);
  });
});

const regional = (targets: string) => `
apiVersion: capplan/v1
name: regions
workload: { rps: 4000/s, peakFactor: 2 }
targets: { ${targets} }
components:
  web:
    kind: service
    capacity: 100/s
    resources: { cpu: 1, memory: 1Gi }
    calls: [cache]
  cache:
    kind: cache
    capacity: 100000/s
    opsPerRequest: 1
    dataset: 1GiB
    nodeMemory: 4GiB
    resources: { cpu: 1, memory: 4Gi }
`;

describe('regions', () => {
  it('sizes each region for its share and states the system’s rates for all of them', async () => {
    // Two regions: each serves 2,000 req/s; web ⌈2,000 / (100 × 0.7)⌉ = 29 replicas per region.
    const plan = await planText(regional('regions: [us-east, eu-west]'));
    const p = plan.phases[0]!;
    expect(p.regions).toMatchObject({ count: 2, names: ['us-east', 'eu-west'], failover: false, share: 0.5, peakRps: 2000 });
    expect(p.peakRps).toBe(4000);
    const web = component(plan, 'web');
    expect(web.replicas).toBe(29);
    expect(web.demand).toBe(2000);
    // The system carries 2 × 29 × 100 × 0.7 = 4,060 req/s; headroom 4,060 / 4,000.
    expect(p.system.maxRps).toBeCloseTo(4060, 9);
    expect(p.system.breakingRps).toBeCloseTo(5800, 9);
    expect(p.system.headroom).toBeCloseTo(1.015, 12);
    // The same plan as one region at half the load.
    const one = await planText(regional('zones: 1').replace('rps: 4000/s', 'rps: 2000/s'));
    expect(component(one, 'web').replicas).toBe(web.replicas);
    expect(one.phases[0]!.system.headroom).toBeCloseTo(p.system.headroom, 12);
  });

  it('sizes a region for a lost region’s users too with failover', async () => {
    // Three regions that survive one loss: each is sized for 4,000 / (3 − 1) = 2,000 req/s.
    const plan = await planText(regional('regions: 3, regionFailover: true'));
    expect(plan.phases[0]!.regions).toMatchObject({ count: 3, failover: true, share: 0.5, peakRps: 2000 });
    expect(component(plan, 'web').replicas).toBe(29);
    // The whole system carries 29 × 70 / 0.5 = 4,060 req/s (what one region's share allows).
    expect(plan.phases[0]!.system.maxRps).toBeCloseTo(4060, 9);
  });

  it('bills every region: each line and the total are R times one region’s', async () => {
    const opts = { target: 'cloud' as const, provider: 'aws' as const, region: 'us-east-1', catalog: shippedCatalog() };
    const two = pricePlan(await planText(regional('regions: 2')), opts).phases[0]!.bill!;
    const one = pricePlan(await planText(regional('zones: 1').replace('rps: 4000/s', 'rps: 2000/s')), opts).phases[0]!.bill!;
    expect(two.monthly).toBeCloseTo(2 * one.monthly, 6);
    expect(two.lines.map((l) => l.quantity)).toEqual(one.lines.map((l) => 2 * l.quantity));
    expect(two.lines.every((l) => l.description.endsWith('(× 2 regions)'))).toBe(true);
    expect(two.regions).toBe(2);
    // The catalog prices one region per provider: the bill says every region is priced there.
    expect(two.warnings).toContain("both regions are priced at aws us-east-1 prices, the catalog's one region for aws: prices in other regions differ");
    expect(one.warnings).not.toEqual(expect.arrayContaining([expect.stringContaining('regions are priced at')]));
    const named = pricePlan(await planText(regional('regions: [us-east, eu-west, ap-south]')), opts).phases[0]!.bill!;
    expect(named.warnings).toContain("all 3 regions (us-east, eu-west, ap-south) are priced at aws us-east-1 prices, the catalog's one region for aws: prices in other regions differ");
    // On premises a region is the same hardware wherever it stands: no such warning.
    const onprem = pricePlan(await planText(regional('regions: 2')), { ...opts, target: 'onprem' }).phases[0]!.bill!;
    expect(onprem.warnings).not.toEqual(expect.arrayContaining([expect.stringContaining('regions are priced at')]));
  });

  it("shares a provider's rate limit among the regions: the limit is the system's, so regions do not lift it", async () => {
    const withAdapter = (targets: string) => `
apiVersion: capplan/v1
name: limited
workload: { rps: 150/s }
targets: { ${targets} }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [wa] }
  wa: { kind: adapter, serviceTime: 5ms, rateLimit: 80/s }
`;
    // One region: 150 req/s against 80/s: a violation, and the system carries 80 req/s.
    const one = await planText(withAdapter('zones: 1'));
    expect(one.phases[0]!.system.maxRps).toBeCloseTo(80, 9);
    expect(one.phases[0]!.violations.map((v) => v.kind)).toContain('rateLimit');
    // Two regions: each serves 75 req/s against its half of the limit, 40/s: the same violation, the same 80 req/s.
    const two = await planText(withAdapter('regions: [us, eu]'));
    const wa = component(two, 'wa');
    expect(wa.demand).toBeCloseTo(75, 9);
    expect(wa.detail.rateLimit).toBeCloseTo(40, 9);
    expect(two.phases[0]!.system.maxRps).toBeCloseTo(80, 9);
    expect(two.phases[0]!.violations.find((v) => v.kind === 'rateLimit')!.message).toBe("peak demand 75 req/s exceeds the provider's rate limit of 40 req/s (one region's share 0.5 of 80 req/s); no replica count lifts it");
    // With failover a region is sized for 1 / (3 − 1) of the load, and so has half the limit.
    const failover = await planText(withAdapter('regions: 3, regionFailover: true'));
    expect(component(failover, 'wa').detail.rateLimit).toBeCloseTo(40, 9);
    expect(failover.phases[0]!.system.maxRps).toBeCloseTo(80, 9);
  });

  it('stores in each region its users’ share of the data, or all of it with failover', async () => {
    // 4,000 req/s at peak, peak factor 4: a mean of 1,000 req/s for the system; 0.5 writes of
    // 1 KB each a request kept 30 days: 500 writes/s × 1,000 B × 2,592,000 s = 1.296 TB, plus a
    // 300 GB dataset: 1.596 TB for the whole system. A disk writing 2 KB a request likewise:
    // 1,000 × 2,000 × 2,592,000 = 5.184 TB + 100 GB = 5.284 TB.
    const stored = (targets: string) => `
apiVersion: capplan/v1
name: data
workload: { rps: 4000/s, peakFactor: 4 }
targets: { ${targets} }
components:
  api: { kind: service, capacity: 1000/s, calls: [db, files] }
  db: { kind: database, readsPerRequest: 1, writesPerRequest: 0.5, capacity: 10000/s, writeCapacity: 5000/s, dataset: 300GB, bytesPerWrite: 1KB, retention: 30d }
  files: { kind: disk, writeBytesPerRequest: 2KB, dataset: 100GB, retention: 30d, device: nvme }
`;
    const db = 1.596e12;
    const disk = 5.284e12;
    const one = await planText(stored('zones: 1'));
    expect(component(one, 'db').storageBytes!).toBeCloseTo(db, -3);
    expect(component(one, 'files').storageBytes!).toBeCloseTo(disk, -3);
    // Three regions, users kept in their region: each holds a third.
    const three = await planText(stored('regions: 3'));
    expect(component(three, 'db').storageBytes! / (db / 3)).toBeCloseTo(1, 12);
    expect(component(three, 'files').storageBytes! / (disk / 3)).toBeCloseTo(1, 12);
    expect(component(three, 'db').storage).toMatchObject({ datasetBytes: 1e11 });
    // With failover a region serves a lost region's users, so every region holds all the data
    // (its own write load is the system's ÷ (3 − 1), but it keeps every region's writes).
    const failover = await planText(stored('regions: 3, regionFailover: true'));
    expect(component(failover, 'db').storageBytes! / db).toBeCloseTo(1, 12);
    expect(component(failover, 'files').storageBytes! / disk).toBeCloseTo(1, 12);
    // Its queries are one region's: (1 read + 0.5 writes) × 4,000 / (3 − 1) = 3,000/s.
    expect(component(failover, 'db').demand).toBeCloseTo(3000, 9);
  });

  it('refuses failover with one region and repeated region names', async () => {
    expect(await problems(regional('regionFailover: true'))).toEqual([expect.stringMatching(/targets\.regionFailover: failing over needs at least two regions/)]);
    expect(await problems(regional('regions: [eu, eu]'))).toEqual([expect.stringMatching(/targets\.regions: region names must differ/)]);
  });
});
