import { describe, expect, it } from 'vitest';
import { problems as positioned } from '../support/problems.js';

/** The problems without their `p.yaml:line:col` prefix. */
async function problems(text: string): Promise<string[]> {
  return (await positioned(text)).map((p) => p.replace(/^p\.yaml:\d+:\d+ /, ''));
}

const profile = (workload: string, api: string, rest = '') => `apiVersion: capplan/v1
name: t
workload: { rps: 100, ${workload} }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, ${api} }
  db: { kind: database, readsPerRequest: 1, capacity: 1000/s }
${rest}`;

describe('a value outside its bounds: the bound and the value in the field’s unit', () => {
  it('durations, fractions, sizes and rates', async () => {
    expect(await problems(profile('responseTime: -5ms', 'calls: [{ to: db, failureRate: 99.5%, timeout: -1s }]'))).toEqual([
      'workload.responseTime: must be at least 0 s (got -5 ms)',
      'components.api.calls[0].failureRate: must be at most 99% (got 99.5%)',
      'components.api.calls[0].timeout: must be greater than 0 s (got -1 s)',
    ]);
    expect(await problems(profile('', 'capacity: 0/s').replace('rps: 100, ', 'rps: -5/s').replace('serviceTime: 10ms, workers: 4, ', ''))).toEqual([
      'workload.rps: must be at least 0/s (got -5/s)',
      'components.api.capacity: must be greater than 0/s (got 0/s)',
    ]);
  });
  it('the pricing section: percent, dollars, months and GB, not zod’s "Too big: expected number to be <=100"', async () => {
    const pricing = 'pricing:\n  discountPercent: 150\n  instances: { m7i.xlarge: -1 }\n  onprem: { amortisationMonths: 0, parts: { hdd-2tb: { kind: hdd, capexUsd: 60, capacityGB: 0 } } }\n';
    expect(await problems(profile('', '', pricing))).toEqual([
      'pricing.discountPercent: must be at most 100 % (got 150)',
      'pricing.instances["m7i.xlarge"]: a price must be at least $0 (got -1)',
      'pricing.onprem.amortisationMonths: must be at least 1 month (got 0)',
      'pricing.onprem.parts.hdd-2tb.capacityGB: must be more than 0 GB (got 0)',
    ]);
  });
});
