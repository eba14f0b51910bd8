import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { bundledProfiles } from '../support/profiles.js';
import { referenceRow } from './reference.js';
import { pricePlan } from '../../src/pricing/bill.js';
import { shippedCatalog } from '../../src/pricing/catalog.js';
import { component, oneComponent, planText } from '../support/plan.js';

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

describe('GPUs that hold the model', () => {
  const opts = { target: 'cloud' as const, provider: 'aws' as const, region: 'us-east-1', catalog: shippedCatalog() };
  // One GPU per replica, a 50 GiB model and 4 in-flight queries of 2 GiB: 58 GiB, at the 80 % memory target 72.5 GiB per GPU.
  const agent = (model: string) =>
    oneComponent('{ rps: 20/s }', `{ kind: agent, gpu: 1, perGpu: 5/s, concurrency: 4, gpuMemory: 80GB, modelMemory: ${model}, memoryPerRequest: 2GiB, resources: { cpu: 8, memory: 64Gi } }`);

  it('prices an agent only on GPUs with the memory its model needs, and charges it their rate', async () => {
    const plan = pricePlan(await planText(agent('50GiB')), opts);
    const c = component(plan, 'c');
    expect(c.detail.gpuMemoryPerGpu).toBe((58 * 2 ** 30) / 0.8);
    const bill = plan.phases[0]!.bill!;
    const pool = bill.lines.find((l) => l.item === 'nodePool')!;
    // It was priced on g6.8xlarge, whose one L4 has 22.35 GiB: a GPU the model does not fit.
    const name = /× (\S+) over/.exec(pool.description)![1]!;
    const type = opts.catalog.instances.find((t) => t.name === name && t.provider === 'aws')!;
    expect(type.gpu!.memoryGiB! * 2 ** 30).toBeGreaterThanOrEqual((58 * 2 ** 30) / 0.8);
    const cheapest = opts.catalog.instances.filter((t) => t.provider === 'aws' && t.gpu !== null).sort((a, b) => a.hourlyUsd - b.hourlyUsd)[0]!;
    expect(type.hourlyUsd).toBeGreaterThan(cheapest.hourlyUsd);
    // Its requests are charged at the rate of such GPUs, not the cheapest GPU's, and the charges stay within the pool's cost.
    const prices = (bill.allocation as { unitPrices: { pool: string; usdPerGpuHour: number; gpuMemoryPerGpu?: number }[] }).unitPrices;
    const own = prices.find((u) => u.gpuMemoryPerGpu !== undefined)!;
    expect(own.usdPerGpuHour).toBeGreaterThan(prices.find((u) => u.pool === 'gpu' && u.gpuMemoryPerGpu === undefined)!.usdPerGpuHour);
    const charged = (bill.byComponent as Record<string, number>).c!;
    expect(charged).toBeGreaterThan(0);
    expect(charged).toBeLessThanOrEqual(pool.monthly + 1e-6);
  });

  it('says the agent is not priced when no GPU of the catalog holds its model', async () => {
    // A 200 GiB model and 8 GiB of queries on one GPU, 260 GiB at the memory target: beyond every GPU of the catalog (the largest hold 80–94 GiB).
    const plan = pricePlan(await planText(agent('200GiB').replace('gpuMemory: 80GB', 'gpuMemory: 300GB')), opts);
    const phase = plan.phases[0]!;
    expect(phase.bill!.lines.find((l) => l.item === 'nodePool')).toBeUndefined();
    expect(phase.violations.map((v) => v.message).join('\n')).toMatch(/not priced: its gpu pods \(no gpu instance type in aws us-east-1 fits one pod \(.*1 GPU, 260 GiB per GPU\)/);
  });
});
