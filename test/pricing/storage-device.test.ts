import { describe, expect, it } from 'vitest';
import { blockStorageLines } from '../../src/pricing/bill-lines.js';
import { findUnitPrice, shippedCatalog } from '../../src/pricing/catalog.js';

const SHIPPED = shippedCatalog();

const aws = { provider: 'aws' as const, region: 'us-east-1' };
const GIB = 2 ** 30;
const NETFLIX = '/work/shared/reference/pricing/raw/netflix-scm/3yr-reserved_zz-overrides.json';

describe('block storage priced by device class', () => {
  it('prices io2 by its own rows: $/GiB and per-volume IOPS tiers from the Netflix file, none included', async () => {
    const { readFile } = await import('node:fs/promises');
    const io2 = JSON.parse(await readFile(NETFLIX, 'utf8'))['us-east-1'].drives.io2;
    const lines = blockStorageLines(aws, { capacityBytes: 1000 * GIB, volumes: 2, iops: 2 * 64_000, device: 'io2' }, SHIPPED);
    expect(lines[0]!.unitPrice).toBeCloseTo(io2.annual_cost_per_gib / 12, 9);
    expect(lines[0]!.monthly).toBeCloseTo(1000 * (io2.annual_cost_per_gib / 12), 6);
    const [[t1, a1], [, a2]] = io2.annual_cost_per_read_io;
    const iops = lines.filter((l) => l.item === 'blockStorageIops');
    expect(iops.map((l) => l.quantity)).toEqual([2 * t1, 2 * (64_000 - t1)]);
    expect(iops[0]!.unitPrice).toBeCloseTo(a1 / 12, 9);
    expect(iops[1]!.unitPrice).toBeCloseTo(a2 / 12, 9);
    for (const l of lines) expect(l.monthly).toBeCloseTo(l.quantity * l.unitPrice!, 9);
    expect(lines.some((l) => /spread over more volumes/.test(l.note ?? ''))).toBe(false);
  });

  it('prices gp3 IOPS above those included per volume, for what each volume is provisioned with', () => {
    const price = findUnitPrice('aws', 'us-east-1', 'blockStorageIops', SHIPPED, 'gp3')!;
    const lines = blockStorageLines(aws, { capacityBytes: GIB, volumes: 2, iops: 32_000, device: 'gp3' }, SHIPPED);
    const line = lines.find((l) => l.item === 'blockStorageIops')!;
    expect(line.quantity).toBe(2 * (16_000 - price.includedQuantity!));
    expect(line.monthly).toBeCloseTo(line.quantity * price.usd!, 9);
  });

  it('bills gp3 throughput above the included 125 MiB/s, unpriced without a dated source, priced from the profile', () => {
    const lines = blockStorageLines(aws, { capacityBytes: GIB, volumes: 5, device: 'gp3', throughputMiBsPerVolume: 1000 }, SHIPPED);
    const t = lines.find((l) => l.item === 'blockStorageThroughput')!;
    expect(t.quantity).toBe(5 * (1000 - 125));
    expect(t.unitPrice).toBeNull();
    expect(t.note).toMatch(/^unpriced: .*throughputUsdPerMiBsMonth/);
    const within = blockStorageLines(aws, { capacityBytes: GIB, volumes: 5, device: 'gp3', throughputMiBsPerVolume: 100 }, SHIPPED);
    expect(within.some((l) => l.item === 'blockStorageThroughput')).toBe(false);
  });

  it.each(['ssd', 'nvme', 'hdd', 'custom'])('leaves a %s disk on AWS unpriced, not at gp3 prices', (device) => {
    const lines = blockStorageLines(aws, { capacityBytes: GIB, volumes: 1, iops: 50_000, device }, SHIPPED);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.unitPrice).toBeNull();
    expect(lines[0]!.note).toMatch(new RegExp(`no aws price for a ${device} device`));
  });

  it.each(['gcp', 'azure'] as const)('leaves a gp3 disk on %s unpriced (an EBS class; no fallback price)', (provider) => {
    const region = provider === 'gcp' ? 'us-central1' : 'eastus';
    const lines = blockStorageLines({ provider, region }, { capacityBytes: GIB, volumes: 1, iops: 16_000, device: 'gp3' }, SHIPPED);
    expect(lines.every((l) => l.unitPrice === null)).toBe(true);
  });
});
