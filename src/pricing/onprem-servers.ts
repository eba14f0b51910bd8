// The servers of an on-prem build: the pods of the components run on our own machines, packed
// onto server parts (the catalog's and the profile's `pricing.onprem.parts` with kind: server)
// by the cloud bill's packer, so a pod is never split across servers and GPUs are bought only
// on servers that have them. Pure.
import { requestsOf, sidecarPods } from '../plan/footprint.js';
import type { ComponentPlan } from '../plan/types.js';
import { formatBytes, formatNumber } from '../units/format.js';
import { binPack, type NodeOverhead } from './binpack.js';
import type { InstanceType, OnpremPart } from './catalog-types.js';
import type { PodGroup } from './zone-packing.js';

const GIB = 2 ** 30;

/**
 * Pods one server runs at most: the kubelet's default `--max-pods` (110), which is also
 * Kubernetes' documented limit for large clusters ("no more than 110 pods per node").
 */
export const ONPREM_MAX_PODS = 110;

/** One pool of identical servers and what runs on it. */
export interface OnpremServerPool {
  pool: 'general' | 'gpu';
  server: OnpremPart;
  nodes: number;
  pods: number;
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
}

/** Something of a component's the servers cannot hold, why, and the server part that would. */
export interface OnpremUnplaced {
  component: string;
  what: string;
  why: string;
  remedy: string;
}

/**
 * A server part as an instance type of the packer: its cores and memory all schedulable (the
 * part gives what pods may use; reserve for the OS by giving less), ONPREM_MAX_PODS pods, its
 * GPUs, and an "hourly" price of its amortised capex (capex ÷ months ÷ hours per month), so the
 * packer's cheapest pool is the cheapest per month.
 */
function asInstance(p: OnpremPart, amortisationMonths: number, hoursPerMonth: number): InstanceType {
  const gpus = p.gpus ?? 0;
  return {
    provider: 'onprem' as InstanceType['provider'],
    region: 'parts',
    name: p.id,
    family: 'server',
    category: gpus > 0 ? 'gpu' : 'general',
    arch: 'amd64',
    vcpu: p.cores ?? 0,
    memoryGiB: p.memoryGiB ?? 0,
    gpu: gpus > 0 ? { count: gpus, model: p.name, memoryGiB: p.gpuMemoryGiB ?? Number.MAX_SAFE_INTEGER / GIB } : null,
    networkGbps: null,
    hourlyUsd: p.capexUsd / amortisationMonths / hoursPerMonth,
    allocatable: { cpuCores: p.cores ?? 0, memoryBytes: (p.memoryGiB ?? 0) * GIB, maxPods: ONPREM_MAX_PODS },
    source: p.source,
    asOf: p.asOf,
  };
}

/** The pod groups of the components (each component's pods and its sidecars), in one zone. */
function podGroups(comps: readonly ComponentPlan[]): PodGroup[] {
  const groups: PodGroup[] = [];
  for (const c of comps) {
    const r = requestsOf(c);
    const g: PodGroup = { component: c.name, count: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes, gpus: c.resources.gpus, zones: 1 };
    if (c.resources.gpus > 0 && typeof c.detail.gpuMemoryPerGpu === 'number') g.gpuMemoryBytes = c.detail.gpuMemoryPerGpu;
    groups.push(g);
    for (const p of sidecarPods(c)) groups.push({ component: p.name, count: p.count, cpuCores: p.cpuCores, memoryBytes: p.memoryBytes, gpus: 0, zones: 1 });
  }
  return groups;
}

/** A pod's requests, as the bill says them. */
function describePod(g: PodGroup): string {
  const gpus = g.gpus > 0 ? `, ${g.gpus} GPU${g.gpus === 1 ? '' : 's'}${g.gpuMemoryBytes ? ` of ${formatBytes(g.gpuMemoryBytes)}` : ''}` : '';
  return `${formatNumber(g.cpuCores)} cores, ${formatBytes(g.memoryBytes)}${gpus}`;
}

/** The YAML of a server part that holds a pod of these requests (whole cores and GiB, rounded up). */
function serverRemedy(pod: { cpuCores: number; memoryBytes: number; gpus: number; gpuMemoryBytes?: number }): string {
  const cores = Math.max(1, Math.ceil(pod.cpuCores - 1e-9));
  const memoryGiB = Math.max(1, Math.ceil(pod.memoryBytes / GIB - 1e-9));
  const gpu = pod.gpus > 0 ? `, gpus: ${pod.gpus}${pod.gpuMemoryBytes ? `, gpuMemoryGiB: ${Math.ceil(pod.gpuMemoryBytes / GIB - 1e-9)}` : ''}` : '';
  const id = `${pod.gpus > 0 ? 'gpu-server' : 'server'}-${cores}c-${memoryGiB}g`;
  return `add a server that holds it to the profile: pricing: { onprem: { parts: { ${id}: { kind: server, capexUsd: <USD per server>, cores: ${cores}, memoryGiB: ${memoryGiB}${gpu} } } } }`;
}

/**
 * Packs the components' pods onto the server parts: a general pool of servers without GPUs and
 * a GPU pool of servers with them, each of the one part whose servers cost least per month
 * (first-fit decreasing, binpack.ts). A component whose pod no part holds (or, in a pool, when
 * no one part holds every pod) is returned unplaced, with the server part to add. `overhead`:
 * the daemonsets on every server (pricing.daemonsets), taken off each part's cores, memory and
 * Pods; the server suggested then holds them too.
 */
export function onpremServerPools(
  comps: readonly ComponentPlan[],
  parts: readonly OnpremPart[],
  amortisationMonths: number,
  hoursPerMonth: number,
  overhead?: NodeOverhead,
): { pools: OnpremServerPool[]; unpriced: OnpremUnplaced[] } {
  const servers = parts.filter((p) => p.kind === 'server');
  const byId = new Map(servers.map((p) => [p.id, p]));
  const groups = podGroups(comps);
  const packed = binPack(groups, servers.map((p) => asInstance(p, amortisationMonths, hoursPerMonth)), { arch: 'any', hoursPerMonth, ...(overhead ? { overhead } : {}) });
  const pools = packed.pools.map((pool): OnpremServerPool => {
    const members = new Set(pool.components);
    const inPool = groups.filter((g) => members.has(g.component));
    return {
      pool: pool.pool,
      server: byId.get(pool.instance.name)!,
      nodes: pool.nodeCount,
      pods: inPool.reduce((s, g) => s + g.count, 0),
      cpuCores: inPool.reduce((s, g) => s + g.count * g.cpuCores, 0),
      memoryBytes: inPool.reduce((s, g) => s + g.count * g.memoryBytes, 0),
      gpus: inPool.reduce((s, g) => s + g.count * g.gpus, 0),
    };
  });
  const group = new Map(groups.map((g) => [g.component, g]));
  // The server to suggest holds the pod and the daemonsets beside it.
  const withOverhead = <T extends { cpuCores: number; memoryBytes: number }>(pod: T): T => (overhead ? { ...pod, cpuCores: pod.cpuCores + overhead.cpuCores, memoryBytes: pod.memoryBytes + overhead.memoryBytes } : pod);
  const unpriced = packed.unplaceable.map((u): OnpremUnplaced => {
    const g = group.get(u.component)!;
    const kind = u.pool === 'gpu' ? 'GPU server' : 'server';
    const held = servers.filter((p) => ((p.gpus ?? 0) > 0) === (u.pool === 'gpu'))
      .map((p) => `${p.cores ?? 0} cores / ${p.memoryGiB ?? 0} GiB${p.gpus ? ` / ${p.gpus} GPU${p.gpus === 1 ? '' : 's'}${p.gpuMemoryGiB ? ` of ${p.gpuMemoryGiB} GiB` : ''}` : ''}`);
    const parts = held.length === 0 ? `the parts have no ${kind}` : `the parts hold ${[...new Set(held)].sort().join(', ')}`;
    if (!u.reason.startsWith('no single')) {
      return { component: u.component, what: `its ${u.pool} pods`, why: `no ${kind} part of the on-prem catalog or the profile holds one pod (${describePod(g)}); ${parts}`, remedy: serverRemedy(withOverhead(g)) };
    }
    // Each pod fits some part, none fits them all: a server as large as the pool's largest pod in every request.
    const pool = groups.filter((x) => (x.gpus > 0) === (u.pool === 'gpu'));
    const largest = {
      cpuCores: Math.max(...pool.map((x) => x.cpuCores)),
      memoryBytes: Math.max(...pool.map((x) => x.memoryBytes)),
      gpus: Math.max(...pool.map((x) => x.gpus)),
      gpuMemoryBytes: Math.max(0, ...pool.map((x) => x.gpuMemoryBytes ?? 0)),
    };
    return { component: u.component, what: `its ${u.pool} pods`, why: `no single ${kind} part of the on-prem catalog or the profile holds every pod of the ${u.pool} pool; ${parts}`, remedy: serverRemedy(withOverhead(largest)) };
  });
  return { pools, unpriced };
}
