/**
 * The images' CPU architecture (`pricing.arch`, `--arch`): the node types a bill buys, and the
 * node selector the manifests then carry. Prices read from the AWS reference table
 * (data/reference/pricing/derived/aws_ec2_us-east-1.csv, its `arch` column), not from the catalog.
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { phaseContext } from '../../src/emit/context.js';
import { componentObjects } from '../../src/emit/k8s.js';
import type { Plan } from '../../src/plan/types.js';
import { referenceRow } from './reference.js';

const profile = (arch = '') => `apiVersion: capplan/v1
name: arch
workload: { rps: 2000/s }
targets: { zones: 2 }
${arch ? `pricing: { arch: ${arch} }\n` : ''}components:
  api: { kind: service, serviceTime: 20ms, workers: 4, resources: { cpu: 2, memory: 4Gi }, calls: [pg] }
  pg: { kind: database, readsPerRequest: 1, writesPerRequest: 0.1, capacity: 5000/s, writeCapacity: 1000/s, resources: { cpu: 4, memory: 16Gi } }
`;

let files = 0;
async function planOf(text: string, flags = {}): Promise<Plan> {
  const file = join(tmpdir(), `capplan-arch-${process.pid}-${++files}.yaml`);
  await writeFile(file, text);
  onTestFinished(() => rm(file, { force: true }));
  return (await planProfileFile(file, flags)).plan;
}

const poolTypes = (plan: Plan) => plan.phases[0]!.bill!.lines.filter((l) => l.item === 'nodePool').map((l) => /× (\S+)/.exec(l.description)![1]!);
const archOf = (name: string) => referenceRow('derived/aws_ec2_us-east-1.csv', 'instance_type', name).arch;

describe('pricing.arch', () => {
  it('buys amd64 nodes by default, Arm nodes for arm64, and the cheaper of both for any', async () => {
    const amd = await planOf(profile());
    const arm = await planOf(profile('arm64'));
    const any = await planOf(profile('any'));
    expect(poolTypes(amd).map(archOf)).toEqual(['amd64']);
    expect(poolTypes(arm).map(archOf)).toEqual(['arm64']);
    // The Arm pool's line is its reference price × 730 h × its nodes.
    const line = arm.phases[0]!.bill!.lines.find((l) => l.item === 'nodePool')!;
    expect(line.unitPrice).toBeCloseTo(Number(referenceRow('derived/aws_ec2_us-east-1.csv', 'instance_type', poolTypes(arm)[0]!).ondemand_usd_hr_us_east_1) * 730, 9);
    // Graviton is cheaper per core here; `any` may mix in neither more than the cheaper choice.
    expect(arm.phases[0]!.bill!.monthly).toBeLessThan(amd.phases[0]!.bill!.monthly);
    expect(any.phases[0]!.bill!.monthly).toBeLessThanOrEqual(Math.min(arm.phases[0]!.bill!.monthly, amd.phases[0]!.bill!.monthly) + 1e-9);
  });

  it('takes --arch over the profile', async () => {
    expect(poolTypes(await planOf(profile('arm64'), { arch: 'amd64' })).map(archOf)).toEqual(['amd64']);
  });

  it('says a provider without Arm nodes in the catalog leaves the pods unpriced, and what prices them', async () => {
    const plan = await planOf(profile('arm64'), { provider: 'gcp' });
    const unpriced = plan.phases[0]!.violations.filter((v) => v.kind === 'unpriced');
    expect(unpriced.map((v) => v.component).sort()).toEqual(['api', 'pg']);
    expect(unpriced[0]!.message).toMatch(/the catalog has no arm64 general instance type in gcp us-central1/);
    expect(unpriced[0]!.remedy).toMatch(/set pricing\.arch \(or --arch\) to any/);
  });

  it('pins the manifests’ pods to Arm nodes for arm64 only', async () => {
    const plan = await planOf(profile('arm64'));
    const phase = plan.phases[0]!;
    const selectors = (arch: 'amd64' | 'arm64' | 'any') => {
      const ctx = phaseContext(plan, { phase: phase.name, targets: { zones: phase.targets.zones, memoryUtilization: phase.targets.memoryUtilization }, arch });
      return phase.components.flatMap((c) => componentObjects({ ctx, namespace: null, alerts: false }, c)!.objects)
        .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
        .map((o) => (o as unknown as { spec: { template: { spec: { nodeSelector?: unknown } } } }).spec.template.spec.nodeSelector);
    };
    expect(selectors('arm64')).toEqual([{ 'kubernetes.io/arch': 'arm64' }, { 'kubernetes.io/arch': 'arm64' }]);
    expect(selectors('amd64')).toEqual([undefined, undefined]);
    expect(selectors('any')).toEqual([undefined, undefined]);
  });
});
