import { describe, expect, it } from 'vitest';
import { binPack } from '../../src/pricing/binpack.js';
import {
  COMPUTE_EQUIVALENT,
  blockStorageLines,
  egressLines,
  managedPostgresLines,
  managedRedisLines,
  nodePoolLines,
  onpremLines,
  serviceLines,
  type PricedLine,
} from '../../src/pricing/bill-lines.js';
import { listInstances, shippedCatalog } from '../../src/pricing/catalog.js';
import { applyPriceOverrides } from '../../src/pricing/price-overrides.js';

const GiB = 2 ** 30;
const catalog = shippedCatalog();
const aws = { provider: 'aws', region: 'us-east-1' } as const;
const gcp = { provider: 'gcp', region: 'us-central1' } as const;
const azure = { provider: 'azure', region: 'eastus' } as const;

function expectConsistent(lines: PricedLine[]): void {
  for (const l of lines) {
    if (l.unitPrice === null) expect(l.monthly).toBe(0);
    else expect(l.monthly).toBeCloseTo(l.quantity * l.unitPrice, 9);
  }
}

describe('bill lines', () => {
  it('prices node pools as nodes × hourly × 730', () => {
    const r = binPack([{ component: 'api', count: 6, cpuCores: 1, memoryBytes: 2 * GiB, gpus: 0, zones: 3 }], listInstances(aws));
    const [line] = nodePoolLines(r.pools);
    const p = r.pools[0]!;
    expect(line).toMatchObject({ item: 'nodePool', quantity: p.nodeCount, unit: 'node-month', source: 'aws-ec2-prices', asOf: '2026-07-20' });
    expect(line!.unitPrice).toBeCloseTo(p.instance.hourlyUsd * 730, 9);
    expect(line!.monthly).toBeCloseTo(p.monthlyUsd, 9);
    expect(line!.description).toContain(`× ${p.instance.name} over 3 zones`);
  });

  it('prices AWS gp3 storage and IOPS above the included 3000', () => {
    // 500 GiB × $0.08 = $40; (6000 − 3000) IOPS × $0.005 = $15.
    const lines = blockStorageLines(aws, { capacityBytes: 500 * GiB, iops: 6000 }, catalog);
    expect(lines.map((l) => [l.item, l.quantity, l.monthly])).toEqual([
      ['blockStorage', 500, 40],
      ['blockStorageIops', 3000, 15],
    ]);
    expect(lines.every((l) => l.source === 'netflix-scm-aws' && l.asOf === '2026-08-21')).toBe(true);
    expect(blockStorageLines(aws, { capacityBytes: GiB, iops: 40_000, volumes: 2 }, catalog)[1]!.note).toContain('above 16,000 IOPS per volume');
  });

  it('splits AWS internet egress over its monthly tiers', () => {
    // 20480 GiB: 10240 × $0.09 = $921.60, then 10240 × $0.085 = $870.40.
    const lines = egressLines(aws, { internetBytes: 20480 * GiB, interZoneBytes: 100 * GiB }, catalog);
    expect(lines.map((l) => [l.quantity, l.unitPrice])).toEqual([[10240, 0.09], [10240, 0.085], [100, 0.02]]);
    expect(lines.reduce((s, l) => s + l.monthly, 0)).toBeCloseTo(921.6 + 870.4 + 2, 9);
    expectConsistent(lines);
  });

  it('labels the undated OpenCost fallback on GCP and leaves Azure unpriced', () => {
    const [g] = blockStorageLines(gcp, { capacityBytes: 100 * GiB }, catalog);
    expect(g).toMatchObject({ unitPrice: 0.04, monthly: 4, source: 'opencost-default', asOf: null });
    expect(g!.note).toContain('undated OpenCost default');
    const [a] = blockStorageLines(azure, { capacityBytes: 100 * GiB }, catalog);
    expect(a).toMatchObject({ unitPrice: null, monthly: 0, asOf: null });
    expect(a!.note).toMatch(/^unpriced: no dated source/);
  });

  it('prices managed PostgreSQL and Redis as the equivalent compute instance, labelled', () => {
    // Cheapest non-burstable AWS type with ≥ 4 vCPU and ≥ 16 GiB: m7g.xlarge at $0.1632/h.
    const [pg] = managedPostgresLines(aws, { role: 'primary', nodes: 1, cpuCores: 4, memoryBytes: 16 * GiB }, catalog);
    expect(pg).toMatchObject({ item: 'managedPostgres', quantity: 1, note: COMPUTE_EQUIVALENT, source: 'aws-ec2-prices' });
    expect(pg!.description).toContain('m7g.xlarge-equivalent');
    expect(pg!.unitPrice).toBeCloseTo(0.1632 * 730, 9);
    const cheaper = listInstances({ ...aws, gpu: false }).filter((i) => i.category !== 'burstable' && i.vcpu >= 4 && i.memoryGiB >= 16 && i.hourlyUsd < 0.1632);
    expect(cheaper).toEqual([]);
    const [redis] = managedRedisLines(gcp, { shards: 2, replicasPerShard: 1, memoryBytes: 8 * GiB }, catalog);
    expect(redis).toMatchObject({ quantity: 4, note: COMPUTE_EQUIVALENT });
  });

  it('uses a profile price for managed services and control planes when given', () => {
    const { catalog: c } = applyPriceOverrides(catalog, { services: { managedPostgresNodeHourlyUsd: 0.5, controlPlaneHourlyUsd: 0.1 } });
    const [pg] = managedPostgresLines(aws, { role: 'replicas', nodes: 2, cpuCores: 4, memoryBytes: 16 * GiB }, c);
    expect(pg).toMatchObject({ quantity: 2, unitPrice: 365, monthly: 730, source: 'profile-pricing', note: 'set in the profile' });
    const [cp, lb] = serviceLines(aws, { controlPlanes: 1, loadBalancers: 2 }, c);
    expect(cp).toMatchObject({ unit: 'cluster-month', unitPrice: 73, monthly: 73 });
    expect(lb).toMatchObject({ unit: 'load-balancer-month', unitPrice: null, monthly: 0 });
    expect(lb!.note).toMatch(/^unpriced: no dated source/);
  });

  it('lists the free-intelligence 10GbE + NVMe build: $1,800 capex, $50/month over 36 months', () => {
    const lines = onpremLines([
      { partId: 'switch-qnap-qsw-m2108-2c', quantity: 1 },
      { partId: 'nas-synology-ds923plus', quantity: 1 },
      { partId: 'nvme-1tb-samsung-980-pro', quantity: 4 },
      { partId: 'nic-mellanox-connectx-4-lx', quantity: 3 },
    ], catalog);
    expect(lines.map((l) => l.item)).toEqual(['onprem.switch', 'onprem.nas', 'onprem.nvme', 'onprem.nic']);
    expect(lines.reduce((s, l) => s + (l.capexUsd ?? 0), 0)).toBe(1800);
    // 1800 / 36 = 50.
    expect(lines.reduce((s, l) => s + l.monthly, 0)).toBeCloseTo(50, 9);
    expect(lines.every((l) => l.note === 'indicative street price' && l.asOf === '2025-10-28')).toBe(true);
    expectConsistent(lines);
    expect(() => onpremLines([{ partId: 'nope', quantity: 1 }], catalog)).toThrow(RangeError);
  });
});
