/**
 * The price stage: a planned phase → its monthly bill. Cloud: the pods of every self-run
 * component are bin-packed onto node pools of the cheapest fitting instance type; managed
 * PostgreSQL and Redis, block storage, provisioned IOPS, egress, the load balancer and the
 * control plane are added as priced lines. On-prem: servers, NVMe drives, NAS, NICs and a switch
 * at indicative street prices, amortised. Every line keeps its unit price, source and date.
 */
import { requestsOf } from '../plan/footprint.js';
import type { Bill, BillLine, ComponentPlan, PhasePlan, Plan } from '../plan/types.js';
import { formatBytes, formatNumber } from '../units/format.js';
import { allocateCompute } from './allocation.js';
import {
  egressLines,
  managedPostgresLines,
  managedRedisLines,
  nodePoolLines,
  onpremLines,
  serviceLines,
  type PricedLine,
} from './bill-lines.js';
import { binPack, type PodGroup } from './binpack.js';
import { storageLines } from './storage-lines.js';
import { catalogAsOf, disclaimersFor, findSource, listInstances } from './catalog.js';
import type { Catalog, InstanceType, OnpremPart, Provider } from './catalog-types.js';

/** Where and how a plan is priced. */
export interface BillOptions {
  target: 'cloud' | 'onprem';
  provider: Provider;
  region: string;
  catalog: Catalog;
}

const GIB = 2 ** 30;

/** Prices every phase of a plan. */
export function pricePlan(plan: Plan, opts: BillOptions): Plan {
  return { ...plan, phases: plan.phases.map((p) => ({ ...p, bill: priceBill(p, opts) })) };
}

/** The monthly bill of one phase. */
export function priceBill(phase: PhasePlan, opts: BillOptions): Bill {
  return opts.target === 'onprem' ? onpremBill(phase, opts) : cloudBill(phase, opts);
}

/** Components that run as pods or machines of ours (not managed, not links or disks). */
function selfRun(phase: PhasePlan): ComponentPlan[] {
  return phase.components.filter((c) => !c.managed && c.kind !== 'network' && c.kind !== 'disk');
}

/** Packings remembered per catalog, by provider, region and pod groups (at most PACK_CACHE_SIZE). */
const packCache = new WeakMap<Catalog, Map<string, { packed: ReturnType<typeof binPack>; compute: ReturnType<typeof allocateCompute> }>>();
const PACK_CACHE_SIZE = 256;

/**
 * The node pools of a phase's pods and the compute cost allocated from them. They depend only on
 * the pod groups and the instance types, so a run that prices many plans of the same stack (a
 * runway's months, a Monte Carlo's samples, whose replica counts repeat) packs each distinct set
 * of pod groups once; the results are read, never changed.
 */
function packedPools(groups: readonly PodGroup[], instances: readonly InstanceType[], opts: BillOptions) {
  const key = `${opts.provider}|${opts.region}|${JSON.stringify(groups)}`;
  let cache = packCache.get(opts.catalog);
  if (!cache) packCache.set(opts.catalog, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const packed = binPack(groups, instances);
  const result = { packed, compute: allocateCompute(packed.pools, groups, instances, opts.catalog.fallbackUnitPrices, opts.catalog.hoursPerMonth) };
  if (cache.size >= PACK_CACHE_SIZE) cache.clear();
  cache.set(key, result);
  return result;
}

function cloudBill(phase: PhasePlan, opts: BillOptions): Bill {
  const scope = { provider: opts.provider, region: opts.region };
  const instances = listInstances(scope, opts.catalog);
  const warnings: string[] = [];
  const defaulted: string[] = [];
  const groups: PodGroup[] = selfRun(phase).map((c) => {
    const r = requestsOf(c);
    if (r.defaulted) defaulted.push(c.name);
    return { component: c.name, count: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes, gpus: c.resources.gpus, zones: phase.targets.zones };
  });
  const { packed, compute } = packedPools(groups, instances, opts);
  for (const u of packed.unplaceable) warnings.push(`${u.component}: not placed on any ${opts.provider} ${opts.region} ${u.pool} instance (${u.reason})`);
  if (defaulted.length) warnings.push(`default requests per replica for ${defaulted.join(', ')} (set resources.cpu and resources.memory)`);

  const lines: PricedLine[] = [...nodePoolLines(packed.pools, opts.catalog.hoursPerMonth)];
  const byComponent: Record<string, number> = { ...compute.byComponent };
  const own = (name: string, priced: readonly PricedLine[]) => {
    for (const l of priced) {
      lines.push({ ...l, component: name });
      byComponent[name] = (byComponent[name] ?? 0) + l.monthly;
    }
  };
  for (const c of phase.components.filter((k) => k.managed)) {
    const r = requestsOf(c);
    if (c.kind === 'database') {
      own(c.name, managedPostgresLines(scope, { role: `${c.name} (${c.topology})`, nodes: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes }, opts.catalog));
    } else if (c.kind === 'cache') {
      const shards = Number(c.detail.shards ?? 1);
      own(c.name, managedRedisLines(scope, { shards, replicasPerShard: Number(c.detail.replicasPerShard ?? 0), memoryBytes: Number(c.detail.nodeMemory ?? r.memoryBytes) }, opts.catalog));
    }
  }
  // Block storage: each component's volumes for the data it holds in this phase, at 80 % full.
  for (const l of storageLines(phase, scope, opts.catalog)) own(l.component!, [l]);
  // Egress: the network components' bytes to the internet, priced together (tiers count the total), charged by share.
  const egressBy = phase.components.filter((c) => (c.egressBytesPerMonth ?? 0) > 0);
  const egress = egressBy.reduce((s, c) => s + c.egressBytesPerMonth!, 0);
  if (egress > 0) {
    const priced = egressLines(scope, { internetBytes: egress }, opts.catalog);
    lines.push(...priced);
    const cost = priced.reduce((s, l) => s + l.monthly, 0);
    for (const c of egressBy) byComponent[c.name] = (byComponent[c.name] ?? 0) + (cost * c.egressBytesPerMonth!) / egress;
  }
  const services = serviceLines(scope, { loadBalancers: groups.length > 0 ? 1 : 0, controlPlanes: groups.length > 0 ? 1 : 0 }, opts.catalog, opts.catalog.hoursPerMonth);
  lines.push(...services);
  for (const l of lines) if (l.unitPrice === null) warnings.push(`${l.description}: ${l.note ?? 'unpriced'}`);

  return finish(lines, opts, {
    byComponent: Object.fromEntries(Object.entries(byComponent).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    packingWaste: compute.packingWaste,
    shared: services.reduce((s, l) => s + l.monthly, 0),
    allocation: {
      basis: 'requests × unit prices fixed per pool (the cheapest rate of any instance type at OpenCost’s default CPU : memory : GPU price ratio); pool cost beyond the requests is packingWaste',
      unitPrices: compute.unitPrices,
    },
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
    const cpu = comps.reduce((s, c) => s + c.replicas * requestsOf(c).cpuCores, 0);
    const memory = comps.reduce((s, c) => s + c.replicas * requestsOf(c).memoryBytes, 0);
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
