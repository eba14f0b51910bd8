/**
 * On-prem bills pack pods onto servers as cloud bills pack them onto instance types (stranger C,
 * finding 2): a pod is never split across servers, a pod no server part holds is an `unpriced`
 * violation whose remedy is the server part to add, and GPUs are bought only on GPU servers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { shippedCatalog } from '../../src/pricing/catalog.js';

const box = mkdtempSync(join(tmpdir(), 'capplan-onprem-servers-'));
afterAll(() => rmSync(box, { recursive: true, force: true }));
let n = 0;
function profileFile(text: string): string {
  const file = join(box, `p${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}
const server = shippedCatalog().onprem.parts.find((p) => p.kind === 'server')!;

const BIG = (pricing = '') => `apiVersion: capplan/v1
name: big
workload: { rps: 10/s }
targets: { zones: 1 }
${pricing}components:
  api: { kind: service, capacity: 100/s, resources: { cpu: 8, memory: 64Gi } }
`;

const AGENT = (pricing = '') => `apiVersion: capplan/v1
name: ag
workload: { rps: 100/s }
targets: { zones: 1, cpuUtilization: 70% }
${pricing}components:
  llm: { kind: agent, gpu: 1, perGpu: 10/s, concurrency: 4, gpuMemory: 80GiB, modelMemory: 50GiB, memoryPerRequest: 2GiB, resources: { cpu: 4, memory: 32Gi } }
`;

describe('on-prem servers', () => {
  it('a pod larger than every server part is unpriced, with the server part to add', async () => {
    expect([server.cores, server.memoryGiB]).toEqual([4, 16]); // the catalog's seed server, smaller than the pod
    const { plan } = await planProfileFile(profileFile(BIG()), { target: 'onprem' }, null);
    const phase = plan.phases[0]!;
    expect(phase.bill!.lines.filter((l) => l.item === 'onprem.server')).toEqual([]);
    const v = phase.violations.filter((x) => x.kind === 'unpriced');
    expect(v.map((x) => x.component)).toEqual(['api']);
    expect(v[0]!.message).toContain('no server part of the on-prem catalog or the profile holds one pod (8 cores, 64 GiB); the parts hold 4 cores / 16 GiB');
    expect(v[0]!.remedy).toBe('add a server that holds it to the profile: pricing: { onprem: { parts: { server-8c-64g: { kind: server, capexUsd: <USD per server>, cores: 8, memoryGiB: 64 } } } }');
  });

  it('the remedy prices it: pods packed whole onto the added server, the cheapest per month that holds them', async () => {
    const pricing = 'pricing:\n  onprem: { parts: { server-8c-64g: { kind: server, capexUsd: 4000, cores: 8, memoryGiB: 64 }, server-16c-128g: { kind: server, capexUsd: 9000, cores: 16, memoryGiB: 128 } } }\n';
    const { plan } = await planProfileFile(profileFile(BIG(pricing)), { target: 'onprem' }, null);
    const phase = plan.phases[0]!;
    const api = phase.components.find((c) => c.name === 'api')!;
    expect(phase.violations.filter((x) => x.kind === 'unpriced')).toEqual([]);
    // One 8-core / 64 GiB pod per 8c server ($4000) against two per 16c server ($9000): the 8c servers cost less.
    const perSmall = 4000 * api.replicas;
    const perLarge = 9000 * Math.ceil(api.replicas / 2);
    expect(perSmall).toBeLessThan(perLarge);
    const line = phase.bill!.lines.find((l) => l.item === 'onprem.server')!;
    expect(line.description).toMatch(/^server-8c-64g:/);
    expect(line.quantity).toBe(api.replicas);
    expect(line.monthly).toBeCloseTo((api.replicas * 4000) / 36, 9);
    expect(line.note).toContain(`${api.replicas} pod${api.replicas === 1 ? '' : 's'} requesting ${api.replicas * 8} cores`);
  });

  it('pods are not split across servers: 3 pods of 2.5 cores need 3 four-core servers, not ⌈7.5 / 4⌉ = 2', async () => {
    const text = `apiVersion: capplan/v1
name: split
workload: { rps: 10/s }
targets: { zones: 1 }
components:
  api: { kind: service, capacity: 100/s, replicas: { min: 3, max: 3 }, resources: { cpu: 2.5, memory: 1Gi } }
`;
    const { plan } = await planProfileFile(profileFile(text), { target: 'onprem' }, null);
    const phase = plan.phases[0]!;
    const perServer = Math.floor(server.cores! / 2.5);
    expect(Math.ceil((3 * 2.5) / server.cores!)).toBe(2);
    expect(phase.bill!.lines.find((l) => l.item === 'onprem.server')!.quantity).toBe(Math.ceil(3 / perServer));
  });

  it('GPU pods: unpriced without a GPU server part, priced on one when the profile adds it', async () => {
    const bare = (await planProfileFile(profileFile(AGENT()), { target: 'onprem' }, null)).plan.phases[0]!;
    expect(bare.bill!.lines.filter((l) => l.item === 'onprem.server')).toEqual([]);
    const v = bare.violations.filter((x) => x.kind === 'unpriced');
    expect(v.map((x) => x.component)).toEqual(['llm']);
    expect(v[0]!.message).toContain('the parts have no GPU server');
    expect(v[0]!.remedy).toMatch(/gpu-server-4c-32g: \{ kind: server, capexUsd: <USD per server>, cores: 4, memoryGiB: 32, gpus: 1, gpuMemoryGiB: \d+ \}/);

    const pricing = 'pricing:\n  onprem: { parts: { h100: { kind: server, capexUsd: 35000, cores: 16, memoryGiB: 128, gpus: 2, gpuMemoryGiB: 80, name: "2×H100 server" } } }\n';
    const priced = (await planProfileFile(profileFile(AGENT(pricing)), { target: 'onprem' }, null)).plan.phases[0]!;
    const llm = priced.components.find((c) => c.name === 'llm')!;
    expect(priced.violations.filter((x) => x.kind === 'unpriced')).toEqual([]);
    const lines = priced.bill!.lines.filter((l) => l.item === 'onprem.server');
    // Only the GPU server: the agent's pods need GPUs, so the 4-core seed server is not bought. Two 1-GPU pods a server.
    expect(lines.map((l) => [l.description.split(':')[0], l.quantity])).toEqual([['2×H100 server', Math.ceil(llm.replicas / 2)]]);
    expect(priced.bill!.capex).toBe(Math.ceil(llm.replicas / 2) * 35000);
  });

  it('a GPU server with too little GPU memory for the model share does not hold the pod', async () => {
    const pricing = 'pricing:\n  onprem: { parts: { l4: { kind: server, capexUsd: 9000, cores: 16, memoryGiB: 64, gpus: 1, gpuMemoryGiB: 24 } } }\n';
    const phase = (await planProfileFile(profileFile(AGENT(pricing)), { target: 'onprem' }, null)).plan.phases[0]!;
    const v = phase.violations.filter((x) => x.kind === 'unpriced');
    expect(v.map((x) => x.component)).toEqual(['llm']);
    expect(v[0]!.message).toContain('the parts hold 16 cores / 64 GiB / 1 GPU of 24 GiB');
  });
});
