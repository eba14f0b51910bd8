/**
 * On-prem drives beyond NVMe: a disk is priced by a part of its device class, from the catalog
 * or added in the profile; where none fits, the violation says what to write.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { shippedCatalog } from '../../src/pricing/catalog.js';
import type { OnpremPart } from '../../src/pricing/catalog-types.js';
import { addDriveSnippet, drivePart, onpremDrives } from '../../src/pricing/onprem-drives.js';
import { PROFILE_SOURCE_ID, applyPriceOverrides } from '../../src/pricing/price-overrides.js';
import type { ComponentPlan } from '../../src/plan/types.js';
import { parse } from 'yaml';

const drive = (id: string, kind: OnpremPart['kind'], capexUsd: number, capacityGB: number | null): OnpremPart => ({
  id, kind, name: id, capexUsd, cores: null, memoryGiB: null, capacityBytes: capacityGB === null ? null : capacityGB * 1e9,
  ports10GbE: null, ports25GbE: null, speedGbps: null, bays: null, indicative: true, source: 's', asOf: null, quote: '', note: null,
});
const disk = (name: string, device: string, devices: number, deviceSize: number) =>
  ({ name, kind: 'disk', replicas: devices, detail: { device, deviceSize } }) as unknown as ComponentPlan;

describe('drivePart: the part that prices one drive of a device class', () => {
  const parts = [
    drive('hdd-b', 'hdd', 60, 2000),
    drive('hdd-a', 'hdd', 60, 4000),
    drive('hdd-cheap-small', 'hdd', 30, 1000),
    drive('hdd-dear', 'hdd', 90, 2000),
    drive('ssd-1tb', 'ssd', 80, 1000),
  ];
  it('is the cheapest part of the kind that holds the device size, ties by id', () => {
    // hdd-cheap-small is cheaper but holds 1 TB < the 2 TB class; hdd-a and hdd-b tie at $60: a < b.
    expect(drivePart(parts, 'hdd', 2e12)?.id).toBe('hdd-a');
    expect(drivePart(parts, 'hdd', 1e12)?.id).toBe('hdd-cheap-small');
    expect(drivePart(parts, 'ssd', 1e12)?.id).toBe('ssd-1tb');
    // Order of the parts does not matter.
    expect(drivePart([...parts].reverse(), 'hdd', 2e12)?.id).toBe('hdd-a');
  });
  it('is null when no part of the kind is big enough, or there is none', () => {
    expect(drivePart(parts, 'hdd', 5e12)).toBeNull();
    expect(drivePart(parts, 'nvme', 1e12)).toBeNull();
  });
  it('takes a part of unknown capacity as big enough', () => {
    expect(drivePart([drive('n', 'nvme', 10, null)], 'nvme', 1e12)?.id).toBe('n');
  });
});

describe('onpremDrives', () => {
  const parts = [drive('hdd-2tb', 'hdd', 70, 2000), drive('nvme-1tb', 'nvme', 100, 1000)];
  it('sums the devices of every disk per part, in the disks’ order', () => {
    const got = onpremDrives([disk('a', 'nvme', 2, 1e12), disk('b', 'hdd', 3, 2e12), disk('c', 'nvme', 1, 1e12)], parts);
    expect(got).toEqual({ items: [{ partId: 'nvme-1tb', quantity: 3 }, { partId: 'hdd-2tb', quantity: 3 }], unpriced: [] });
  });
  it('leaves a drive kind without a part unpriced, with the YAML that prices it', () => {
    const { items, unpriced } = onpremDrives([disk('logs', 'ssd', 2, 1e12)], parts);
    expect(items).toEqual([]);
    expect(unpriced).toEqual([{
      component: 'logs',
      what: 'its ssd drives',
      why: 'no ssd part in the on-prem catalog or the profile',
      remedy: 'add the drive to the profile: pricing: { onprem: { parts: { ssd-1tb: { kind: ssd, capexUsd: <USD per drive>, capacityGB: 1000 } } } }',
    }]);
  });
  it('says when the parts of the kind are too small', () => {
    const { unpriced } = onpremDrives([disk('d', 'hdd', 1, 4e12)], parts);
    expect(unpriced[0]!.why).toBe('the hdd part (hdd-2tb, 2,000 GB) holds less than the 4,000 GB hdd drive the plan counts');
    expect(unpriced[0]!.remedy).toContain('hdd-4tb: { kind: hdd, capexUsd: <USD per drive>, capacityGB: 4000 }');
  });
  it('leaves cloud volume classes and custom devices unpriced, saying to name a drive class', () => {
    const { unpriced } = onpremDrives([disk('v', 'gp3', 1, 16 * 2 ** 40), disk('c', 'custom', 1, 1e12)], parts);
    expect(unpriced.map((u) => [u.what, u.why])).toEqual([
      ['its gp3 volumes', 'gp3 is a cloud block-storage class, not an on-prem drive'],
      ['its custom devices', 'a custom device ({ throughput, iops, latency, size }) has no drive kind to match an on-prem part'],
    ]);
    for (const u of unpriced) expect(u.remedy).toMatch(/device: nvme, ssd, hdd/);
  });
  it('suggests YAML that parses and, once applied, prices the drive', () => {
    const snippet = addDriveSnippet('hdd', 2e12).replace('<USD per drive>', '70');
    const pricing = (parse(snippet) as { pricing: Parameters<typeof applyPriceOverrides>[1] }).pricing;
    const { catalog, warnings } = applyPriceOverrides(shippedCatalog(), pricing);
    expect(warnings).toEqual([]);
    expect(drivePart(catalog.onprem.parts, 'hdd', 2e12)).toMatchObject({ id: 'hdd-2tb', capexUsd: 70, source: PROFILE_SOURCE_ID });
  });
});

const box = mkdtempSync(join(tmpdir(), 'capplan-drives-'));
afterAll(() => rmSync(box, { recursive: true, force: true }));
const profileWith = (name: string, device: string, parts: string) => {
  const file = join(box, `${name}.yaml`);
  writeFileSync(file, `apiVersion: capplan/v1
name: ${name}
workload: { rps: 50/s }
components:
  api: { kind: service, serviceTime: 20ms, workers: 4, resources: { cpu: 1, memory: 1Gi } }
  logs: { kind: disk, writeBytesPerRequest: 10KB, iopsPerRequest: 1, device: ${device}, replicas: 3 }
pricing:
  target: onprem
${parts}`);
  return file;
};

describe('the on-prem bill prices drives beyond NVMe', () => {
  it.each([
    ['hdd', '      hdd-2tb: { kind: hdd, capexUsd: 60, capacityGB: 2000, name: "2 TB HDD" }', '2 TB HDD', 60],
    ['ssd', '      ssd-1tb: { kind: ssd, capexUsd: 75, capacityGB: 1000 }', 'ssd-1tb', 75],
  ])('%s: a drive added in the profile, cited as the profile’s', async (device, part, name, capex) => {
    const { plan } = await planProfileFile(profileWith(device, device, `  onprem:\n    parts:\n${part}\n`), {}, null);
    const phase = plan.phases[0]!;
    expect(phase.violations.filter((v) => v.kind === 'unpriced')).toEqual([]);
    const line = phase.bill!.lines.find((l) => l.item === `onprem.${device}`)!;
    expect(line).toMatchObject({ quantity: 3, source: PROFILE_SOURCE_ID, asOf: null, note: `added in the profile (pricing.onprem.parts.${device}-${device === 'hdd' ? 2 : 1}tb)` });
    expect(line.description).toBe(`${name}: capex $${capex} each, amortised over 36 months`);
    // Straight-line amortisation: 3 drives × capex / 36 months.
    expect(line.monthly).toBeCloseTo((3 * capex) / 36, 12);
    expect((phase.bill!.sources as { id: string }[]).map((s) => s.id)).toContain(PROFILE_SOURCE_ID);
  });

  it('an ssd with no part is still a violation, whose remedy is the YAML to add', async () => {
    const { plan } = await planProfileFile(profileWith('bare', 'ssd', ''), {}, null);
    const v = plan.phases[0]!.violations.filter((x) => x.kind === 'unpriced');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toMatch(/^not priced: its ssd drives \(no ssd part in the on-prem catalog or the profile\); the bill of \$[\d,.]+ per month leaves it out and is a lower bound$/);
    expect(v[0]!.remedy).toBe('add the drive to the profile: pricing: { onprem: { parts: { ssd-1tb: { kind: ssd, capexUsd: <USD per drive>, capacityGB: 1000 } } } }');
  });

  it('re-pricing the catalog’s NVMe part by id still works beside an added drive', async () => {
    const { plan } = await planProfileFile(profileWith('nvme', 'nvme', '  onprem:\n    parts:\n      nvme-1tb-samsung-980-pro: 80\n      hdd-2tb: { kind: hdd, capexUsd: 60, capacityGB: 2000 }\n'), {}, null);
    const line = plan.phases[0]!.bill!.lines.find((l) => l.item === 'onprem.nvme')!;
    expect(line).toMatchObject({ quantity: 3, source: PROFILE_SOURCE_ID, note: 'set in the profile' });
    expect(line.unitPrice).toBeCloseTo(80 / 36, 12);
  });
});
