import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
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
    expect(warnings).toEqual(['pricing.instances.no-such-type: no instance type of that name in the catalog, so the price is not used (capplan catalog lists them)']);
    expect(catalog.sources.map((s) => s.id)).toContain(PROFILE_SOURCE_ID);
  });

  it('warns that a price given to a burstable type is not used: bills never place pods on one (docs/bills.md)', async () => {
    const { warnings, problems } = applyPriceOverrides(base, { instances: { 't3.micro': 0.001, 'm7i.xlarge': 0.15 } });
    expect(warnings).toEqual(['pricing.instances.t3.micro: a burstable type: bills never place pods on one (its sustained CPU is a fraction of its vCPUs, spent from credits), so the price is not used']);
    expect(problems.map((p) => p.segments)).toEqual([['pricing', 'instances', 't3.micro']]);
    // And the bill indeed does not use it: one small pod still lands on a non-burstable type.
    const dir = await mkdtemp(join(tmpdir(), 'capplan-burstable-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 't.yaml');
    await writeFile(file, 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\npricing: { instances: { t3.micro: 0.001 } }\ncomponents:\n  api: { kind: service, serviceTime: 10ms, workers: 2, resources: { cpu: 100m, memory: 128Mi } }\n');
    const { plan } = await planProfileFile(file);
    const nodes = ((plan.phases[0]!.bill!.packing ?? []) as { instance: string }[]).map((p) => p.instance);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.some((n) => n.startsWith('t3'))).toBe(false);
  });

  it('does not offer a burstable type for an unknown one: its price would not be used either (found by a tester: t2.micro → t3.micro)', () => {
    const { warnings } = applyPriceOverrides(base, { instances: { 't2.micro': 0.01 } });
    expect(warnings).toEqual([
      'pricing.instances.t2.micro: no instance type of that name in the catalog, so the price is not used (it reads like a burstable type such as t3.micro: bills never place pods on one, its sustained CPU being a fraction of its vCPUs, so no price for one is used)',
    ]);
  });

  it('names a misspelt instance type with the close name, and a type under the wrong provider with the right one', () => {
    const { warnings } = applyPriceOverrides(base, { instances: { 'm7i.xlarg': 0.1, 'gcp/m7i.xlarge': 0.1 } });
    expect(warnings).toEqual([
      'pricing.instances.gcp/m7i.xlarge: no instance type of that name in the catalog, so the price is not used (m7i.xlarge is aws: write aws/m7i.xlarge)',
      'pricing.instances.m7i.xlarg: no instance type of that name in the catalog, so the price is not used (did you mean m7i.xlarge?)',
    ]);
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
    expect(warnings).toEqual(['pricing.onprem.parts.unknown-part: no on-prem part with that id in the catalog (to add a drive, give { kind, capexUsd, capacityGB }; a server, { kind: server, capexUsd, cores, memoryGiB })']);
  });

  it('adds a drive given as an object, after the catalog’s parts, citing the profile', () => {
    const { catalog, warnings } = applyPriceOverrides(base, {
      onprem: { parts: { 'hdd-2tb': { kind: 'hdd', capexUsd: 60, capacityGB: 2000, name: '2 TB HDD' }, 'ssd-1tb': { kind: 'ssd', capexUsd: 75, capacityGB: 1000 } } },
    });
    expect(warnings).toEqual([]);
    expect(catalog.onprem.parts.slice(0, base.onprem.parts.length)).toEqual(base.onprem.parts);
    expect(catalog.onprem.parts.slice(base.onprem.parts.length)).toEqual([
      expect.objectContaining({ id: 'hdd-2tb', kind: 'hdd', name: '2 TB HDD', capexUsd: 60, capacityBytes: 2e12, source: PROFILE_SOURCE_ID, asOf: null, indicative: false, adjustment: 'added in the profile (pricing.onprem.parts.hdd-2tb)' }),
      expect.objectContaining({ id: 'ssd-1tb', kind: 'ssd', name: 'ssd-1tb', capexUsd: 75, capacityBytes: 1e12 }),
    ]);
    expect(catalog.sources.map((s) => s.id)).toContain(PROFILE_SOURCE_ID);
  });

  it('an object with a catalog part’s id replaces that part', () => {
    const { catalog } = applyPriceOverrides(base, { onprem: { parts: { 'nvme-1tb-samsung-980-pro': { kind: 'nvme', capexUsd: 150, capacityGB: 2000 } } } });
    const nvme = catalog.onprem.parts.filter((p) => p.kind === 'nvme');
    expect(nvme).toHaveLength(1);
    expect(nvme[0]).toMatchObject({ id: 'nvme-1tb-samsung-980-pro', capexUsd: 150, capacityBytes: 2e12, source: PROFILE_SOURCE_ID });
    expect(catalog.onprem.parts).toHaveLength(base.onprem.parts.length);
  });
});

describe('priceOverridesSchema', () => {
  it('accepts a full pricing: section', () => {
    const parsed = priceOverridesSchema().parse({
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
    expect(priceOverridesSchema().safeParse({ discount: 10 }).success).toBe(false);
    expect(priceOverridesSchema().safeParse({ instances: { 'm7i.xlarge': -1 } }).success).toBe(false);
    expect(priceOverridesSchema().safeParse({ discountPercent: 120 }).success).toBe(false);
    expect(priceOverridesSchema().safeParse({ onprem: { amortisationMonths: 0 } }).success).toBe(false);
  });

  it('takes on-prem parts as a price (re-pricing) or as a drive (adding), and nothing else', () => {
    const ok = (parts: unknown) => priceOverridesSchema().safeParse({ onprem: { parts } }).success;
    expect(ok({ 'nvme-1tb-samsung-980-pro': 90, 'hdd-2tb': { kind: 'hdd', capexUsd: 60, capacityGB: 2000, name: '2 TB HDD' } })).toBe(true);
    expect(ok({ 'ssd-1tb': { kind: 'ssd', capexUsd: 0, capacityGB: 1000 } })).toBe(true);
    expect(ok({ x: { kind: 'tape', capexUsd: 60, capacityGB: 2000 } })).toBe(false);
    expect(ok({ x: { kind: 'server', capexUsd: 60, capacityGB: 2000 } })).toBe(false);
    expect(ok({ x: { kind: 'hdd', capexUsd: -1, capacityGB: 2000 } })).toBe(false);
    expect(ok({ x: { kind: 'hdd', capexUsd: 60 } })).toBe(false);
    expect(ok({ x: { kind: 'hdd', capexUsd: 60, capacityGB: 0 } })).toBe(false);
    expect(ok({ x: { kind: 'hdd', capexUsd: 60, capacityGB: 2000, rpm: 7200 } })).toBe(false);
    expect(ok({ x: '60' })).toBe(false);
  });
});
