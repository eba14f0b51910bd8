/**
 * The price stage: a planned phase → its monthly bill. Cloud: the pods of every self-run
 * component are bin-packed onto node pools of the cheapest fitting instance type; managed
 * PostgreSQL and Redis, block storage, provisioned IOPS, egress, the load balancer and the
 * control plane are added as priced lines. On-prem: servers, drives (NVMe, SSD, HDD), NAS, NICs
 * and a switch at indicative street prices or the profile's own, amortised. Every line keeps its unit price, source and date.
 */
import { requestsOf, sidecarPods } from '../plan/footprint.js';
import type { Bill, BillLine, ComponentPlan, PhasePlan, Plan, Violation } from '../plan/types.js';
import { formatBytes, formatNumber, formatUsd } from '../units/format.js';
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
import { binPack, type NodeOverhead } from './binpack.js';
import { capacityLine, hasOverhead, missingDaemonsetsWarning, nodeDaemonsets, type DaemonsetsInput, type NodeDaemonsets } from './daemonsets.js';
import type { PodGroup } from './zone-packing.js';
import { onpremDrives } from './onprem-drives.js';
import { onpremServerPools } from './onprem-servers.js';
import { mayHaveVolumes, storageLines } from './storage-lines.js';
import { catalogAsOf, disclaimersFor, findSource, listInstances } from './catalog.js';
import type { Arch, Catalog, InstanceType, OnpremPart, Provider } from './catalog-types.js';

/** Where and how a plan is priced. */
export interface BillOptions {
  target: 'cloud' | 'onprem';
  provider: Provider;
  region: string;
  catalog: Catalog;
  /** The images' CPU architecture: the node types the pools may use (default amd64; `pricing.arch`). */
  arch?: Arch;
  /** The daemonsets on every node (`pricing.daemonsets`); absent: the provider's cited default, or none with a warning (daemonsets.ts). */
  daemonsets?: DaemonsetsInput;
}

/** Something of one component's that the bill could not price, why, and (when known) what to write to price it. */
interface Unpriced {
  component: string;
  what: string;
  why: string;
  remedy?: string;
}

const UNPRICED_REMEDY = 'give it resources an instance type of the region fits, choose another region or provider, or supply its price in the profile pricing: section';

/** What prices an unpriced line of this item: the profile's pricing: key for it (and, for a disk, a device class the catalog prices). */
function unpricedRemedy(item: string, catalog: BillOptions['catalog'], provider: string): string | undefined {
  if (item === 'blockStorage') {
    const classes = [...new Set(catalog.unitPrices.filter((u) => u.provider === provider && u.item === 'blockStorage' && u.variant !== null && u.usd !== null).map((u) => u.variant!))];
    return `${classes.length ? `use a device class the catalog prices on ${provider} (${classes.join(', ')}), ` : ''}supply its price as pricing.storage.usdPerGiBMonth, or choose another provider`;
  }
  if (item === 'blockStorageIops') return 'supply its price as pricing.storage.iopsUsdPerMonth, or choose another provider';
  if (item === 'blockStorageThroughput') return 'supply its price as pricing.storage.throughputUsdPerMiBsMonth, or choose another provider';
  if (item.startsWith('egress')) return 'supply its price as pricing.egress.internetUsdPerGiB (interZoneUsdPerGiB, interRegionUsdPerGiB), or choose another provider';
  return undefined;
}

/**
 * Prices every phase of a plan. A component whose cost the bill leaves out (its pods fit no
 * instance type, no price for its managed service, storage or disk) is a violation of the phase:
 * the bill's total is then a lower bound and says so.
 */
export function pricePlan(plan: Plan, opts: BillOptions): Plan {
  return { ...plan, phases: plan.phases.map((p) => pricePhasePlan(p, opts)) };
}

/** One phase of pricePlan's plan: the phase with its bill, and a violation for each item it cannot price. */
export function pricePhasePlan(p: PhasePlan, opts: BillOptions): PhasePlan {
  const { bill, unpriced } = pricePhase(p, opts);
  return unpriced.length === 0 ? { ...p, bill } : { ...p, bill, violations: [...p.violations, ...unpricedViolations(p, bill, unpriced)] };
}

/** The monthly bill of one phase (alone, without a phase to carry violations: what it leaves out is among its warnings). */
export function priceBill(phase: PhasePlan, opts: BillOptions): Bill {
  const { bill, unpriced } = pricePhase(phase, opts);
  if (unpriced.length === 0) return bill;
  return { ...bill, warnings: [...(bill.warnings as string[]), ...unpriced.map((u) => `${u.component}: ${u.what} not priced (${u.why})${u.remedy ? `; ${u.remedy}` : ''}`)] };
}

/** One region's bill and what it leaves out, × the regions when the phase has several (plan/regions.ts). */
function pricePhase(phase: PhasePlan, opts: BillOptions): { bill: Bill; unpriced: Unpriced[] } {
  const one = opts.target === 'onprem' ? onpremBill(phase, opts) : cloudBill(phase, opts);
  if (!phase.regions) return one;
  const bill = timesRegions(one.bill, phase.regions.count);
  if (opts.target === 'onprem' || phase.regions.count < 2) return { ...one, bill };
  // The catalog prices one region per provider: say so where the profile runs in others.
  const names = phase.regions.names.length ? ` (${phase.regions.names.join(', ')})` : '';
  const warning = `${phase.regions.count === 2 ? 'both' : `all ${phase.regions.count}`} regions${names} are priced at ${opts.provider} ${opts.region} prices, the catalog's one region for ${opts.provider}: prices in other regions differ`;
  return { ...one, bill: { ...bill, warnings: [...((bill.warnings as string[] | undefined) ?? []), warning] } };
}

/**
 * A region's bill × R: every region runs the same stack (the components are sized per region),
 * so every line's quantity and cost, the per-component charges, the packing waste and the capex
 * are R times one region's. Packing (nodes per pool) stays one region's, as the bill says.
 */
export function timesRegions(bill: Bill, regions: number): Bill {
  const lines = bill.lines.map((l) => ({ ...l, quantity: l.quantity * regions, monthly: l.monthly * regions, description: `${l.description} (× ${regions} regions)` }));
  const times = (v: unknown) => (typeof v === 'number' ? v * regions : v);
  const byComponent = bill.byComponent && typeof bill.byComponent === 'object'
    ? Object.fromEntries(Object.entries(bill.byComponent as Record<string, number>).map(([k, v]) => [k, v * regions]))
    : bill.byComponent;
  return {
    ...bill,
    lines,
    monthly: lines.reduce((sum, l) => sum + l.monthly, 0),
    regions,
    ...(bill.byComponent !== undefined ? { byComponent } : {}),
    ...(bill.packingWaste !== undefined ? { packingWaste: times(bill.packingWaste) } : {}),
    ...(bill.shared !== undefined ? { shared: times(bill.shared) } : {}),
    ...(bill.capex !== undefined ? { capex: times(bill.capex) } : {}),
  };
}

/** One violation per component the bill leaves out (shared services without a dated price stay notes: they are the catalog's gap, the same for every plan). */
function unpricedViolations(phase: PhasePlan, bill: Bill, unpriced: readonly Unpriced[]): Violation[] {
  const byComponent = new Map<string, Unpriced[]>();
  for (const u of unpriced) byComponent.set(u.component, [...(byComponent.get(u.component) ?? []), u]);
  return [...byComponent].map(([name, items]) => ({
    component: name,
    kind: 'unpriced' as const,
    message: `not priced: ${items.map((u) => `${u.what} (${u.why})`).join('; ')}; the bill of ${formatUsd(bill.monthly)} per month leaves it out and is a lower bound`,
    remedy: [...new Set(items.map((u) => u.remedy ?? UNPRICED_REMEDY))].join('; '),
    path: phase.components.find((c) => c.name === name)?.path ?? `components.${name}`,
  }));
}

/** Whether a component runs as pods or machines of ours (not managed, not a link or a disk). */
function runsItself(c: ComponentPlan): boolean {
  return !c.managed && c.kind !== 'network' && c.kind !== 'disk';
}

/** Components that run as pods or machines of ours. */
function selfRun(phase: PhasePlan): ComponentPlan[] {
  return phase.components.filter(runsItself);
}

/**
 * The components a cloud bill prices by role, found in one pass (a pass a role read each of a
 * phase's thousands of component objects again): those that run themselves, the managed ones,
 * those of a kind with volumes and those that send bytes to the internet, each in the phase's order.
 */
function cloudRoles(phase: PhasePlan): { selfRunning: ComponentPlan[]; managed: ComponentPlan[]; stored: ComponentPlan[]; egress: ComponentPlan[] } {
  const selfRunning: ComponentPlan[] = [];
  const managed: ComponentPlan[] = [];
  const stored: ComponentPlan[] = [];
  const egress: ComponentPlan[] = [];
  for (let i = 0; i < phase.components.length; i++) {
    const c = phase.components[i]!;
    if (runsItself(c)) selfRunning.push(c);
    if (c.managed) managed.push(c);
    if (mayHaveVolumes(c)) stored.push(c);
    if ((c.egressBytesPerMonth ?? 0) > 0) egress.push(c);
  }
  return { selfRunning, managed, stored, egress };
}

type Packing = { packed: ReturnType<typeof binPack>; compute: ReturnType<typeof allocateCompute> };
/**
 * Packings remembered per catalog (at most PACK_CACHE_SIZE, of PACK_CACHE_GROUPS pod groups in
 * all), found by provider, region, architecture and a fingerprint of the pod groups, then
 * checked group by group: a key of the groups as JSON cost a 5,000 × 20 plan ~40 ms and 11 MB of
 * strings, ~0.5 M characters a phase that no later phase matches.
 */
const packCache = new WeakMap<Catalog, { packings: Map<string, { groups: readonly PodGroup[]; result: Packing }[]>; size: number; groups: number }>();
const PACK_CACHE_SIZE = 256;
/** The groups kept for checking, in all: about what the JSON keys' 1 M characters held (~100 a group). */
const PACK_CACHE_GROUPS = 10_000;

const GIB_BYTES = 2 ** 30;

/**
 * A summary of pod groups that equal groups always share (not the reverse: sameGroups decides).
 * Math.imul keeps the running hash a 32-bit integer; the float sums catch requests that differ.
 */
function fingerprint(groups: readonly PodGroup[]): string {
  let h = groups.length;
  let requests = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    h = (Math.imul(h, 31) + g.count + g.component.length * 7 + g.gpus * 13 + g.zones) | 0;
    requests += (i + 1) * (g.cpuCores + g.memoryBytes / GIB_BYTES + (g.gpuMemoryBytes ?? 0) / GIB_BYTES);
  }
  return `${groups.length}|${h}|${requests}`;
}
/** Whether two lists of pod groups ask for the same pods, group by group (what the packing depends on). */
function sameGroups(a: readonly PodGroup[], b: readonly PodGroup[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.component !== y.component || x.count !== y.count || x.cpuCores !== y.cpuCores || x.memoryBytes !== y.memoryBytes ||
      x.gpus !== y.gpus || x.zones !== y.zones || x.gpuMemoryBytes !== y.gpuMemoryBytes) return false;
  }
  return true;
}

/**
 * The node pools of a phase's pods and the compute cost allocated from them. They depend only on
 * the pod groups and the instance types, so a run that prices many plans of the same stack (a
 * runway's months, a Monte Carlo's samples, whose replica counts repeat) packs each distinct set
 * of pod groups once; the results are read, never changed, and so are the groups kept to check
 * a match (cloudBill makes them afresh for every call).
 */
function packedPools(groups: readonly PodGroup[], instances: readonly InstanceType[], opts: BillOptions, overhead: NodeOverhead): Packing {
  const arch = opts.arch ?? 'amd64';
  const key = `${opts.provider}|${opts.region}|${arch}|${overhead.cpuCores}|${overhead.memoryBytes}|${overhead.pods}|${fingerprint(groups)}`;
  let cache = packCache.get(opts.catalog);
  if (!cache) packCache.set(opts.catalog, (cache = { packings: new Map(), size: 0, groups: 0 }));
  const bucket = cache.packings.get(key);
  if (bucket) for (let i = 0; i < bucket.length; i++) if (sameGroups(bucket[i]!.groups, groups)) return bucket[i]!.result;
  const packed = binPack(groups, instances, { arch, overhead });
  const result = { packed, compute: allocateCompute(packed.pools, groups, instances, opts.catalog.fallbackUnitPrices, opts.catalog.hoursPerMonth, { arch, overhead }) };
  if (cache.size >= PACK_CACHE_SIZE || cache.groups + groups.length > PACK_CACHE_GROUPS) {
    cache.packings.clear();
    cache.size = 0;
    cache.groups = 0;
  }
  const entries = cache.packings.get(key);
  if (entries) entries.push({ groups, result });
  else cache.packings.set(key, [{ groups, result }]);
  cache.size += 1;
  cache.groups += groups.length;
  return result;
}

function cloudBill(phase: PhasePlan, opts: BillOptions): { bill: Bill; unpriced: Unpriced[] } {
  const scope = { provider: opts.provider, region: opts.region };
  const instances = listInstances(scope, opts.catalog);
  const warnings: string[] = [];
  const defaulted: string[] = [];
  const { selfRunning, managed, stored, egress: egressBy } = cloudRoles(phase);
  const zones = phase.targets.zones;
  const groups: PodGroup[] = [];
  // The components with sidecar pods (a cache's Sentinels), and their names: charged to the component below.
  const sidecarOwners: { owner: string; sidecars: string[] }[] = [];
  for (let i = 0; i < selfRunning.length; i++) {
    const c = selfRunning[i]!;
    const r = requestsOf(c);
    if (r.defaulted) defaulted.push(c.name);
    const group: PodGroup = { component: c.name, count: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes, gpus: c.resources.gpus, zones };
    // An agent's GPUs must each hold its share of the model (detail.gpuMemoryPerGpu): GPUs of less memory are not a price for it.
    if (c.resources.gpus > 0 && typeof c.detail.gpuMemoryPerGpu === 'number') group.gpuMemoryBytes = c.detail.gpuMemoryPerGpu;
    groups.push(group);
    const sidecars = sidecarPods(c);
    for (let j = 0; j < sidecars.length; j++) {
      const p = sidecars[j]!;
      groups.push({ component: p.name, count: p.count, cpuCores: p.cpuCores, memoryBytes: p.memoryBytes, gpus: 0, zones });
    }
    if (sidecars.length > 0) sidecarOwners.push({ owner: c.name, sidecars: sidecars.map((p) => p.name) });
  }
  const daemonsets = nodeDaemonsets(opts.daemonsets, 'cloud', opts.provider);
  const { packed, compute } = packedPools(groups, instances, opts, daemonsets.overhead);
  if (defaulted.length) warnings.push(`default requests per replica for ${defaulted.join(', ')} (set resources.cpu and resources.memory)`);
  if (groups.length > 0) {
    const missing = missingDaemonsetsWarning(daemonsets, 'cloud', opts.provider);
    if (missing) warnings.push(missing);
  }

  const lines: PricedLine[] = [...nodePoolLines(packed.pools, opts.catalog.hoursPerMonth)];
  // Each component's cost, by name (a Map: a phase's thousands of names make an object a slow dictionary).
  // Copied by forEach: the Map constructor walks an iterable, an iterator result and an entry pair per name.
  const byComponent = new Map<string, number>();
  compute.byComponent.forEach((usd, name) => byComponent.set(name, usd));
  const charge = (name: string, usd: number) => byComponent.set(name, (byComponent.get(name) ?? 0) + usd);
  // A component's sidecar pods are charged to the component.
  for (const { owner, sidecars } of sidecarOwners) {
    for (const side of sidecars) {
      const usd = byComponent.get(side);
      if (usd === undefined) continue;
      charge(owner, usd);
      byComponent.delete(side);
    }
  }
  const own = (name: string, priced: readonly PricedLine[]) => {
    for (let i = 0; i < priced.length; i++) {
      lines.push({ ...priced[i]!, component: name });
      charge(name, priced[i]!.monthly);
    }
  };
  // A managed service is priced as the instance its requests fit: defaulted requests choose it, so they are warned of as a pod's are.
  const managedDefaulted: string[] = [];
  for (const c of managed) {
    const r = requestsOf(c);
    if (r.defaulted && (c.kind === 'database' || (c.kind === 'cache' && c.detail.nodeMemory === undefined))) managedDefaulted.push(c.name);
    if (c.kind === 'database') {
      own(c.name, managedPostgresLines(scope, { role: `${c.name} (${c.topology})`, nodes: c.replicas, cpuCores: r.cpuCores, memoryBytes: r.memoryBytes }, opts.catalog));
    } else if (c.kind === 'cache') {
      const shards = Number(c.detail.shards ?? 1);
      own(c.name, managedRedisLines(scope, { shards, replicasPerShard: Number(c.detail.replicasPerShard ?? 0), memoryBytes: Number(c.detail.nodeMemory ?? r.memoryBytes) }, opts.catalog));
    }
  }
  if (managedDefaulted.length) warnings.push(`default requests per node for managed ${managedDefaulted.join(', ')}, priced as the instance they fit (set resources.cpu and resources.memory)`);
  // Block storage: each component's volumes for the data it holds in this phase, at 80 % full.
  const storage = storageLines(phase, scope, opts.catalog, stored);
  // Each line already names its component (storageLines): kept as it is, not copied again by own()
  // to set the same name (~9,500 copies at 5,000 × 20).
  for (let i = 0; i < storage.length; i++) {
    const line = storage[i]!;
    lines.push(line);
    charge(line.component!, line.monthly);
  }
  // Egress: the network components' bytes to the internet, priced together (tiers count the total), charged by share.
  const egressUnpriced: Unpriced[] = [];
  const egress = egressBy.reduce((s, c) => s + c.egressBytesPerMonth!, 0);
  if (egress > 0) {
    const priced = egressLines(scope, { internetBytes: egress }, opts.catalog);
    lines.push(...priced);
    const cost = priced.reduce((s, l) => s + l.monthly, 0);
    if (priced.some((l) => l.unitPrice === null)) for (const c of egressBy) egressUnpriced.push({ component: c.name, what: 'its egress', why: priced.find((l) => l.unitPrice === null)!.note?.replace(/^unpriced: /, '') ?? 'no price', remedy: unpricedRemedy('egressInternet', opts.catalog, opts.provider)! });
    for (const c of egressBy) charge(c.name, (cost * c.egressBytesPerMonth!) / egress);
  }
  const services = serviceLines(scope, { loadBalancers: groups.length > 0 ? 1 : 0, controlPlanes: groups.length > 0 ? 1 : 0 }, opts.catalog, opts.catalog.hoursPerMonth);
  lines.push(...services);
  // A component's own unpriced line is a violation (pricePlan); shared lines without a price are noted.
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.unitPrice === null && l.component === undefined) warnings.push(`${l.description}: ${l.note ?? 'unpriced'}`);
  }
  const unpriced: Unpriced[] = [
    ...packed.unplaceable.map((u) => ({ component: u.component, what: `its ${u.pool} pods`, why: u.reason, ...(u.remedy ? { remedy: u.remedy } : {}) })),
    ...lines.filter((l) => l.unitPrice === null && l.component !== undefined).map((l) => {
      const remedy = unpricedRemedy(l.item, opts.catalog, opts.provider);
      return { component: l.component!, what: l.description, why: (l.note ?? 'unpriced').replace(/^unpriced: /, ''), ...(remedy ? { remedy } : {}) };
    }),
    ...egressUnpriced,
  ];

  const bill = finish(lines, opts, {
    byComponent: sortedRecord(byComponent),
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
    ...(groups.length > 0 ? daemonsetsField(daemonsets, opts.provider) : {}),
    warnings,
  });
  return { bill, unpriced };
}

/**
 * The bill's `daemonsets`, only when they take something off a node (a bill without them reads
 * as before): their sum a node, each one's requests, where they come from, and the bill's line
 * on node capacity (`summary`).
 */
function daemonsetsField(d: NodeDaemonsets, provider: string): { daemonsets?: Record<string, unknown> } {
  const summary = capacityLine(d, provider);
  if (summary === null || !hasOverhead(d.overhead)) return {};
  return {
    daemonsets: {
      basis: d.basis,
      cpuCores: d.overhead.cpuCores,
      memoryBytes: d.overhead.memoryBytes,
      pods: d.overhead.pods,
      each: d.daemonsets,
      ...(d.sources.length ? { sources: d.sources } : {}),
      summary,
    },
  };
}

/**
 * The map as an object, its keys in code-unit order (what `<` compares; sort's default order for
 * strings). Set key by key: Object.fromEntries gave the object a new shape per key, 5.6 ms for
 * 1,000 components against 0.8 ms (cold, one call each in fresh processes). The keys are component
 * names, DNS labels, so none is `__proto__`, which an assignment would take for the prototype.
 */
function sortedRecord(values: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of [...values.keys()].sort()) out[name] = values.get(name)!;
  return out;
}

/**
 * The on-prem build: the pods packed onto servers as a cloud bill packs them onto instance types
 * (onpremServerPools: the catalog's server parts and the profile's, a GPU pool of GPU servers),
 * a drive per disk device by the part of its device class (onprem-drives.ts), a NAS for the
 * drives, a 10GbE NIC per server and a switch when a link is 10GbE or faster. Capex is spread
 * over the amortisation period. A pod no server part holds is unpriced, with the server to add.
 */
function onpremBill(phase: PhasePlan, opts: BillOptions): { bill: Bill; unpriced: Unpriced[] } {
  const parts = opts.catalog.onprem.parts;
  const part = (kind: OnpremPart['kind']) => parts.find((p) => p.kind === kind);
  const items: { partId: string; quantity: number }[] = [];
  const warnings: string[] = [];
  const unpriced: Unpriced[] = [];
  const serverNotes = new Map<string, string>();
  const daemonsetsOut: { daemonsets?: Record<string, unknown> } = {};
  let servers = 0;
  const comps = selfRun(phase).concat(phase.components.filter((c) => c.managed && (c.kind === 'database' || c.kind === 'cache')));
  if (comps.length) {
    const defaulted = comps.filter((c) => requestsOf(c).defaulted).map((c) => c.name);
    if (defaulted.length) warnings.push(`default requests per replica for ${defaulted.join(', ')} (set resources.cpu and resources.memory)`);
    const daemonsets = nodeDaemonsets(opts.daemonsets, 'onprem', opts.provider);
    const missing = missingDaemonsetsWarning(daemonsets, 'onprem', opts.provider);
    if (missing) warnings.push(missing);
    Object.assign(daemonsetsOut, daemonsetsField(daemonsets, 'on-prem'));
    const packing = onpremServerPools(comps, parts, opts.catalog.onprem.amortisationMonths, opts.catalog.hoursPerMonth, daemonsets.overhead);
    unpriced.push(...packing.unpriced);
    for (const pool of packing.pools) {
      // The design's machines (targets.nodes) are bought at least, in the general pool.
      const count = pool.pool === 'general' ? Math.max(pool.nodes, phase.nodes ?? 0) : pool.nodes;
      items.push({ partId: pool.server.id, quantity: count });
      servers += count;
      serverNotes.set(pool.server.id, serversNote(pool.nodes, pool.pool === 'general' ? phase.nodes : null, pool.cpuCores, pool.memoryBytes, pool.server, pool.pods));
      warnings.push(`${pool.pool === 'gpu' ? 'GPU servers' : 'servers'} sized for ${formatNumber(pool.cpuCores)} cores and ${formatBytes(pool.memoryBytes)} of requests${pool.gpus ? ` and ${pool.gpus} GPUs` : ''} on ${pool.server.name}`);
    }
  }
  const disks = phase.components.filter((c) => c.kind === 'disk');
  const drives = onpremDrives(disks, parts);
  items.push(...drives.items);
  unpriced.push(...drives.unpriced);
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
  const lines = onpremLines(items, opts.catalog, opts.catalog.onprem.amortisationMonths).map((l, i) => {
    const note = l.item === 'onprem.server' ? serverNotes.get(items[i]!.partId) : undefined;
    return note === undefined ? l : { ...l, note: l.note ? `${note}; ${l.note}` : note };
  });
  const capex = lines.reduce((s, l) => s + (l.capexUsd ?? 0), 0);
  return { bill: finish(lines, opts, { capex, amortisationMonths: opts.catalog.onprem.amortisationMonths, ...daemonsetsOut, warnings }), unpriced };
}

/**
 * What the server count rests on, and how it compares with the machines the design gives
 * (targets.nodes): `needed` is the servers first-fit decreasing packs the pods onto (binpack.ts),
 * at least max(⌈requested cores / cores per server⌉, ⌈requested memory / memory per server⌉);
 * with fewer nodes, the requests overcommit them by cores ÷ (nodes × cores each).
 */
export function serversNote(needed: number, nodes: number | null, cpuCores: number, memoryBytes: number, server: OnpremPart, pods?: number): string {
  const cores = server.cores ?? 1;
  const gpus = server.gpus ? ` / ${server.gpus} GPU${server.gpus === 1 ? '' : 's'}` : '';
  const what = pods === undefined ? `${formatNumber(cpuCores)} requested cores and ${formatBytes(memoryBytes)}`
    : `${formatNumber(pods)} pod${pods === 1 ? '' : 's'} requesting ${formatNumber(cpuCores)} cores and ${formatBytes(memoryBytes)}`;
  const basis = `${what} need ${needed} × ${cores} cores / ${server.memoryGiB ?? '?'} GiB${gpus}`;
  if (nodes === null) return basis;
  if (nodes >= needed) return `${basis}; the design's ${nodes} (targets.nodes) hold them`;
  const over = cpuCores / (nodes * cores);
  return `${basis}; the design's ${nodes} (targets.nodes) would run them ${formatNumber(over)}× overcommitted on ${nodes * cores} cores`;
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
