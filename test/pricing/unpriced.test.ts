/**
 * Bills never silently drop a component (issue #19): whatever the bill cannot price (pods no
 * instance type fits, a drive the on-prem catalog lacks) is a violation of the phase that says
 * so and calls the total a lower bound, instead of a $0.00 bill beside a warning.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { priceBill } from '../../src/pricing/bill.js';
import { billOptions } from '../../src/cli/plan-pipeline.js';
import { bundledProfiles } from '../support/profiles.js';

const box = mkdtempSync(join(tmpdir(), 'capplan-unpriced-'));
afterAll(() => rmSync(box, { recursive: true, force: true }));
function profileFile(text: string): string {
  const file = join(box, `p${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

const HUGE_POD = `apiVersion: capplan/v1
name: hugepod
workload: { rps: 100/s }
components:
  api: { kind: service, serviceTime: 20ms, workers: 4, resources: { cpu: 2, memory: 8Ti } }
  web: { kind: service, serviceTime: 5ms, workers: 4, resources: { cpu: 500m, memory: 512Mi } }
`;

describe('an unpriced component is a violation', () => {
  it('pods that fit no instance type: the violation names the component and calls the total a lower bound', async () => {
    const { plan, profile } = await planProfileFile(profileFile(HUGE_POD), {}, null);
    const phase = plan.phases[0]!;
    const v = phase.violations.filter((x) => x.kind === 'unpriced');
    expect(v).toHaveLength(1);
    expect(v[0]!.component).toBe('api');
    expect(v[0]!.path).toBe('components.api');
    expect(v[0]!.message).toMatch(/^not priced: its general pods \(no general instance type in aws us-east-1 fits one pod \(2 cores, 8192\.00 GiB\).*\); the bill of \$[\d,.]+ per month leaves it out and is a lower bound$/);
    // web is priced: the bill is not $0.00, and its total is web's node pool and the shared lines.
    expect(phase.bill!.monthly).toBeGreaterThan(0);
    expect(phase.bill!.warnings as string[]).not.toContainEqual(expect.stringMatching(/^api/));
    // Priced alone (runway, Monte Carlo), the bill keeps what it left out among its warnings.
    const alone = priceBill({ ...phase, bill: null } as never, billOptions(profile, {}).options);
    expect(alone.warnings as string[]).toContainEqual(expect.stringMatching(/^api: its general pods not priced/));
  });

  it('a drive the on-prem catalog lacks', async () => {
    const text = `apiVersion: capplan/v1
name: hdd
workload: { rps: 50/s }
components:
  api: { kind: service, serviceTime: 20ms, workers: 4, resources: { cpu: 1, memory: 1Gi } }
  logs: { kind: disk, writeBytesPerRequest: 10KB, iopsPerRequest: 1, device: hdd }
`;
    const { plan } = await planProfileFile(profileFile(text), { target: 'onprem' }, null);
    const v = plan.phases[0]!.violations.filter((x) => x.kind === 'unpriced');
    expect(v.map((x) => [x.component, x.message.split(';')[0]])).toEqual([['logs', 'not priced: its hdd drives (no hdd part in the on-prem catalog or the profile)']]);
    // The remedy is the YAML that clears it (test/pricing/onprem-drives.test.ts applies it).
    expect(v[0]!.remedy).toBe('add the drive to the profile: pricing: { onprem: { parts: { hdd-2tb: { kind: hdd, capexUsd: <USD per drive>, capacityGB: 2000 } } } }');
  });

  it('every bundled profile prices every component of every phase, as it prices itself: no unpriced violation', async () => {
    const files = [...(await bundledProfiles()), new URL('../../examples/capplan.yaml', import.meta.url).pathname];
    expect(files.map((f) => f.replace(/^.*\/(profiles|examples)\//, '$1/'))).toEqual(expect.arrayContaining(['profiles/free-intelligence.yaml', 'examples/capplan.yaml']));
    for (const file of files) {
      const { plan } = await planProfileFile(file, {}, null);
      const unpriced = plan.phases.flatMap((p) => p.violations.filter((x) => x.kind === 'unpriced').map((x) => `${file} ${p.name}: ${x.message}`));
      expect(unpriced).toEqual([]);
    }
  });

  it('28,572 pods (beyond the 20,000 packed pod by pod) are priced, not dropped', async () => {
    const text = `apiVersion: capplan/v1
name: many
workload: { rps: 1000000/s }
targets: { cpuUtilization: 70% }
components:
  api: { kind: service, serviceTime: 20ms, workers: 1, resources: { cpu: 250m, memory: 256Mi }, replicas: { max: 1000000 } }
`;
    const { plan } = await planProfileFile(profileFile(text), {}, null);
    const phase = plan.phases[0]!;
    expect(phase.components[0]!.replicas).toBe(28_572);
    expect(phase.violations.filter((x) => x.kind === 'unpriced')).toEqual([]);
    // 28,572 pods of 250m each: at least 7,143 cores of node pool, priced.
    const pools = phase.bill!.lines.filter((l) => l.item === 'nodePool');
    expect(pools.length).toBeGreaterThan(0);
    expect(pools.every((l) => l.unitPrice !== null && l.monthly > 0)).toBe(true);
  });
});
