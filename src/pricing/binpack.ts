// Bin-packing of a plan's pods onto node pools: one general pool and, when some pods ask for
// GPUs, one GPU pool, each of the single instance type that minimises monthly cost while the
// zone spread of every component stays intact. Pure: instance types come in as data.
import { byCodePoint } from './compare.js';
import { HOURS_PER_MONTH } from './hours.js';
import type { Arch, InstanceType } from './catalog-types.js';
import { exactSums, packingOrder, runsByType, type Capacity, type Run } from './pack-order.js';
import { countZones, nodesAtLeast, packZones, zoneDemand, zoneShares, type NodePlacement, type PodGroup } from './zone-packing.js';
import { unitPriceLowerBound, type PricedCapacity, type ResourceVector } from './lower-bound.js';

const GIB = 2 ** 30;
const EPS = 1e-9;

/** What daemonsets take on every node (requests), and how many Pods they are. */
export interface NodeOverhead {
  cpuCores: number;
  memoryBytes: number;
  pods: number;
}

/** Options of binPack. */
export interface BinPackOptions {
  /**
   * Daemonset requests on every node; default none. The bill passes the profile's
   * `pricing.daemonsets` or the provider's cited default (daemonsets.ts): the catalog's
   * allocatable is after the kubelet's kube-reserved, system-reserved and eviction reservations,
   * not after daemonset pods. A type whose allocatable cannot hold them is no candidate.
   */
  overhead?: NodeOverhead;
  /** Same node count in every zone of a pool (GKE regional pools, balanced ASGs); default true. */
  balanceZones?: boolean;
  /** Allow burstable (credit-based) types, whose CPU is not sustained; default false. */
  includeBurstable?: boolean;
  /** CPU architecture of the images; default 'amd64'. */
  arch?: Arch;
  hoursPerMonth?: number;
  /**
   * Build each node's placement (PoolPlan.nodes); default false: a bill reads the counts, and
   * the placements of an extreme profile's 2.9 million nodes took 1.4 GB.
   */
  placements?: boolean;
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
  /** Schedulable capacity of one node: allocatable minus the daemonset overhead given (none by default). */
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
  /** What would price it, where the bill's general remedy does not say. */
  remedy?: string;
}

/** Node pools, components that could not be placed, and the total monthly cost. */
export interface BinPackResult {
  pools: PoolPlan[];
  unplaceable: Unplaceable[];
  monthlyUsd: number;
}

/**
 * Packs pod groups onto node pools. GPU pods (gpus > 0) go to a GPU pool of instances with at
 * least as many GPUs (and enough GPU memory) as one pod asks; the others to a general pool of
 * instances without GPUs. For every candidate type of a pool the pods of each zone are packed
 * by first-fit decreasing (largest dominant share of the node first) on CPU, memory, GPUs and
 * Pod count, in allocatable less any daemonset overhead given; the type with the lowest monthly cost wins (ties: fewer
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
  for (let i = 0; i < groups.length; i++) validateGroup(groups[i]!);
  const live = byName(groups).filter((g) => g.count > 0);
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

/**
 * The order of the last groups' names sorted (byName), with those names: a run prices the same
 * components phase after phase, whose groups come in the same order each time.
 */
let lastByName: { names: string[]; order: number[] } | null = null;

/**
 * The groups in name order; a RangeError when a name comes twice (the first that does, in the
 * groups' order). When the names are those of the last call, in the same order, the order found
 * then is reused: at 5,000 × 20, a Set of each phase's 5,000 names and a sort by name took ~35 ms
 * of profile, comparing the names with the last ones and reusing their order ~10 ms.
 */
function byName(groups: readonly PodGroup[]): PodGroup[] {
  const known = lastByName;
  let same = known !== null && known.names.length === groups.length;
  for (let i = 0; same && i < groups.length; i++) same = groups[i]!.component === known!.names[i];
  if (same) return known!.order.map((i) => groups[i]!);
  const order = groups.map((_, i) => i).sort((a, b) => byCodePoint(groups[a]!.component, groups[b]!.component));
  for (let k = 1; k < order.length; k++) {
    if (groups[order[k]!]!.component === groups[order[k - 1]!]!.component) throw repeated(groups);
  }
  lastByName = { names: groups.map((g) => g.component), order };
  return order.map((i) => groups[i]!);
}

/** The error of the first group, in order, whose name an earlier group has. */
function repeated(groups: readonly PodGroup[]): RangeError {
  const seen = new Set<string>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (seen.has(g.component)) return new RangeError(`pod group ${g.component} appears twice: merge its pods into one group`);
    seen.add(g.component);
  }
  throw new Error('unreachable: no name comes twice');
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

/**
 * A pod as large as the largest of the groups' in every request (GPU memory: of those asking
 * for GPUs): it fits a node exactly when every group's pod does, since each term of fits() is a
 * comparison a larger request can only fail.
 */
function largestPod(groups: readonly PodGroup[]): PodGroup {
  const out = { component: '', count: 0, cpuCores: -Infinity, memoryBytes: -Infinity, gpus: 0, zones: 1, gpuMemoryBytes: 0 };
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    out.cpuCores = Math.max(out.cpuCores, g.cpuCores);
    out.memoryBytes = Math.max(out.memoryBytes, g.memoryBytes);
    out.gpus = Math.max(out.gpus, g.gpus);
    if (g.gpus > 0) out.gpuMemoryBytes = Math.max(out.gpuMemoryBytes, g.gpuMemoryBytes ?? 0);
  }
  return out;
}

function fits(g: PodGroup, c: Capacity): boolean {
  return g.cpuCores <= c.cpuCores + EPS && g.memoryBytes <= c.memoryBytes + EPS && g.gpus <= c.gpus &&
    c.pods >= 1 && (g.gpus === 0 || (g.gpuMemoryBytes ?? 0) <= c.gpuMemoryBytes);
}

/**
 * The instance types a pool may use: with allocatable figures, GPUs only in the GPU pool,
 * sustained CPU, the images' architecture, and room left after the daemonsets (some CPU, some
 * memory and a Pod): a type the overhead fills or overfills holds no pod, and its negative
 * capacity would otherwise enter the lower bound and the unit prices.
 */
export function poolCandidates(pool: 'general' | 'gpu', instances: readonly InstanceType[], options: BinPackOptions = {}): InstanceType[] {
  const arch = options.arch ?? 'amd64';
  return instances.filter((t) =>
    t.allocatable !== null && (t.gpu !== null) === (pool === 'gpu') &&
    (options.includeBurstable === true || t.category !== 'burstable') &&
    (arch === 'any' || t.arch === arch) &&
    (options.overhead === undefined || holdsOverhead(t.allocatable, options.overhead)));
}

/** Whether a node's allocatable leaves some CPU, some memory and one Pod after the daemonsets. */
function holdsOverhead(a: NonNullable<InstanceType['allocatable']>, o: NodeOverhead): boolean {
  return a.cpuCores - o.cpuCores > EPS && a.memoryBytes - o.memoryBytes > EPS && a.maxPods - o.pods >= 1;
}

/** Schedulable capacity of one node of a type: allocatable minus the daemonset overhead given (none by default). */
export function schedulableCapacity(t: InstanceType, options: BinPackOptions = {}): ResourceVector {
  const c = capacityOf(t, options.overhead ?? { cpuCores: 0, memoryBytes: 0, pods: 0 });
  return { cpuCores: c.cpuCores, memoryBytes: c.memoryBytes, gpus: c.gpus };
}

/**
 * The type that won a pool's last packing, by the pool's first candidate type (an object of one
 * catalog, pool and architecture). A run prices many phases of one stack (a plan's phases, a
 * runway's months), whose pools mostly go to the same type; packed first, it sets the bar at the
 * winner's cost from the start, and every other type's packing stops (tooMany) as soon as its
 * nodes pass that, instead of at the best found so far: the types tried in order of their
 * bound were mostly cheaper-looking types that then lost, each packed in full. The winner is the
 * same whichever type is tried first (see packPool), so a hint that no longer wins costs one
 * packing and changes nothing else. 5,000 × 20: first fit placed 756,000 runs of pods in all,
 * now 571,000; countZones 330 → 269 ms of profile (3 interleaved runs on a loaded machine).
 */
const lastWinner = new WeakMap<InstanceType, InstanceType>();

function packPool(pool: 'general' | 'gpu', members: PodGroup[], instances: readonly InstanceType[], options: BinPackOptions): { plan: PoolPlan | null; unplaceable: Unplaceable[] } {
  const overhead = options.overhead ?? { cpuCores: 0, memoryBytes: 0, pods: 0 };
  const candidates = poolCandidates(pool, instances, options);
  const where = instances[0] ? `${instances[0].provider} ${instances[0].region}` : 'the catalog';
  const unplaceable: Unplaceable[] = [];
  const arch = options.arch ?? 'amd64';
  if (candidates.length === 0 && arch !== 'any' && poolCandidates(pool, instances, { ...options, arch: 'any' }).length > 0) {
    // The catalog has such nodes, none of the images' architecture (GCP and Azure have no Arm types in it).
    for (const g of members) unplaceable.push({ component: g.component, pool, reason: `the catalog has no ${arch} ${pool} instance type in ${where}`, remedy: `price on a provider whose catalog has ${arch} nodes (capplan catalog lists them), or set pricing.arch (or --arch) to any` });
    return { plan: null, unplaceable };
  }
  const capacities = new Map(candidates.map((t) => [t, capacityOf(t, overhead)]));
  // Say what the capacity is: allocatable (Kubernetes' reservations), less daemonsets only when the caller gave their requests.
  const withOverhead = overhead.cpuCores > 0 || overhead.memoryBytes > 0 || overhead.pods > 0 ? ' less daemonset overhead' : '';
  // The type that last held a pod is tried first: a pool's pods are mostly alike.
  let holds: Capacity | undefined;
  const placeable = members.filter((g) => {
    if (holds && fits(g, holds)) return true;
    holds = candidates.map((t) => capacities.get(t)!).find((c) => fits(g, c));
    if (holds) return true;
    unplaceable.push({ component: g.component, pool, reason: `no ${pool} instance type in ${where} fits one pod (${describe(g)}) in its allocatable${withOverhead}`, ...overheadRemedy(g, pool, instances, options) });
    return false;
  });
  const largest = largestPod(placeable);
  const feasible = placeable.length === 0 ? candidates : candidates.filter((t) => fits(largest, capacities.get(t)!));
  if (placeable.length > 0 && feasible.length === 0) {
    for (const g of placeable) unplaceable.push({ component: g.component, pool, reason: `no single ${pool} instance type in ${where} fits every pod of the pool` });
    return { plan: null, unplaceable };
  }
  if (placeable.length === 0) return { plan: null, unplaceable };

  const hours = options.hoursPerMonth ?? HOURS_PER_MONTH;
  let zones = 1;
  for (let i = 0; i < placeable.length; i++) zones = Math.max(zones, placeable[i]!.zones);
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
  // The pool's last winner is packed first (see lastWinner); the rest follow in order of the bound.
  const hint = lastWinner.get(candidates[0]!);
  const hinted = hint === undefined ? -1 : bounded.findIndex((b) => b.t === hint);
  if (hinted > 0) bounded.unshift(bounded.splice(hinted, 1)[0]!);
  let best: { t: InstanceType; c: Capacity; perZone: number[]; nodeCount: number } | null = null;
  for (const { t, c, floorUsd } of bounded) {
    const bestCost = best ? best.nodeCount * best.t.hourlyUsd : Infinity;
    if (floorUsd > bestCost + EPS) break;
    // A type whose node count already costs more than the best packing cannot win (nor tie): its
    // packing stops there (tooMany), since the count only grows as the zones are packed. Nor can a
    // type whose count can no longer cost less than the best and only ties it with as many nodes
    // or more (more, or as many and a later name): the tie goes to the best. Types of one family
    // cost alike per core, and their packings often tie: 1,000 × 1 packed a tying type's every
    // zone, now only until its count passes the best's (first fit 8,918 → 8,180 runs of pods).
    const holder = best;
    const packed = countZones(runsOf(c), c, zones, balance, needs, (nodes) => {
      const cost = nodes * t.hourlyUsd;
      return cost > bestCost + EPS || (holder !== null && cost >= bestCost - EPS &&
        (nodes > holder.nodeCount || (nodes === holder.nodeCount && byCodePoint(t.name, holder.t.name) >= 0)));
    });
    if (packed === null) continue;
    const cost = packed.nodeCount * t.hourlyUsd;
    if (!best || cost < bestCost - EPS ||
      (Math.abs(cost - bestCost) <= EPS && (packed.nodeCount < best.nodeCount ||
        (packed.nodeCount === best.nodeCount && byCodePoint(t.name, best.t.name) < 0)))) {
      best = { t, c, ...packed };
    }
  }
  const { t, c, nodeCount: n } = best!;
  lastWinner.set(candidates[0]!, t);
  // Only the winner's nodes are built, when asked: the same packing again, placing the pods.
  const nodes = options.placements ? packZones(placeable, perZone, c, zones, balance).nodes : undefined;
  const demand = totalRequests(placeable);
  // Every GPU pod needs GPUs of at least the least memory any of them asks (an agent's model share): cheaper GPUs of less memory bound nothing.
  let leastGpuMemory = Infinity;
  for (let i = 0; i < placeable.length; i++) if (placeable[i]!.gpus > 0) leastGpuMemory = Math.min(leastGpuMemory, placeable[i]!.gpuMemoryBytes ?? 0);
  const boundTypes = leastGpuMemory > 0 && Number.isFinite(leastGpuMemory) ? candidates.filter((x) => capacities.get(x)!.gpuMemoryBytes >= leastGpuMemory) : candidates;
  const bound = unitPriceLowerBound(demand, boundTypes.map((x): PricedCapacity => ({ capacity: capacities.get(x)!, hourlyUsd: x.hourlyUsd })));
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

/**
 * What prices a pod that some type's allocatable holds but none once the daemonsets are taken
 * off: the daemonsets (pricing.daemonsets) or the pod's requests; nothing when no type holds it
 * even without daemonsets (the bill's general remedy says what to do then).
 */
function overheadRemedy(g: PodGroup, pool: 'general' | 'gpu', instances: readonly InstanceType[], options: BinPackOptions): { remedy?: string } {
  const o = options.overhead;
  if (o === undefined || (o.cpuCores <= 0 && o.memoryBytes <= 0 && o.pods <= 0)) return {};
  const bare = poolCandidates(pool, instances, { ...options, overhead: undefined });
  const none = { cpuCores: 0, memoryBytes: 0, pods: 0 };
  if (!bare.some((t) => fits(g, capacityOf(t, none)))) return {};
  return { remedy: `the daemonsets' requests on every node (${o.cpuCores} cores, ${(o.memoryBytes / GIB).toFixed(2)} GiB, ${o.pods} Pods) leave no ${pool} instance type room for it: lower its resources, or check pricing.daemonsets against what the nodes run` };
}

/**
 * The pods' requests in all, summed group by group from 0 in the groups' order (each total as a
 * reduce over them sums it): one pass, where three reduces with a closure each took ~25 ms of
 * profile at 5,000 × 20.
 */
function totalRequests(groups: readonly PodGroup[]): ResourceVector {
  let cpuCores = 0;
  let memoryBytes = 0;
  let gpus = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    cpuCores += g.count * g.cpuCores;
    memoryBytes += g.count * g.memoryBytes;
    gpus += g.count * g.gpus;
  }
  return { cpuCores, memoryBytes, gpus };
}

function describe(g: PodGroup): string {
  const parts = [`${g.cpuCores} cores`, `${(g.memoryBytes / GIB).toFixed(2)} GiB`];
  if (g.gpus > 0) parts.push(`${g.gpus} GPU${g.gpus > 1 ? 's' : ''}`);
  if (g.gpuMemoryBytes) parts.push(`${(g.gpuMemoryBytes / GIB).toFixed(0)} GiB per GPU`);
  return parts.join(', ');
}
