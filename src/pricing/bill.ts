/**
 * The price stage: a planned phase → its monthly bill. Cloud: the pods of every self-run
 * component are bin-packed onto node pools of the cheapest fitting instance type; managed
 * PostgreSQL and Redis, block storage, provisioned IOPS, egress, the load balancer and the
 * control plane are added as priced lines. On-prem: servers, NVMe drives, NAS, NICs and a switch
 * at indicative street prices, amortised. Every line keeps its unit price, source and date.
 */
import type { Bill, BillLine, ComponentPlan, PhasePlan, Plan } from '../plan/types.js';
import { formatBytes, formatNumber } from '../units/format.js';
import {
  blockStorageLines,
  egressLines,
  managedPostgresLines,
  managedRedisLines,
  nodePoolLines,
  onpremLines,
  serviceLines,
  type PricedLine,
} from './bill-lines.js';
import { binPack, type PodGroup } from './binpack.js';
import { catalogAsOf, disclaimersFor, findSource, listInstances } from './catalog.js';
import type { Catalog, OnpremPart, Provider } from './catalog-types.js';

/** Where and how a plan is priced. */
export interface BillOptions {
  target: 'cloud' | 'onprem';
  provider: Provider;
  region: string;
  catalog: Catalog;
}

const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** Requests per replica used when a profile gives no resources (stated on the bill). */
export const DEFAULT_RESOURCES: Readonly<Record<string, { cpuCores: number; memoryBytes: number }>> = {
  service: { cpuCores: 0.5, memoryBytes: 512 * MIB },
  adapter: { cpuCores: 0.25, memoryBytes: 256 * MIB },
  worker: { cpuCores: 0.5, memoryBytes: 512 * MIB },
  agent: { cpuCores: 1, memoryBytes: 2 * GIB },
  database: { cpuCores: 2, memoryBytes: 8 * GIB },
  cache: { cpuCores: 1, memoryBytes: 4 * GIB },
};

/** The most pods bin-packed for a bill; past it (a plan with absurd sizes) node pools are left unpriced. */
export const MAX_PACKED_PODS = 20_000;

/** Fill level block volumes are provisioned to (the disk kind's default). */
const VOLUME_FILL = 0.8;

/** Prices every phase of a plan. */
export function pricePlan(plan: Plan, opts: BillOptions): Plan {
  return { ...plan, phases: plan.phases.map((p) => ({ ...p, bill: priceBill(p, opts) })) };
}

/** The monthly bill of one phase. */
export function priceBill(phase: PhasePlan, opts: BillOptions): Bill {
  return opts.target === 'onprem' ? onpremBill(phase, opts) : cloudBill(phase, opts);
}

function resourcesOf(c: ComponentPlan): { cpuCores: number; memoryBytes: number; defaulted: boolean } {
  const d = DEFAULT_RESOURCES[c.kind] ?? DEFAULT_RESOURCES.service!;
  const cpuCores = c.resources.cpuCores ?? d.cpuCores;
  const memoryBytes = c.resources.memoryBytes ?? d.memoryBytes;
  return { cpuCores, memoryBytes, defaulted: c.resources.cpuCores === null || c.resources.memoryBytes === null };
}

/** Components that run as pods or machines of ours (not managed, not links or disks). */
function selfRun(phase: PhasePlan): ComponentPlan[] {
  return phase.components.filter((c) => !c.managed && c.kind !== 'network' && c.kind !== 'disk');
}

function cloudBill(phase: PhasePlan, opts: BillOptions): Bill {
  const scope = { provider: opts.provider, region: opts.region };
  const instances = listInstances(scope, opts.catalog);
  const warnings: string[] = [];
  const defaulted: string[] = [];
  const groups: PodGroup[] = selfRun(phase).map((c) => {
    const r = resourcesOf(c);
    if (r.defaulted) defaulted.push(c.name);
    return { component: c.name, count: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes, gpus: c.resources.gpus, zones: phase.targets.zones };
  });
  const pods = groups.reduce((n, g) => n + g.count, 0);
  const packed = pods <= MAX_PACKED_PODS ? binPack(groups, instances) : { pools: [], unplaceable: [], monthlyUsd: 0 };
  if (pods > MAX_PACKED_PODS) warnings.push(`${formatNumber(pods)} pods are more than the ${formatNumber(MAX_PACKED_PODS)} capplan packs onto nodes: node pools are not priced (see the plan's violations)`);
  for (const u of packed.unplaceable) warnings.push(`${u.component}: not placed on any ${opts.provider} ${opts.region} ${u.pool} instance (${u.reason})`);
  if (defaulted.length) warnings.push(`default requests per replica for ${defaulted.join(', ')} (set resources.cpu and resources.memory)`);

  const lines: PricedLine[] = [...nodePoolLines(packed.pools, opts.catalog.hoursPerMonth)];
  const byComponent = allocatePools(packed.pools, groups);
  for (const c of phase.components.filter((k) => k.managed)) {
    const r = resourcesOf(c);
    let own: PricedLine[] = [];
    if (c.kind === 'database') {
      own = managedPostgresLines(scope, { role: `${c.name} (${c.topology})`, nodes: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes }, opts.catalog);
    } else if (c.kind === 'cache') {
      const shards = Number(c.detail.shards ?? 1);
      own = managedRedisLines(scope, { shards, replicasPerShard: Number(c.detail.replicasPerShard ?? 0), memoryBytes: Number(c.detail.nodeMemory ?? r.memoryBytes) }, opts.catalog);
    }
    lines.push(...own);
    byComponent[c.name] = (byComponent[c.name] ?? 0) + own.reduce((sum, l) => sum + l.monthly, 0);
  }
  // Block storage: each database node holds its shard's data; disks provision data ÷ fill.
  let storageBytes = 0;
  let iops = 0;
  let volumes = 0;
  for (const c of phase.components) {
    if (c.storageBytes === null || c.storageBytes <= 0) continue;
    if (c.kind === 'database') {
      storageBytes += (c.storageBytes / Number(c.detail.shards ?? 1)) * c.replicas;
      volumes += c.replicas;
    } else if (c.kind === 'disk') {
      storageBytes += c.storageBytes / VOLUME_FILL;
      iops += Number(c.detail.iops ?? 0);
      volumes += c.replicas;
    }
  }
  if (storageBytes > 0) lines.push(...blockStorageLines(scope, { capacityBytes: storageBytes, ...(iops > 0 ? { iops: Math.ceil(iops), volumes } : {}) }, opts.catalog));
  const egress = phase.components.reduce((s, c) => s + (c.egressBytesPerMonth ?? 0), 0);
  if (egress > 0) lines.push(...egressLines(scope, { internetBytes: egress }, opts.catalog));
  lines.push(...serviceLines(scope, { loadBalancers: groups.length > 0 ? 1 : 0, controlPlanes: groups.length > 0 ? 1 : 0 }, opts.catalog, opts.catalog.hoursPerMonth));
  for (const l of lines) if (l.unitPrice === null) warnings.push(`${l.description}: ${l.note ?? 'unpriced'}`);

  return finish(lines, opts, {
    byComponent: Object.fromEntries(Object.entries(byComponent).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    packing: packed.pools.map((p) => ({
      pool: p.pool,
      instance: p.instance.name,
      nodes: p.nodeCount,
      nodesPerZone: p.nodesPerZone,
      utilization: p.utilisation,
      wastedFraction: p.wastedFraction,
      monthly: p.monthlyUsd,
      lowerBound: p.lowerBound.monthlyUsd,
      ratioToLowerBound: p.ratioToLowerBound,
      components: p.components,
    })),
    warnings,
  });
}

/*
 * Cost allocation (as Kubecost and OpenCost do it): each pool's monthly cost is split over its
 * components in proportion to the larger of their shares of the pool's requested CPU and memory,
 * normalised so the shares sum to one. Storage, egress and shared services stay unallocated.
 */
function allocatePools(pools: readonly { monthlyUsd: number; components: string[] }[], groups: readonly PodGroup[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pool of pools) {
    const members = groups.filter((g) => pool.components.includes(g.component));
    const cpu = members.reduce((s, g) => s + g.count * g.cpuCores, 0);
    const memory = members.reduce((s, g) => s + g.count * g.memoryBytes, 0);
    const shares = members.map((g) => Math.max(cpu > 0 ? (g.count * g.cpuCores) / cpu : 0, memory > 0 ? (g.count * g.memoryBytes) / memory : 0));
    const total = shares.reduce((s, x) => s + x, 0);
    members.forEach((g, i) => {
      out[g.component] = (out[g.component] ?? 0) + (total > 0 ? (pool.monthlyUsd * shares[i]!) / total : 0);
    });
  }
  return out;
}

/**
 * The on-prem build: servers enough for the requested cores and memory (the catalog's server
 * part), NVMe drives for nvme disks, a NAS for the drives, a 10GbE NIC per server and a switch
 * when a link is 10GbE or faster. Capex is spread over the amortisation period.
 */
function onpremBill(phase: PhasePlan, opts: BillOptions): Bill {
  const parts = opts.catalog.onprem.parts;
  const part = (kind: OnpremPart['kind']) => parts.find((p) => p.kind === kind);
  const items: { partId: string; quantity: number }[] = [];
  const warnings: string[] = [];
  const server = part('server');
  let servers = 0;
  const comps = selfRun(phase).concat(phase.components.filter((c) => c.managed && (c.kind === 'database' || c.kind === 'cache')));
  if (server && comps.length) {
    const cpu = comps.reduce((s, c) => s + c.replicas * resourcesOf(c).cpuCores, 0);
    const memory = comps.reduce((s, c) => s + c.replicas * resourcesOf(c).memoryBytes, 0);
    servers = Math.max(1, Math.ceil(cpu / (server.cores ?? 1) - 1e-9), Math.ceil(memory / ((server.memoryGiB ?? 1) * GIB) - 1e-9));
    items.push({ partId: server.id, quantity: servers });
    warnings.push(`servers sized for ${cpu.toFixed(2)} cores and ${formatBytes(memory)} of requests on ${server.name}`);
  }
  const disks = phase.components.filter((c) => c.kind === 'disk');
  const nvme = part('nvme');
  const nvmeDevices = disks.filter((c) => c.detail.device === 'nvme').reduce((s, c) => s + c.replicas, 0);
  if (nvme && nvmeDevices > 0) items.push({ partId: nvme.id, quantity: nvmeDevices });
  for (const d of disks.filter((c) => c.detail.device !== 'nvme')) warnings.push(`${d.name}: no ${String(d.detail.device)} part in the on-prem catalog; add it with pricing.onprem.parts`);
  const nas = part('nas');
  const devices = disks.reduce((s, c) => s + c.replicas, 0);
  if (nas && devices > 0) items.push({ partId: nas.id, quantity: Math.ceil(devices / (nas.bays ?? devices)) });
  const fast = phase.components.some((c) => c.kind === 'network' && Number(c.detail.linkBytesPerSecond ?? 0) >= 10e9 / 8);
  const nic = part('nic');
  const sw = part('switch');
  if (fast && nic && servers > 0) {
    items.push({ partId: nic.id, quantity: servers });
    if (sw) {
      const ports = servers + (nas && devices > 0 ? 1 : 0);
      items.push({ partId: sw.id, quantity: Math.ceil(ports / (sw.ports10GbE ?? ports)) });
    }
  }
  const lines = onpremLines(items, opts.catalog, opts.catalog.onprem.amortisationMonths);
  const capex = lines.reduce((s, l) => s + (l.capexUsd ?? 0), 0);
  return finish(lines, opts, { capex, amortisationMonths: opts.catalog.onprem.amortisationMonths, warnings });
}

function finish(lines: readonly PricedLine[], opts: BillOptions, extra: Record<string, unknown> & { warnings: string[] }): Bill {
  const billLines: BillLine[] = lines.map(({ capexUsd: _capex, ...line }) => line);
  const sourceIds = [...new Set(lines.map((l) => l.source))].sort();
  const asOf = catalogAsOf({ provider: opts.target === 'onprem' ? 'onprem' : opts.provider }, opts.catalog);
  return {
    currency: 'USD',
    monthly: billLines.reduce((s, l) => s + l.monthly, 0),
    lines: billLines,
    target: opts.target,
    provider: opts.target === 'onprem' ? 'onprem' : opts.provider,
    region: opts.target === 'onprem' ? null : opts.region,
    pricesAsOf: asOf,
    sources: sourceIds.map((id) => ({ id, title: findSource(id, opts.catalog)?.title ?? id })),
    disclaimer: opts.target === 'cloud' ? (disclaimersFor([opts.provider], opts.catalog)[0] ?? null) : null,
    ...extra,
  };
}
