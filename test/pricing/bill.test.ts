import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { bundledProfiles } from '../support/profiles.js';
import { referenceRow } from './reference.js';

const profile = (name: string) => new URL(`../../profiles/${name}.yaml`, import.meta.url).pathname;

describe('bills', () => {
  it('every bundled profile carries a sourced bill whose lines add up, for every phase', async () => {
    for (const file of await bundledProfiles()) {
      const { plan } = await planProfileFile(file);
      for (const phase of plan.phases) {
        const bill = phase.bill!;
        expect(bill.currency).toBe('USD');
        const sum = bill.lines.reduce((s, l) => s + l.monthly, 0);
        expect(bill.monthly).toBeCloseTo(sum, 9);
        for (const l of bill.lines) {
          if (l.unitPrice !== null) expect(l.monthly).toBeCloseTo(l.quantity * l.unitPrice, 9);
          expect(l.source).not.toBe('');
        }
        expect(bill.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });
  it('prices a node pool from the reference price of its instance type', async () => {
    const { plan } = await planProfileFile(profile('litper'));
    const pool = plan.phases[0]!.bill!.lines.find((l) => l.item === 'nodePool')!;
    const name = /× (\S+) over/.exec(pool.description)![1]!;
    // The AWS reference table (Karpenter's generated prices, us-east-1), read directly.
    const hourly = Number(referenceRow('derived/aws_ec2_us-east-1.csv', 'instance_type', name).ondemand_usd_hr_us_east_1);
    expect(pool.unitPrice).toBeCloseTo(hourly * 730, 9);
  });
  it('prices in another provider and region on request', async () => {
    const { plan } = await planProfileFile(profile('litper'), { provider: 'gcp' });
    expect(plan.phases[0]!.bill!.provider).toBe('gcp');
    expect(plan.phases[0]!.bill!.region).toBe('us-central1');
    await expect(planProfileFile(profile('litper'), { provider: 'azure', region: 'mars-1' })).rejects.toThrow(/no azure prices for region "mars-1"/);
  });
  it('prices the free-intelligence on-prem build: servers, NVMe, NAS, NICs and the 10GbE switch', async () => {
    const { plan } = await planProfileFile(profile('free-intelligence'), { target: 'onprem' });
    const phase3 = plan.phases.find((p) => p.name === 'phase 3 (10GbE + NVMe)')!.bill!;
    const items = phase3.lines.map((l) => l.item);
    expect(items).toEqual(expect.arrayContaining(['onprem.server', 'onprem.nvme', 'onprem.nas', 'onprem.nic', 'onprem.switch']));
    // The seed document's hardware: 4 × 1 TB NVMe at $100, one DS923+ at $600, one switch at $500.
    expect(phase3.lines.find((l) => l.item === 'onprem.nvme')!.quantity).toBe(4);
    expect(phase3.lines.find((l) => l.item === 'onprem.switch')!.quantity).toBe(1);
    const capex = phase3.capex as number;
    expect(capex).toBe(phase3.lines.reduce((s, l) => s + l.quantity * ((l.unitPrice ?? 0) * 36), 0));
    expect(phase3.monthly).toBeCloseTo(capex / 36, 9);
  });
  it('takes prices from the profile’s pricing section', async () => {
    const text = (await readFile(profile('litper'), 'utf8')) + '\npricing:\n  discountPercent: 25\n';
    const { writeFile, mkdtemp, rm } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'capplan-bill-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(`${dir}/p.yaml`, text);
    const list = await planProfileFile(profile('litper'));
    const discounted = await planProfileFile(`${dir}/p.yaml`);
    const pool = (p: typeof list) => p.plan.phases[0]!.bill!.lines.find((l) => l.item === 'nodePool')!;
    expect(pool(discounted).unitPrice).toBeCloseTo(pool(list).unitPrice! * 0.75, 9);
  });
});
