import { describe, expect, it } from 'vitest';
import {
  HOURS_PER_MONTH,
  catalogAgeWarning,
  catalogAsOf,
  catalogRegions,
  catalogSources,
  compareInstances,
  disclaimersFor,
  findSource,
  listInstances,
  onpremSourceIds,
  monthlyFromHourly,
  shippedCatalog,
} from '../../src/pricing/catalog.js';
import { renderCatalogTable } from '../../src/pricing/render-catalog.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';

describe('listInstances', () => {
  it('filters by provider, region, GPU and category', () => {
    const aws = listInstances({ provider: 'aws' });
    expect(aws.length).toBeGreaterThan(50);
    expect(aws.every((i) => i.provider === 'aws' && i.region === 'us-east-1')).toBe(true);
    expect(listInstances({ provider: 'aws', region: 'eu-west-1' })).toEqual([]);

    const gpu = listInstances({ provider: 'gcp', gpu: true });
    expect(gpu.length).toBeGreaterThan(0);
    expect(gpu.every((i) => i.gpu !== null && i.gpu.count >= 1)).toBe(true);
    expect(gpu.map((i) => i.name)).toContain('g2-standard-4');

    const noGpu = listInstances({ provider: 'gcp', gpu: false });
    expect(noGpu.every((i) => i.gpu === null)).toBe(true);
    expect(gpu.length + noGpu.length).toBe(listInstances({ provider: 'gcp' }).length);

    const burstable = listInstances({ provider: 'azure', category: 'burstable' });
    expect(burstable.every((i) => i.family.startsWith('B'))).toBe(true);
  });

  it('returns a deterministic order whatever the catalog order', () => {
    const c = shippedCatalog();
    const shuffled = { ...c, instances: [...c.instances].reverse() };
    expect(listInstances({}, shuffled)).toEqual(listInstances({}, c));
    const all = listInstances();
    for (let k = 1; k < all.length; k += 1) expect(compareInstances(all[k - 1]!, all[k]!)).toBeLessThan(0);
  });

  it('orders sizes within a family by vCPU', () => {
    const names = listInstances({ provider: 'aws' }).filter((i) => i.family === 'm7i').map((i) => i.name);
    expect(names.slice(0, 4)).toEqual(['m7i.large', 'm7i.xlarge', 'm7i.2xlarge', 'm7i.4xlarge']);
  });
});

describe('sources and dates', () => {
  it('lists every source with licence and date', () => {
    const sources = catalogSources();
    expect(sources.map((s) => s.id)).toContain('aws-ec2-prices');
    expect(findSource('aws-ec2-prices')).toMatchObject({ licence: 'Apache-2.0', asOf: '2026-07-20' });
    expect(findSource('opencost-default')?.asOf).toBeNull();
    expect(catalogRegions()).toEqual([
      { provider: 'aws', region: 'us-east-1' },
      { provider: 'gcp', region: 'us-central1' },
      { provider: 'azure', region: 'eastus' },
    ]);
  });

  it('catalogAsOf is the oldest dated price in scope', () => {
    expect(catalogAsOf({ provider: 'aws' })).toBe('2026-07-20');
    expect(catalogAsOf({ provider: 'gcp' })).toBe('2026-08-03');
    expect(catalogAsOf({ provider: 'azure' })).toBe('2026-06-18');
    expect(catalogAsOf({ provider: 'onprem' })).toBe('2025-10-28');
    expect(catalogAsOf()).toBe('2025-10-28');
  });

  it('prints the AWS disclaimer only for AWS prices', () => {
    expect(disclaimersFor(['aws'])).toEqual([shippedCatalog().disclaimers.aws]);
    expect(disclaimersFor(['gcp', 'azure'])).toEqual([]);
  });

  it('a month is 730 hours', () => {
    expect(HOURS_PER_MONTH).toBe(730);
    expect(shippedCatalog().hoursPerMonth).toBe(730);
    // m7i.xlarge: 0.2016 $/h × 730 h = 147.168 $/month.
    expect(monthlyFromHourly(0.2016)).toBeCloseTo(147.168, 10);
  });
});

describe('catalogAgeWarning', () => {
  it('is silent up to one year, warns after', () => {
    expect(catalogAgeWarning('2026-07-20', '2026-11-22')).toBeNull();
    expect(catalogAgeWarning('2025-11-22', '2026-11-22')).toBeNull();
    expect(catalogAgeWarning('2025-11-21', '2026-11-22')).toMatch(/more than a year old \(366 days on 2026-11-22\)/);
  });

  it('warns for the on-prem seed prices (2025-10-28 → 390 days on 2026-11-22)', () => {
    const w = catalogAgeWarning(catalogAsOf({ provider: 'onprem' }), '2026-11-22');
    expect(w).toContain('prices as of 2025-10-28 are more than a year old (390 days on 2026-11-22)');
    // A remedy that works for an installed capplan too, not only in a clone.
    expect(w).toContain("update capplan, or pass your own prices in the profile's pricing: section");
    expect(catalogAgeWarning('2025-10-28', '2026-11-22', 'on-prem part prices (onprem-seed, for --target onprem)')).toMatch(/^on-prem part prices \(onprem-seed, for --target onprem\) as of 2025-10-28 are more than a year old/);
  });

  it('lists the on-prem parts\' source and date under an unfiltered table, which names the stale prices', () => {
    const rows = listInstances({});
    const text = renderCatalogTable(rows, { layout: { ...DEFAULT_LAYOUT, width: Infinity }, onprem: true });
    for (const id of onpremSourceIds()) expect(text).toMatch(new RegExp(`^${id} \\(on-prem parts, --target onprem\\): .*, as of 2025-10-28`, 'm'));
    expect(renderCatalogTable(rows, { layout: { ...DEFAULT_LAYOUT, width: Infinity } })).not.toContain('on-prem parts');
  });

  it('handles 29 February and Date inputs', () => {
    expect(catalogAgeWarning('2024-02-29', '2025-03-01')).toBeNull();
    expect(catalogAgeWarning('2024-02-29', new Date(Date.UTC(2025, 2, 2)))).not.toBeNull();
  });

  it('says when prices are undated and rejects malformed dates', () => {
    expect(catalogAgeWarning(null, '2026-11-22')).toMatch(/undated/);
    expect(() => catalogAgeWarning('2026-13-01', '2026-11-22')).toThrow(RangeError);
    expect(() => catalogAgeWarning('2026-07-20', 'yesterday')).toThrow(/expected a date/);
  });
});
