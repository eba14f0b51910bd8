// The order in which binPack's first fit places a pool's pods on nodes of one type: pod groups
// largest first, as runs of same-shaped pods. Pure.
import { byCodePoint } from './compare.js';
import type { ResourceVector } from './lower-bound.js';

/** Schedulable capacity of one node (allocatable, less any daemonset overhead given), its Pod limit and GPU memory. */
export interface Capacity extends ResourceVector {
  pods: number;
  gpuMemoryBytes: number;
}

/** What first fit needs of a pod group: its name and one pod's requests. */
export interface PodShape {
  component: string;
  count: number;
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
}

/** A pod's size on a node of capacity c: its dominant share (of CPU, memory, GPUs and the Pod limit). */
function sizeIn(c: Capacity): (g: PodShape) => number {
  return (g) => Math.max(
    c.cpuCores > 0 ? g.cpuCores / c.cpuCores : 0,
    c.memoryBytes > 0 ? g.memoryBytes / c.memoryBytes : 0,
    c.gpus > 0 ? g.gpus / c.gpus : 0,
    1 / c.pods,
  );
}

/**
 * Groups largest first (by dominant share of a node of capacity c), then by name. The groups are
 * bucketed by size (a pool's pods come in few shapes) and each bucket kept in name order, which
 * is the order of that comparison sort at the cost of one pass.
 */
export function packingOrder(groups: readonly PodShape[], c: Capacity): PodShape[] {
  const size = sizeIn(c);
  const bySize = new Map<number, PodShape[]>();
  let named = true;
  groups.forEach((g, i) => {
    const key = size(g);
    const bucket = bySize.get(key);
    if (bucket) bucket.push(g);
    else bySize.set(key, [g]);
    if (i > 0 && byCodePoint(groups[i - 1]!.component, g.component) >= 0) named = false;
  });
  const sizes = [...bySize.keys()].sort((a, b) => b - a);
  const order: PodShape[] = [];
  for (let k = 0; k < sizes.length; k++) {
    const bucket = bySize.get(sizes[k]!)!;
    if (!named) bucket.sort((a, b) => byCodePoint(a.component, b.component));
    for (let i = 0; i < bucket.length; i++) order.push(bucket[i]!);
  }
  return order;
}

/** Pods of one shape (the requests of `g`) to place in a row, and how many in each zone. */
export interface Run {
  g: PodShape;
  share: readonly number[];
  /** The index of g's shape among the pool's (equal requests, equal index), when runsByType made the run. */
  shape?: number;
}

/** CPU requests are counted in multiples of 2^-20 of a core when mergeRuns merges. */
const CPU_GRAIN = 2 ** 20;

/** Whether mergeRuns may merge the groups' runs: the sums of their requests are exact (see there). */
export function exactSums(groups: readonly PodShape[]): boolean {
  let cpu = 0;
  let memory = 0;
  let gpus = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (!Number.isInteger(g.cpuCores * CPU_GRAIN) || !Number.isInteger(g.memoryBytes) || !Number.isInteger(g.gpus)) return false;
    cpu += g.count * g.cpuCores * CPU_GRAIN;
    memory += g.count * g.memoryBytes;
    gpus += g.count * g.gpus;
  }
  return Math.max(cpu, memory, gpus) < 2 ** 53;
}

/**
 * The packing order as runs, consecutive groups of one shape (CPU, memory and GPUs asked) merged
 * into one run: first fit of their pods group after group is first fit of as many pods of one
 * group, since pods of one shape are alike. Merged only when the sums are exact (CPU a multiple
 * of 2^-20 cores, memory whole bytes, GPUs whole, the pool's totals below 2^53 of those), so
 * that a node's use is the same double whichever chunks it was added in and the count is the one
 * of the groups placed one by one.
 */
export function mergeRuns(order: readonly PodShape[], shares: Map<string, number[]>, zones: number, exact: boolean): Run[] {
  if (!exact) return order.map((x) => ({ g: x, share: shares.get(x.component)! }));
  const runs: { g: PodShape; share: number[] }[] = [];
  for (let i = 0; i < order.length; i++) {
    const g = order[i]!;
    const last = runs[runs.length - 1];
    const share = shares.get(g.component)!;
    if (last && last.g.cpuCores === g.cpuCores && last.g.memoryBytes === g.memoryBytes && last.g.gpus === g.gpus) {
      for (let z = 0; z < zones; z += 1) last.share[z]! += share[z]!;
    } else {
      runs.push({ g, share: share.slice() });
    }
  }
  return runs;
}

/** mergeRuns of the groups `order` indexes, each run told its shape's index (`shapeOf`, by group): the same runs, merged where the shape is the same. */
function mergeIndexed(groups: readonly PodShape[], order: readonly number[], shapeOf: readonly number[], shares: readonly (readonly number[])[], zones: number, exact: boolean): Run[] {
  if (!exact) return order.map((i) => ({ g: groups[i]!, share: shares[i]!, shape: shapeOf[i]! }));
  const runs: { g: PodShape; share: number[]; shape: number }[] = [];
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const g = groups[i]!;
    const last = runs[runs.length - 1];
    const share = shares[i]!;
    // Equal shape indices are equal requests (runsByType keys them by the requests).
    if (last && last.shape === shapeOf[i]) {
      for (let z = 0; z < zones; z += 1) last.share[z]! += share[z]!;
    } else {
      runs.push({ g, share: share.slice(), shape: shapeOf[i]! });
    }
  }
  return runs;
}


/**
 * mergeRuns of packingOrder(groups, c) for each instance type's capacity c, computed from the
 * pool's few pod shapes: a group's size depends only on its shape (CPU, memory, GPUs), so the
 * order is fixed by how the shapes' sizes rank (ties included). A type whose shapes rank as the
 * type's before gets the same runs (most of a pool's types give one of two orders); otherwise
 * the groups are bucketed by their shape's rank in one pass, each bucket in name order, as
 * packingOrder does. The runs are read, never changed, by first fit. `shares[i]`: groups[i]'s
 * pods in each zone (zoneShares).
 */
export function runsByType(groups: readonly PodShape[], shares: readonly (readonly number[])[], zones: number, exact: boolean): (c: Capacity) => Run[] {
  const shapes: PodShape[] = [];
  // Keyed by the requests themselves (Map keys compare as ===, 0 and −0 alike): writing a double as
  // a string for a key took most of this function's time on 5,000 groups.
  const shapeIndex = new Map<number, Map<number, Map<number, number>>>();
  const shapeOf = groups.map((g) => {
    let byMemory = shapeIndex.get(g.cpuCores);
    if (!byMemory) shapeIndex.set(g.cpuCores, (byMemory = new Map()));
    let byGpus = byMemory.get(g.memoryBytes);
    if (!byGpus) byMemory.set(g.memoryBytes, (byGpus = new Map()));
    let i = byGpus.get(g.gpus);
    if (i === undefined) {
      byGpus.set(g.gpus, (i = shapes.length));
      shapes.push(g);
    }
    return i;
  });
  const named = groups.every((g, i) => i === 0 || byCodePoint(groups[i - 1]!.component, g.component) < 0);
  // The runs of each ranking met so far: a pool's types give few, and may come back to one.
  const byRanks = new Map<string, Run[]>();
  return (c) => {
    const size = sizeIn(c);
    const sizes = shapes.map(size);
    // Each shape's rank among the distinct sizes, largest first (a Map, like packingOrder's buckets).
    const distinct = [...new Set(sizes)].sort((a, b) => b - a);
    const rankOf = new Map(distinct.map((s, r) => [s, r]));
    const ranks = sizes.map((s) => rankOf.get(s)!);
    const key = ranks.join(',');
    const known = byRanks.get(key);
    if (known) return known;
    const buckets: number[][] = distinct.map(() => []);
    for (let i = 0; i < groups.length; i += 1) buckets[ranks[shapeOf[i]!]!]!.push(i);
    const order: number[] = [];
    for (let b = 0; b < buckets.length; b++) {
      const bucket = buckets[b]!;
      if (!named) bucket.sort((x, y) => byCodePoint(groups[x]!.component, groups[y]!.component));
      for (let i = 0; i < bucket.length; i++) order.push(bucket[i]!);
    }
    const runs = mergeIndexed(groups, order, shapeOf, shares, zones, exact);
    byRanks.set(key, runs);
    return runs;
  };
}
