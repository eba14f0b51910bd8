/**
 * Per-component cost: requests × unit prices fixed by the catalog, so an unchanged component
 * keeps its cost when another one changes; the pools' cost beyond the requests is the packing
 * waste; storage is its component's own line.
 */
import { describe, expect, it } from 'vitest';
import { allocateCompute, poolUnitPrices } from '../../src/pricing/allocation.js';
import { binPack } from '../../src/pricing/binpack.js';
import { catalogRegions, listInstances, shippedCatalog } from '../../src/pricing/catalog.js';
import type { InstanceType } from '../../src/pricing/catalog-types.js';
import { pricedText } from '../gate/helpers.js';

const GiB = 2 ** 30;

function node(name: string, cores: number, memGiB: number, hourlyUsd: number): InstanceType {
  return {
    provider: 'aws', region: 'test-1', name, family: name.split('.')[0]!, category: 'general', arch: 'amd64', vcpu: cores, memoryGiB: memGiB, gpu: null,
    networkGbps: null, hourlyUsd, allocatable: { cpuCores: cores, memoryBytes: memGiB * GiB, maxPods: 110 }, source: 'test', asOf: '2026-01-01',
  };
}

/** A price ratio of 1 : 0.1 (a core costs as much as 10 GiB), round numbers for hand arithmetic. */
const ratio = { cpuCoreHourUsd: 1, memoryGiBHourUsd: 0.1, gpuHourUsd: 10 };

describe('fixed unit prices', () => {
  it('take the cheapest rate along the ratio (hand-computed)', () => {
    // a: 2 cores + 8 GiB = 2 + 0.8 = 2.8 ratio-units for $0.10 → 0.0357 $/unit
    // b: 4 cores + 8 GiB = 4 + 0.8 = 4.8 ratio-units for $0.16 → 0.0333 $/unit (cheapest)
    const y = poolUnitPrices('general', [node('a.x', 2, 8, 0.1), node('b.x', 4, 8, 0.16)], ratio)!;
    expect(y.basis).toBe('b.x');
    expect(y.usdPerCoreHour).toBeCloseTo(0.16 / 4.8, 12);
    expect(y.usdPerGiBHour).toBeCloseTo(0.016 / 4.8, 12);
  });

  it('never price what any type holds above its price, in every shipped region and pool, so the waste is never negative', () => {
    const catalog = shippedCatalog();
    for (const { provider, region } of catalogRegions()) {
      const instances = listInstances({ provider, region }, catalog);
      for (const pool of ['general', 'gpu'] as const) {
        const y = poolUnitPrices(pool, instances, catalog.fallbackUnitPrices);
        if (y === null) continue;
        for (const t of instances.filter((x) => x.allocatable && (x.gpu !== null) === (pool === 'gpu') && x.category !== 'burstable' && x.arch === 'amd64')) {
          const value = y.usdPerCoreHour * t.allocatable!.cpuCores + y.usdPerGiBHour * (t.allocatable!.memoryBytes / GiB) + y.usdPerGpuHour * (t.gpu?.count ?? 0);
          expect(value).toBeLessThanOrEqual(t.hourlyUsd * (1 + 1e-12));
        }
      }
    }
  });

  it('charge each group its requests and leave the rest of the pool as waste', () => {
    const types = [node('a.x', 2, 8, 0.1), node('b.x', 4, 8, 0.16)];
    const groups = [
      { component: 'api', count: 3, cpuCores: 1, memoryBytes: 2 * GiB, gpus: 0, zones: 1 },
      { component: 'db', count: 1, cpuCores: 2, memoryBytes: 4 * GiB, gpus: 0, zones: 1 },
    ];
    const packed = binPack(groups, types);
    const a = allocateCompute(packed.pools, groups, types, ratio, 730);
    const y = { core: 0.16 / 4.8, gib: 0.016 / 4.8 };
    expect(a.byComponent.get('api')).toBeCloseTo(3 * (1 * y.core + 2 * y.gib) * 730, 9);
    expect(a.byComponent.get('db')).toBeCloseTo(1 * (2 * y.core + 4 * y.gib) * 730, 9);
    expect(a.packingWaste).toBeCloseTo(packed.monthlyUsd - a.byComponent.get('api')! - a.byComponent.get('db')!, 9);
    expect(a.packingWaste).toBeGreaterThanOrEqual(0);
  });

  it('charge only the groups a pool placed: none with no pods, none no type fits', () => {
    const types = [node('a.x', 2, 8, 0.1), node('b.x', 4, 8, 0.16)];
    const api = { component: 'api', count: 3, cpuCores: 1, memoryBytes: 2 * GiB, gpus: 0, zones: 1 };
    const idle = { component: 'idle', count: 0, cpuCores: 1, memoryBytes: 2 * GiB, gpus: 0, zones: 1 };
    const huge = { component: 'huge', count: 1, cpuCores: 64, memoryBytes: 2 * GiB, gpus: 0, zones: 1 };
    for (const groups of [[api, idle], [api, huge], [api, idle, huge]]) {
      const packed = binPack(groups, types);
      const a = allocateCompute(packed.pools, groups, types, ratio, 730);
      expect([...a.byComponent.keys()]).toEqual(['api']);
      expect(a.byComponent.get('api')).toBe(allocateCompute(binPack([api], types).pools, [api], types, ratio, 730).byComponent.get('api'));
    }
  });
});

const profile = (jobsServiceTime: string) =>
  [
    'apiVersion: capplan/v1',
    'name: alloc',
    'workload: { sessionsPerDay: 200000, requestsPerSession: 25, peakFactor: 4 }',
    'targets: { zones: 3 }',
    'phases:',
    '  - { name: a year on, scale: 2, after: 12 months }',
    'components:',
    '  api: { kind: service, serviceTime: 30ms, workers: 8, resources: { cpu: 2, memory: 2Gi }, calls: [db] }',
    `  jobs: { kind: worker, perRequest: 0.2, serviceTime: ${jobsServiceTime}, workers: 8, resources: { cpu: 1, memory: 1Gi } }`,
    '  db: { kind: database, readsPerRequest: 3, writesPerRequest: 0.5, capacity: 5000/s, bytesPerWrite: 2KB, retention: 730d, resources: { cpu: 8, memory: 32Gi } }',
    '',
  ].join('\n');

describe('bill.byComponent', () => {
  it('keeps an unchanged component’s cost when another one triples, and adds up to the bill', async () => {
    const before = (await pricedText(profile('500ms'))).plan;
    const after = (await pricedText(profile('1500ms'))).plan;
    for (const [i, phase] of after.phases.entries()) {
      const was = before.phases[i]!.bill!;
      const now = phase.bill!;
      const costs = now.byComponent as Record<string, number>;
      expect(now.monthly).toBeGreaterThanOrEqual(was.monthly);
      expect(costs.jobs).toBeGreaterThan((was.byComponent as Record<string, number>).jobs!);
      for (const name of ['api', 'db']) expect(costs[name]).toBe((was.byComponent as Record<string, number>)[name]);
      const total = Object.values(costs).reduce((s, x) => s + x, 0) + (now.packingWaste as number) + (now.shared as number);
      expect(total).toBeCloseTo(now.monthly, 6);
    }
  });

  it('bills storage to its component at what the phase holds, provisioned at 80 % full', async () => {
    const { plan } = await pricedText(profile('500ms'));
    const [now, later] = plan.phases;
    const line = (p: typeof now) => p!.bill!.lines.find((l) => l.item === 'blockStorage' && l.component === 'db')!;
    const db = now!.components.find((c) => c.name === 'db')!;
    // Mean writes: 200,000 × 25 / 86,400 × 0.5 = 28.94/s × 2 KB = 57,870 B/s.
    const growth = ((200_000 * 25) / 86_400) * 0.5 * 2000;
    expect(db.storage!.growthBytesPerS).toBeCloseTo(growth, 6);
    // Base phase: one billing month (730 h) of writes, on each of the db's nodes, ÷ 0.8.
    expect(line(now).quantity).toBeCloseTo((db.replicas * growth * 730 * 3600) / 0.8 / GiB, 6);
    expect(line(now).note).toMatch(/1 month of writes at this phase's mean rate.*provisioned at 80% full/);
    // The later phase holds 12 months of writes at its (doubled) mean rate.
    const dbLater = later!.components.find((c) => c.name === 'db')!;
    expect(line(later).quantity).toBeCloseTo((dbLater.replicas * 2 * growth * 12 * 2_629_800) / 0.8 / GiB, 6);
    expect(line(later).note).toMatch(/12 months of writes/);
    const costs = now!.bill!.byComponent as Record<string, number>;
    expect(costs.db).toBeGreaterThan(line(now).monthly);
  });

  it('without `after`, bills a later phase at the end of retention and says so', async () => {
    const { plan } = await pricedText(profile('500ms').replace(', after: 12 months', ''));
    const l = plan.phases[1]!.bill!.lines.find((x) => x.component === 'db' && x.item === 'blockStorage')!;
    expect(l.note).toMatch(/the end of its 24 months of retention, as the phase gives no after:/);
  });
});
