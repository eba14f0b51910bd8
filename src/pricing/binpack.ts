// Bin-packing of a plan's pods onto node pools: one general pool and, when some pods ask for
// GPUs, one GPU pool, each of the single instance type that minimises monthly cost while the
// zone spread of every component stays intact. Pure: instance types come in as data.
import { byCodePoint } from './compare.js';
import { HOURS_PER_MONTH } from './hours.js';
import type { InstanceType } from './catalog-types.js';
import { firstFitZone } from './first-fit.js';
import { exactSums, packingOrder, runsByType, type Capacity, type Run } from './pack-order.js';
import { unitPriceLowerBound, type PricedCapacity, type ResourceVector } from './lower-bound.js';

const GIB = 2 ** 30;
const EPS = 1e-9;

/** Identical pods of one component, spread evenly over `zones` zones. */
export interface PodGroup {
  component: string;
  count: number;
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
  zones: number;
  /** Memory each GPU must have, when the pod needs GPUs of a certain size. */
  gpuMemoryBytes?: number;
}

/** What daemonsets take on every node (requests), and how many Pods they are. */
export interface NodeOverhead {
  cpuCores: number;
  memoryBytes: number;
  pods: number;
}

/** Options of binPack. */
export interface BinPackOptions {
  /** Daemonset requests on every node; default none. */
  overhead?: NodeOverhead;
  /** Same node count in every zone of a pool (GKE regional pools, balanced ASGs); default true. */
  balanceZones?: boolean;
  /** Allow burstable (credit-based) types, whose CPU is not sustained; default false. */
  includeBurstable?: boolean;
  /** CPU architecture of the images; default 'amd64'. */
  arch?: 'amd64' | 'arm64' | 'any';
  hoursPerMonth?: number;
  /**
   * Build each node's placement (PoolPlan.nodes); default false: a bill reads the counts, and
   * the placements of an extreme profile's 2.9 million nodes took 1.4 GB.
   */
  placements?: boolean;
}

/** The pods on one node and what they request. */
export interface NodePlacement {
  zone: number;
  pods: { component: string; count: number }[];
  podCount: number;
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
}

/** Requested / schedulable capacity of the packed nodes, per resource (gpu null without GPUs). */
export interface Utilisation {
  cpu: number;
  memory: number;
  gpu: number | null;
}

/** Cheapest-unit-price lower bound of a pool (see unitPriceLowerBound). */
export interface PoolLowerBound {
  monthlyUsd: number;
  usdPerCoreHour: number;
  usdPerGiBHour: number;
  usdPerGpuHour: number;
}

/** One node pool: its instance type, nodes, placement, utilisation and cost. */
export interface PoolPlan {
  pool: 'general' | 'gpu';
  instance: InstanceType;
  components: string[];
  zones: number;
  nodeCount: number;
  nodesPerZone: number[];
  /** Each node's pods, in zone order: only with BinPackOptions.placements. */
  nodes?: NodePlacement[];
  /** Schedulable capacity of one node: allocatable minus daemonset overhead. */
  nodeCapacity: ResourceVector & { pods: number };
  utilisation: Utilisation;
  /** 1 − the utilisation of the most-used resource: the share of the binding resource left idle. */
  wastedFraction: number;
  hourlyUsd: number;
  monthlyUsd: number;
  lowerBound: PoolLowerBound;
  /** monthlyUsd / lowerBound.monthlyUsd (null when the bound is 0). */
  ratioToLowerBound: number | null;
  candidatesConsidered: number;
  candidatesFeasible: number;
}

/** A component none of the pool's instance types can hold, and why. */
export interface Unplaceable {
  component: string;
  pool: 'general' | 'gpu';
  reason: string;
}

/** Node pools, components that could not be placed, and the total monthly cost. */
export interface BinPackResult {
  pools: PoolPlan[];
  unplaceable: Unplaceable[];
  monthlyUsd: number;
}

/*
 * Even spread of n pods over z zones: zone k gets ⌊n/z⌋ pods, plus one for the n mod z zones
 * starting at `offset` (mod z), so remainders of successive components land on different zones.
 */
/** Pods per zone for n pods spread evenly over z zones, remainders from zone `offset` on (zeros after them up to `length`). */
export function splitOverZones(count: number, zones: number, offset = 0, length = zones): number[] {
  const base = Math.floor(count / zones);
  const rem = count % zones;
  // Padded with zeros to `length` zones (a pool's), allocated once: a phase splits thousands of groups.
  const out = new Array<number>(Math.max(length, zones)).fill(0, zones).fill(base, 0, zones);
  for (let j = 0; j < rem; j += 1) out[(offset + j) % zones]! += 1;
  return out;
}

/**
 * Packs pod groups onto node pools. GPU pods (gpus > 0) go to a GPU pool of instances with at
 * least as many GPUs (and enough GPU memory) as one pod asks; the others to a general pool of
 * instances without GPUs. For every candidate type of a pool the pods of each zone are packed
 * by first-fit decreasing (largest dominant share of the node first) on CPU, memory, GPUs and
 * Pod count, after daemonset overhead; the type with the lowest monthly cost wins (ties: fewer
 * nodes, then name).
 *
 * Guarantees: every pod of a placeable component is placed; no node exceeds its allocatable
 * (minus overhead) in any resource or its max Pods; each component's pods are split evenly over
 * its zones (so with zones > 1 and two or more pods they never all land on one node); every zone has
 * the nodes its share needs (with balanceZones, every zone of a pool has the same count); and
 * the cost is never below the pool's LP lower bound. FFD is a heuristic: in one dimension it
 * uses at most 11/9·OPT + 6/9 bins (Dósa 2007); for CPU × memory there is no such constant, so
 * ratioToLowerBound reports how far from the bound the packing is.
 */
export function binPack(groups: readonly PodGroup[], instances: readonly InstanceType[], options: BinPackOptions = {}): BinPackResult {
  for (const g of groups) validateGroup(g);
  const seen = new Set<string>();
  for (const g of groups) {
    if (seen.has(g.component)) throw new RangeError(`pod group ${g.component} appears twice: merge its pods into one group`);
    seen.add(g.component);
  }
  const live = [...groups].filter((g) => g.count > 0).sort((a, b) => byCodePoint(a.component, b.component));
  const pools: PoolPlan[] = [];
  const unplaceable: Unplaceable[] = [];
  for (const pool of ['general', 'gpu'] as const) {
    const members = live.filter((g) => (g.gpus > 0) === (pool === 'gpu'));
    if (members.length === 0) continue;
    const result = packPool(pool, members, instances, options);
    if (result.plan) pools.push(result.plan);
    unplaceable.push(...result.unplaceable);
  }
  return { pools, unplaceable, monthlyUsd: pools.reduce((s, p) => s + p.monthlyUsd, 0) };
}

function validateGroup(g: PodGroup): void {
  const ok = Number.isInteger(g.count) && g.count >= 0 && Number.isInteger(g.zones) && g.zones >= 1 &&
    Number.isInteger(g.gpus) && g.gpus >= 0 && g.cpuCores >= 0 && g.memoryBytes >= 0 && (g.gpuMemoryBytes ?? 0) >= 0;
  if (!ok) throw new RangeError(`pod group ${g.component}: count, gpus and zones must be whole numbers (zones ≥ 1), requests ≥ 0`);
}

function capacityOf(t: InstanceType, overhead: NodeOverhead): Capacity {
  const a = t.allocatable!;
  return {
    cpuCores: a.cpuCores - overhead.cpuCores,
    memoryBytes: a.memoryBytes - overhead.memoryBytes,
    pods: a.maxPods - overhead.pods,
    gpus: t.gpu?.count ?? 0,
    gpuMemoryBytes: t.gpu?.memoryGiB === null || t.gpu === null ? 0 : t.gpu.memoryGiB * GIB,
  };
}

function fits(g: PodGroup, c: Capacity): boolean {
  return g.cpuCores <= c.cpuCores + EPS && g.memoryBytes <= c.memoryBytes + EPS && g.gpus <= c.gpus &&
    c.pods >= 1 && (g.gpus === 0 || (g.gpuMemoryBytes ?? 0) <= c.gpuMemoryBytes);
}

/** The instance types a pool may use: with allocatable figures, GPUs only in the GPU pool, sustained CPU, the images' architecture. */
export function poolCandidates(pool: 'general' | 'gpu', instances: readonly InstanceType[], options: BinPackOptions = {}): InstanceType[] {
  const arch = options.arch ?? 'amd64';
  return instances.filter((t) =>
    t.allocatable !== null && (t.gpu !== null) === (pool === 'gpu') &&
    (options.includeBurstable === true || t.category !== 'burstable') &&
    (arch === 'any' || t.arch === arch));
}

/** Schedulable capacity of one node of a type: allocatable minus daemonset overhead. */
export function schedulableCapacity(t: InstanceType, options: BinPackOptions = {}): ResourceVector {
  const c = capacityOf(t, options.overhead ?? { cpuCores: 0, memoryBytes: 0, pods: 0 });
  return { cpuCores: c.cpuCores, memoryBytes: c.memoryBytes, gpus: c.gpus };
}

function packPool(pool: 'general' | 'gpu', members: PodGroup[], instances: readonly InstanceType[], options: BinPackOptions): { plan: PoolPlan | null; unplaceable: Unplaceable[] } {
  const overhead = options.overhead ?? { cpuCores: 0, memoryBytes: 0, pods: 0 };
  const candidates = poolCandidates(pool, instances, options);
  const where = instances[0] ? `${instances[0].provider} ${instances[0].region}` : 'the catalog';
  const unplaceable: Unplaceable[] = [];
  const capacities = new Map(candidates.map((t) => [t, capacityOf(t, overhead)]));
  const placeable = members.filter((g) => {
    if (candidates.some((t) => fits(g, capacities.get(t)!))) return true;
    unplaceable.push({ component: g.component, pool, reason: `no ${pool} instance type in ${where} fits one pod (${describe(g)}) after daemonset overhead` });
    return false;
  });
  const feasible = candidates.filter((t) => placeable.every((g) => fits(g, capacities.get(t)!)));
  if (placeable.length > 0 && feasible.length === 0) {
    for (const g of placeable) unplaceable.push({ component: g.component, pool, reason: `no single ${pool} instance type in ${where} fits every pod of the pool` });
    return { plan: null, unplaceable };
  }
  if (placeable.length === 0) return { plan: null, unplaceable };

  const hours = options.hoursPerMonth ?? HOURS_PER_MONTH;
  const zones = Math.max(...placeable.map((g) => g.zones));
  const perZone = zoneShares(placeable, zones);
  const balance = options.balanceZones ?? true;
  /*
   * Whatever the packing, a zone needs at least its pods' total CPU (memory, GPUs, pod count)
   * over one node's, with the packing's tolerance. A type whose cost at that many nodes already
   * exceeds the best packing found cannot win, and is not packed: types are tried in order of
   * that bound, so the cheap ones set the bar early. The winner is the same as trying every type
   * (the least cost, then fewest nodes, then name, does not depend on the order tried).
   */
  const needs = zoneDemand(placeable, perZone, zones);
  const runsOf = runsByType(placeable, perZone, zones, exactSums(placeable));
  const bounded = feasible.map((t, i) => {
    const c = capacities.get(t)!;
    return { t, c, i, floorUsd: nodesAtLeast(needs, c, balance) * t.hourlyUsd };
  }).sort((a, b) => a.floorUsd - b.floorUsd || a.i - b.i);
  let best: { t: InstanceType; c: Capacity; perZone: number[]; nodeCount: number } | null = null;
  for (const { t, c, floorUsd } of bounded) {
    const bestCost = best ? best.nodeCount * best.t.hourlyUsd : Infinity;
    if (floorUsd > bestCost + EPS) break;
    // A type whose node count already costs more than the best packing cannot win (nor tie): its
    // packing stops there (tooMany), since the count only grows as the zones are packed.
    const packed = countZones(runsOf(c), c, zones, balance, needs, (nodes) => nodes * t.hourlyUsd > bestCost + EPS);
    if (packed === null) continue;
    const cost = packed.nodeCount * t.hourlyUsd;
    if (!best || cost < bestCost - EPS ||
      (Math.abs(cost - bestCost) <= EPS && (packed.nodeCount < best.nodeCount ||
        (packed.nodeCount === best.nodeCount && byCodePoint(t.name, best.t.name) < 0)))) {
      best = { t, c, ...packed };
    }
  }
  const { t, c, nodeCount: n } = best!;
  // Only the winner's nodes are built, when asked: the same packing again, placing the pods.
  const nodes = options.placements ? packZones(placeable, perZone, c, zones, balance).nodes : undefined;
  const demand: ResourceVector = {
    cpuCores: sum(placeable, (g) => g.count * g.cpuCores),
    memoryBytes: sum(placeable, (g) => g.count * g.memoryBytes),
    gpus: sum(placeable, (g) => g.count * g.gpus),
  };
  const bound = unitPriceLowerBound(demand, candidates.map((x): PricedCapacity => ({ capacity: capacities.get(x)!, hourlyUsd: x.hourlyUsd })));
  const utilisation: Utilisation = {
    cpu: c.cpuCores > 0 ? demand.cpuCores / (n * c.cpuCores) : 0,
    memory: c.memoryBytes > 0 ? demand.memoryBytes / (n * c.memoryBytes) : 0,
    gpu: c.gpus > 0 ? demand.gpus / (n * c.gpus) : null,
  };
  const monthlyUsd = n * t.hourlyUsd * hours;
  const lowerBound = { monthlyUsd: bound.hourlyUsd * hours, usdPerCoreHour: bound.usdPerCoreHour, usdPerGiBHour: bound.usdPerGiBHour, usdPerGpuHour: bound.usdPerGpuHour };
  return {
    plan: {
      pool,
      instance: t,
      components: placeable.map((g) => g.component),
      zones,
      nodeCount: n,
      nodesPerZone: best!.perZone,
      ...(nodes ? { nodes } : {}),
      nodeCapacity: { cpuCores: c.cpuCores, memoryBytes: c.memoryBytes, gpus: c.gpus, pods: c.pods },
      utilisation,
      wastedFraction: 1 - Math.max(utilisation.cpu, utilisation.memory, utilisation.gpu ?? 0),
      hourlyUsd: n * t.hourlyUsd,
      monthlyUsd,
      lowerBound,
      ratioToLowerBound: lowerBound.monthlyUsd > 0 ? monthlyUsd / lowerBound.monthlyUsd : null,
      candidatesConsidered: candidates.length,
      candidatesFeasible: feasible.length,
    },
    unplaceable,
  };
}

/** One zone's total requests and pods. */
interface ZoneDemand {
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
  pods: number;
}

/** Each zone's total requests and pods. */
function zoneDemand(groups: readonly PodGroup[], shares: Map<string, number[]>, zones: number): ZoneDemand[] {
  const out = Array.from({ length: zones }, () => ({ cpuCores: 0, memoryBytes: 0, gpus: 0, pods: 0 }));
  for (const g of groups) {
    shares.get(g.component)!.forEach((n, z) => {
      out[z]!.cpuCores += n * g.cpuCores;
      out[z]!.memoryBytes += n * g.memoryBytes;
      out[z]!.gpus += n * g.gpus;
      out[z]!.pods += n;
    });
  }
  return out;
}

/** The fewest nodes of capacity c any packing of the zones' demand can use (every zone as full as the tolerance allows; balanced zones all as large as the largest). */
function nodesAtLeast(demand: readonly ZoneDemand[], c: Capacity, balance: boolean): number {
  // Rounded down a hair so that floating-point sums never lift the bound above a packing's count.
  const over = (total: number, capacity: number) => (total > 0 && capacity > 0 ? Math.ceil((total / capacity) * (1 - 1e-9)) : 0);
  const perZone = demand.map((d) => Math.max(over(d.cpuCores, c.cpuCores + EPS), over(d.memoryBytes, c.memoryBytes + EPS), over(d.gpus, c.gpus), over(d.pods, c.pods)));
  return balance ? perZone.length * Math.max(0, ...perZone) : perZone.reduce((a, b) => a + b, 0);
}

function zoneShares(groups: PodGroup[], zones: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let offset = 0;
  for (const g of groups) {
    out.set(g.component, splitOverZones(g.count, g.zones, offset % g.zones, zones));
    offset += g.count % g.zones;
  }
  return out;
}

/**
 * First-fit decreasing, zone by zone; pads zones to equal node counts when balancing.
 *
 * The pods of one group are identical, so they are placed a group at a time rather than one by
 * one, with the same result: first fit puts a pod on the first node with room, a node that has no
 * room for a pod of the group never regains it while the group is placed (nodes only fill), so
 * first fit fills the first node with room as far as it takes the group's pods, then the next,
 * and opens new nodes, each holding as many as fit an empty node, only for the rest. The first
 * node with room is found through a NodeTree (the nodes' least used CPU, memory, GPUs and pods),
 * which passes over runs of full nodes at once; the nodes it finds are the ones a scan from the
 * first node would, so the packing is unchanged. Exported for the test that holds it to the
 * pod-by-pod packing.
 */
export function packZones(groups: PodGroup[], shares: Map<string, number[]>, c: Capacity, zones: number, balance: boolean): { nodes: NodePlacement[]; perZone: number[]; nodeCount: number } {
  const byZone: NodePlacement[][] = [];
  const order = packingOrder(groups, c).map((g): Run => ({ g, share: shares.get(g.component)! }));
  for (let zone = 0; zone < zones; zone += 1) {
    const bins: NodePlacement[] = [];
    firstFitZone(order, zone, c, (bin, g, k) => {
      // Each node takes pods of g at most once (filled as far as it takes them): a new entry.
      if (bin === bins.length) bins.push({ zone, pods: [], podCount: 0, cpuCores: 0, memoryBytes: 0, gpus: 0 });
      const b = bins[bin]!;
      b.pods.push({ component: g.component, count: k });
      b.podCount += k;
      b.cpuCores += k * g.cpuCores;
      b.memoryBytes += k * g.memoryBytes;
      b.gpus += k * g.gpus;
    });
    byZone.push(bins);
  }
  const target = balance ? Math.max(...byZone.map((b) => b.length)) : 0;
  for (const [zone, bins] of byZone.entries()) {
    while (bins.length < target) bins.push({ zone, pods: [], podCount: 0, cpuCores: 0, memoryBytes: 0, gpus: 0 });
  }
  const nodes = byZone.flat();
  return { nodes, perZone: byZone.map((b) => b.length), nodeCount: nodes.length };
}

/**
 * Nodes per zone of packZones' packing (`order`: its groups as runs), without building the nodes
 * (for the types that do not win); null as soon as `tooMany` says of a lower bound on the pool's
 * node count that the type cannot win. The bound: a packed zone's nodes, the nodes a zone being
 * packed has opened so far (first fit never closes one) and, for the zones not yet packed, what
 * their demand needs at least (`needs`, as nodesAtLeast counts it); with balanced zones, every
 * zone as many as the largest.
 */
function countZones(order: readonly Run[], c: Capacity, zones: number, balance: boolean,
  needs: readonly ZoneDemand[], tooMany: (nodes: number) => boolean): { perZone: number[]; nodeCount: number } | null {
  const least = needs.map((d) => nodesAtLeast([d], c, false));
  const counts: number[] = [];
  for (let zone = 0; zone < zones; zone += 1) {
    // The bound with this zone at n nodes: the packed zones as counted, the later ones at least.
    let done = 0;
    let most = 0;
    for (let z = 0; z < zones; z += 1) {
      if (z === zone) continue;
      const n = z < zone ? counts[z]! : least[z]!;
      done += n;
      most = Math.max(most, n);
    }
    const bound = (n: number): number => (balance ? zones * Math.max(most, n) : done + n);
    if (tooMany(bound(least[zone]!))) return null;
    const count = firstFitZone(order, zone, c, undefined, (n) => tooMany(bound(n)), least[zone]!);
    if (count < 0) return null;
    counts.push(count);
  }
  const perZone = balance ? counts.map(() => Math.max(...counts)) : counts;
  return { perZone, nodeCount: perZone.reduce((a, b) => a + b, 0) };
}

function sum<T>(items: readonly T[], f: (x: T) => number): number {
  return items.reduce((s, x) => s + f(x), 0);
}

function describe(g: PodGroup): string {
  const parts = [`${g.cpuCores} cores`, `${(g.memoryBytes / GIB).toFixed(2)} GiB`];
  if (g.gpus > 0) parts.push(`${g.gpus} GPU${g.gpus > 1 ? 's' : ''}`);
  if (g.gpuMemoryBytes) parts.push(`${(g.gpuMemoryBytes / GIB).toFixed(0)} GiB per GPU`);
  return parts.join(', ');
}
