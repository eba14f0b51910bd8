import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPack, poolCandidates, type NodeOverhead } from '../../src/pricing/binpack.js';
import type { InstanceType } from '../../src/pricing/catalog-types.js';
import { missingDaemonsetsWarning, nodeDaemonsets } from '../../src/pricing/daemonsets.js';
import type { PodGroup } from '../../src/pricing/zone-packing.js';
import { runMain } from '../support/run-main.js';

const GiB = 2 ** 30;

/** A synthetic instance type whose allocatable is as given (easy arithmetic). */
function node(name: string, cores: number, memGiB: number, hourlyUsd: number, maxPods = 110): InstanceType {
  return {
    provider: 'aws', region: 'test-1', name, family: name.split('.')[0]!, category: 'general', arch: 'amd64', vcpu: cores, memoryGiB: memGiB,
    gpu: null, networkGbps: null, hourlyUsd,
    allocatable: { cpuCores: cores, memoryBytes: memGiB * GiB, maxPods },
    source: 'test', asOf: '2026-01-01',
  };
}

const pods = (count: number, cpuCores: number, memGiB: number): PodGroup => ({ component: 'api', count, cpuCores, memoryBytes: memGiB * GiB, gpus: 0, zones: 1 });
const NONE: NodeOverhead = { cpuCores: 0, memoryBytes: 0, pods: 0 };

describe('binPack with a daemonset overhead: hand-computed', () => {
  const t = node('t.xlarge', 4, 16, 0.2);

  it('holds 4 one-core pods a node without daemonsets, 3 once 150m CPU is taken off: 12 pods need 3 nodes, then 4', () => {
    // Without overhead: ⌊4 / 1⌋ = 4 pods a node → ⌈12 / 4⌉ = 3 nodes.
    const bare = binPack([pods(12, 1, 2)], [t]).pools[0]!;
    expect(bare.nodeCount).toBe(3);
    expect(bare.nodeCapacity).toEqual({ cpuCores: 4, memoryBytes: 16 * GiB, gpus: 0, pods: 110 });
    // With 150m CPU and 2 Pods of daemonsets: 3.85 cores left, ⌊3.85 / 1⌋ = 3 pods a node → ⌈12 / 3⌉ = 4 nodes.
    const o = { cpuCores: 0.15, memoryBytes: 0, pods: 2 };
    const packed = binPack([pods(12, 1, 2)], [t], { overhead: o }).pools[0]!;
    expect(packed.nodeCount).toBe(4);
    expect(packed.nodeCapacity.cpuCores).toBeCloseTo(3.85, 12);
    expect(packed.nodeCapacity.pods).toBe(108);
    // Utilisation is of what the pods can use: 12 cores / (4 × 3.85).
    expect(packed.utilisation.cpu).toBeCloseTo(12 / (4 * 3.85), 12);
  });

  it('counts the daemonsets\' Pods against max Pods: 6 Pods a node less 2 leaves 4 tiny pods', () => {
    const few = node('t.pods', 4, 16, 0.2, 6);
    expect(binPack([pods(12, 0.1, 0.1)], [few]).pools[0]!.nodeCount).toBe(2); // ⌈12 / 6⌉
    expect(binPack([pods(12, 0.1, 0.1)], [few], { overhead: { cpuCores: 0, memoryBytes: 0, pods: 2 } }).pools[0]!.nodeCount).toBe(3); // ⌈12 / 4⌉
  });

  it('gives the same packing with a zero overhead as with none', () => {
    const groups = [pods(12, 1, 2)];
    const types = [t, node('t.large', 2, 8, 0.1)];
    expect(binPack(groups, types, { overhead: NONE })).toEqual(binPack(groups, types));
  });
});

describe('binPack: a node too small for the daemonsets', () => {
  const tiny = node('t.nano', 0.5, 0.5, 0.005);
  const big = node('t.xlarge', 4, 16, 0.2);
  const o = { cpuCores: 0.6, memoryBytes: 0.25 * GiB, pods: 2 };

  it('is no candidate (never negative capacity) and is not bought, though it is the cheapest', () => {
    expect(poolCandidates('general', [tiny, big], { overhead: o }).map((x) => x.name)).toEqual(['t.xlarge']);
    const r = binPack([pods(3, 0.1, 0.1)], [tiny, big], { overhead: o });
    expect(r.unplaceable).toEqual([]);
    expect(r.pools[0]!.instance.name).toBe('t.xlarge');
    expect(r.pools[0]!.candidatesConsidered).toBe(1);
    expect(r.pools[0]!.lowerBound.monthlyUsd).toBeGreaterThan(0);
    // Without the daemonsets the tiny type holds those pods and wins.
    expect(binPack([pods(3, 0.1, 0.1)], [tiny, big]).pools[0]!.instance.name).toBe('t.nano');
  });

  it('leaves a pod that fits only without the daemonsets unpriced, with the remedy naming pricing.daemonsets', () => {
    const r = binPack([pods(2, 3.8, 1)], [big], { overhead: { cpuCores: 0.25, memoryBytes: 0, pods: 1 } });
    expect(r.pools).toEqual([]);
    expect(r.unplaceable).toHaveLength(1);
    expect(r.unplaceable[0]!.reason).toMatch(/in its allocatable less daemonset overhead$/);
    expect(r.unplaceable[0]!.remedy).toMatch(/pricing\.daemonsets/);
  });
});

describe('nodeDaemonsets: the profile\'s, else the cited default', () => {
  it('defaults aws to kube-proxy 100m and aws-node 50m, 2 Pods, citing their manifests', () => {
    const d = nodeDaemonsets(undefined, 'cloud', 'aws');
    expect(d.basis).toBe('default');
    expect(d.daemonsets.map((x) => x.name)).toEqual(['kube-proxy', 'aws-node']);
    expect(d.overhead.cpuCores).toBeCloseTo(0.15, 12);
    expect(d.overhead).toMatchObject({ memoryBytes: 0, pods: 2 });
    expect(d.sources.join(' ')).toMatch(/kube-proxy-ds\.yaml.*aws-k8s-cni\.yaml/);
    expect(missingDaemonsetsWarning(d, 'cloud', 'aws')).toBeNull();
  });

  it('has no default for gcp, azure or on-prem, and warns once naming the field', () => {
    for (const [target, provider] of [['cloud', 'gcp'], ['cloud', 'azure'], ['onprem', 'aws']] as const) {
      const d = nodeDaemonsets(undefined, target, provider);
      expect(d.basis).toBe('none');
      expect(d.overhead).toEqual(NONE);
      expect(missingDaemonsetsWarning(d, target, provider)).toMatch(/state them in pricing\.daemonsets/);
    }
  });

  it('takes the profile\'s list whole, summed; {} states none, without a warning', () => {
    const d = nodeDaemonsets({ 'kube-proxy': { cpu: 0.1, memory: 0, pods: 1 }, 'fluent-bit': { cpu: 0.1, memory: 200 * 2 ** 20, pods: 1 } }, 'cloud', 'aws');
    expect(d.basis).toBe('profile');
    expect(d.overhead).toEqual({ cpuCores: 0.2, memoryBytes: 200 * 2 ** 20, pods: 2 });
    const none = nodeDaemonsets({}, 'cloud', 'gcp');
    expect(none.overhead).toEqual(NONE);
    expect(missingDaemonsetsWarning(none, 'cloud', 'gcp')).toBeNull();
  });
});

describe('pricing.daemonsets through the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capplan-daemonsets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  // 8 one-core pods on the catalog's on-prem server (4 cores, 16 GiB, all given to pods).
  const onprem = (daemonsets: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 10 }
components:
  api: { kind: service, capacity: 100/s, resources: { cpu: 1, memory: 1Gi }, replicas: { min: 8, max: 8 } }
pricing:
  target: onprem
${daemonsets}`;

  const servers = async (path: string) => {
    const r = await runMain('plan', path, '--json');
    expect(r.code).toBe(0);
    const bill = JSON.parse(r.out).phases[0].bill;
    return { bill, count: bill.lines.find((l: { item: string }) => l.item === 'onprem.server').quantity as number };
  };

  it('buys 2 servers for 8 one-core pods without daemonsets and 3 with 100m of them (3 pods a server)', async () => {
    const bare = await servers(write('bare.yaml', onprem('  daemonsets: {}\n')));
    expect(bare.count).toBe(2);
    expect(bare.bill.daemonsets).toBeUndefined();
    expect(bare.bill.warnings.join('\n')).not.toMatch(/daemonset/);
    const withDs = await servers(write('ds.yaml', onprem('  daemonsets: { kube-proxy: { cpu: 100m, memory: 50Mi } }\n')));
    expect(withDs.count).toBe(3);
    expect(withDs.bill.daemonsets).toMatchObject({ basis: 'profile', cpuCores: 0.1, memoryBytes: 50 * 2 ** 20, pods: 1 });
    expect(withDs.bill.daemonsets.summary).toBe('node capacity: allocatable less daemonset overhead of 100m CPU, 50 MiB and 1 Pod a node (kube-proxy: pricing.daemonsets)');
  });

  it('warns once on-prem when no daemonsets are stated, and the text bill says nothing of daemonset overhead', async () => {
    const r = await runMain('plan', write('unstated.yaml', onprem('')));
    expect(r.code).toBe(0);
    expect(`${r.out}${r.err}`.replace(/\s+/g, ' ').match(/state them in pricing\.daemonsets/g)).toHaveLength(1);
    expect(r.out).not.toMatch(/less daemonset overhead/);
  });

  it('says "less daemonset overhead" under an aws bill\'s packing, with the default', async () => {
    const r = await runMain('plan', write('aws.yaml', `apiVersion: capplan/v1
name: t
workload: { rps: 10 }
components:
  api: { kind: service, capacity: 100/s, resources: { cpu: 1, memory: 1Gi } }
`));
    expect(r.code).toBe(0);
    expect(r.out.replace(/\s+/g, ' ')).toContain('node capacity: allocatable less daemonset overhead of 150m CPU and 2 Pods a node (kube-proxy, aws-node: the aws default');
    expect(`${r.out}${r.err}`).not.toMatch(/state them in pricing/);
  });

  it('refuses bad values with every problem positioned file:line:col path: message, exit 2', async () => {
    const path = write('bad.yaml', `apiVersion: capplan/v1
name: t
workload: { rps: 10 }
components:
  api: { kind: service, capacity: 100/s }
pricing:
  daemonsets:
    kube-proxy: { cpu: 100m }
    fluent-bit: { cpu: lots, memory: -5Mi }
    csi-node: { pods: 1.5, requests: 1 }
    aws-node: 50m
`);
    const r = await runMain('plan', path);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.split('\n');
    expect(lines).toContain(`${path}:9:24 pricing.daemonsets.fluent-bit.cpu: "lots": unknown name "lots"`);
    expect(lines).toContain(`${path}:9:38 pricing.daemonsets.fluent-bit.memory: must be at least 0 B (got -5,242,880 B)`);
    expect(lines).toContain(`${path}:10:23 pricing.daemonsets.csi-node.pods: 1.5 is not a whole number`);
    expect(lines).toContain(`${path}:10:28 pricing.daemonsets.csi-node.requests: unknown key "requests"`);
    expect(lines.some((l) => l.startsWith(`${path}:11:15 pricing.daemonsets.aws-node: `))).toBe(true);
  });
});
