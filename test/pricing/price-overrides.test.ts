import { describe, expect, it } from 'vitest';
import { catalogAsOf, findInstance, findUnitPrice, shippedCatalog } from '../../src/pricing/catalog.js';
import { PROFILE_SOURCE_ID, applyPriceOverrides, priceOverridesSchema } from '../../src/pricing/price-overrides.js';

const base = shippedCatalog();

describe('applyPriceOverrides', () => {
  it('applies an enterprise discount to cloud list prices', () => {
    const { catalog, warnings } = applyPriceOverrides(base, { discountPercent: 20 });
    expect(warnings).toEqual([]);
    // m7i.xlarge: 0.2016 × (1 − 0.20) = 0.16128 $/h.
    const m7i = findInstance('aws', 'us-east-1', 'm7i.xlarge', catalog);
    expect(m7i?.hourlyUsd).toBeCloseTo(0.16128, 12);
    expect(m7i?.adjustment).toBe('list price less 20 % (profile discount)');
    expect(m7i?.source).toBe('aws-ec2-prices');
    // gp3 0.08 → 0.064; tiers scaled too; unpriced items stay unpriced.
    expect(findUnitPrice('aws', 'us-east-1', 'blockStorage', catalog)?.usd).toBeCloseTo(0.064, 12);
    expect(findUnitPrice('aws', 'us-east-1', 'egressInternet', catalog)?.tiers?.[0]?.usd).toBeCloseTo(0.072, 12);
    expect(findUnitPrice('azure', 'eastus', 'blockStorage', catalog)?.usd).toBeNull();
    // On-prem street prices are not list prices: untouched.
    expect(catalog.onprem.parts.map((p) => p.capexUsd)).toEqual(base.onprem.parts.map((p) => p.capexUsd));
  });

  it('does not mutate the catalog it is given', () => {
    const before = JSON.stringify(base);
    applyPriceOverrides(base, { discountPercent: 50, instances: { 'm7i.xlarge': 0.1 }, onprem: { parts: { 'nas-synology-ds923plus': 1 } } });
    expect(JSON.stringify(base)).toBe(before);
  });

  it('takes explicit instance prices as given, by name or provider/name, and cites the profile', () => {
    const { catalog, warnings } = applyPriceOverrides(base, {
      discountPercent: 10,
      instances: { 'm7i.xlarge': 0.15, 'gcp/n2-standard-4': 0.17, 'no-such-type': 1 },
    });
    expect(findInstance('aws', 'us-east-1', 'm7i.xlarge', catalog)).toMatchObject({ hourlyUsd: 0.15, source: PROFILE_SOURCE_ID, asOf: null });
    expect(findInstance('gcp', 'us-central1', 'n2-standard-4', catalog)?.hourlyUsd).toBe(0.17);
    expect(findInstance('aws', 'us-east-1', 'm7i.large', catalog)?.hourlyUsd).toBeCloseTo(0.1008 * 0.9, 12);
    expect(warnings).toEqual(['pricing.instances.no-such-type: no instance type of that name in the catalog']);
    expect(catalog.sources.map((s) => s.id)).toContain(PROFILE_SOURCE_ID);
  });

  it('fills prices the catalog lacks (storage, egress, services) for every provider', () => {
    const { catalog } = applyPriceOverrides(base, {
      storage: { usdPerGiBMonth: 0.1, iopsUsdPerMonth: 0.004 },
      egress: { internetUsdPerGiB: 0.05, interZoneUsdPerGiB: 0 },
      services: { controlPlaneHourlyUsd: 0.1, loadBalancerHourlyUsd: 0.025 },
    });
    expect(findUnitPrice('azure', 'eastus', 'blockStorage', catalog)).toMatchObject({ usd: 0.1, source: PROFILE_SOURCE_ID });
    const iops = findUnitPrice('aws', 'us-east-1', 'blockStorageIops', catalog);
    expect(iops).toMatchObject({ usd: 0.004, includedQuantity: 3000 });
    expect(findUnitPrice('aws', 'us-east-1', 'egressInternet', catalog)).toMatchObject({ usd: 0.05, tiers: null });
    expect(findUnitPrice('gcp', 'us-central1', 'egressInterZone', catalog)?.usd).toBe(0);
    expect(findUnitPrice('gcp', 'us-central1', 'controlPlane', catalog)?.usd).toBe(0.1);
    // Profile prices carry no date, so they do not change "prices as of".
    expect(catalogAsOf({ provider: 'aws' }, catalog)).toBe('2026-07-20');
  });

  it('overrides on-prem part prices and the amortisation period', () => {
    const { catalog, warnings } = applyPriceOverrides(base, {
      onprem: { parts: { 'nvme-1tb-samsung-980-pro': 80, 'unknown-part': 5 }, amortisationMonths: 48 },
    });
    expect(catalog.onprem.parts.find((p) => p.id === 'nvme-1tb-samsung-980-pro')).toMatchObject({ capexUsd: 80, source: PROFILE_SOURCE_ID });
    expect(catalog.onprem.amortisationMonths).toBe(48);
    expect(warnings).toEqual(['pricing.onprem.parts.unknown-part: no on-prem part with that id in the catalog']);
  });
});

describe('priceOverridesSchema', () => {
  it('accepts a full pricing: section', () => {
    const parsed = priceOverridesSchema.parse({
      discountPercent: 15,
      instances: { 'm7i.xlarge': 0.18 },
      storage: { usdPerGiBMonth: 0.07 },
      egress: { internetUsdPerGiB: 0.05 },
      services: { managedPostgresNodeHourlyUsd: 0.4 },
      onprem: { parts: { 'switch-qnap-qsw-m2108-2c': 450 }, amortisationMonths: 24 },
    });
    expect(parsed.discountPercent).toBe(15);
  });

  it('rejects unknown keys, negative prices and discounts above 100 %', () => {
    expect(priceOverridesSchema.safeParse({ discount: 10 }).success).toBe(false);
    expect(priceOverridesSchema.safeParse({ instances: { 'm7i.xlarge': -1 } }).success).toBe(false);
    expect(priceOverridesSchema.safeParse({ discountPercent: 120 }).success).toBe(false);
    expect(priceOverridesSchema.safeParse({ onprem: { amortisationMonths: 0 } }).success).toBe(false);
  });
});
